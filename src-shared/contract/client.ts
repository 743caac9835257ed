// window.pos, built from the contract's method list over a transport: Electron IPC in the
// preload, HTTP in a browser (`pos serve`). The session token lives only in this closure: it is
// set by a successful login, sent with every call, and cleared by logout. The page never sees it:
// auth.login's and auth.me's answers reach it without the token, so in Electron, where this runs in
// the preload, no script of the page can read the token or carry it off (docs/DESKTOP.md).
//
// Every call answers a result, never a thrown error: a transport that throws (the IPC channel
// closed, the server gone, a page that is not the till's answer) or a call not answered in time
// is `UNREACHABLE`, which the screens show like any other refusal, with a way to try again.
import { failure, resultOf } from '../failure'
import {
  methodNames,
  sessionMethods,
  type CallResult,
  type MethodName,
  type PosApi,
  type SessionMethodName,
  type SessionView,
} from './index'

/**
 * Carries one call to the main side's dispatcher and brings its result back. `signal` aborts
 * when the till stops waiting (a transport that can cancel, like fetch, should).
 */
export type SendCall = (
  method: MethodName,
  token: string | null,
  input: unknown,
  signal: AbortSignal,
) => Promise<CallResult<unknown>>

/** How long the till waits for an answer before it tells the cashier the service cannot be reached. */
const defaultDeadlineMs = 15_000

/**
 * Calls that may rightly take longer: those that talk to Alipay (up to 15 s per gateway request)
 * and the CSV export of up to 50 000 orders. A pending trade's cancel, tried up to 4 times, can
 * outlast the screen's wait: the screen then says UNREACHABLE while the main process finishes
 * the cancel, and the cashier's retry finds its outcome (every such call is safe to repeat).
 */
const slowCallDeadlinesMs: Partial<Record<MethodName, number>> = {
  'orders.cancel': 45_000,
  'orders.exportCsv': 120_000,
  'payments.startAlipayQr': 45_000,
  'payments.payAlipayBarcode': 45_000,
  'payments.status': 45_000,
  'payments.refund': 45_000,
  'payments.matchDay': 45_000,
}

export const callDeadlineMs = (method: MethodName): number => slowCallDeadlinesMs[method] ?? defaultDeadlineMs

export function createPosApi(send: SendCall, deadlineMs: (method: MethodName) => number = callDeadlineMs): PosApi {
  let token: string | null = null

  async function call(method: MethodName, input: unknown): Promise<CallResult<unknown>> {
    try {
      const result = await sendWithin(deadlineMs(method), method, input)
      if (!result.ok || !isSessionMethod(method)) return result
      const { token: sessionToken, ...staff } = (result.data ?? {}) as Partial<SessionView>
      if (method === 'auth.login') token = sessionToken ?? null
      return { ok: true, data: staff }
    } finally {
      // Cleared even when logout fails: the till should not keep a session the user ended.
      if (method === 'auth.logout' || method === 'auth.logoutEverywhere') token = null
    }
  }

  async function sendWithin(ms: number, method: MethodName, input: unknown): Promise<CallResult<unknown>> {
    const deadline = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<CallResult<never>>((resolve) => {
      timer = setTimeout(() => {
        deadline.abort()
        resolve(failure('UNREACHABLE', undefined, { method, waitedMs: ms }))
      }, ms)
    })
    const answer = resultOf(
      () => send(method, token, input, deadline.signal),
      'UNREACHABLE',
      (traceId, error) => console.warn(`[${traceId}] ${method}: no answer from the till service`, error),
    )
    try {
      return await Promise.race([answer, late])
    } finally {
      clearTimeout(timer)
    }
  }

  const isSessionMethod = (method: MethodName): method is SessionMethodName =>
    (sessionMethods as readonly MethodName[]).includes(method)

  // methodNames is Object.keys(contract), so this object has exactly PosApi's keys; the main
  // side validates each input and shapes each output against this same contract.
  return Object.fromEntries(methodNames.map((method) => [method, (input: unknown) => call(method, input)])) as PosApi
}
