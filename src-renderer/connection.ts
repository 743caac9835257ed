// Whether the till can reach what it works with: the till service (the main process, or `pos
// serve` over HTTP) and, behind it, the shop database and the carts. The screen shows a lost
// connection at once, whatever the cashier was doing, and finds out by itself when it is back:
//
// - Every contract answer the screens get says something: UNREACHABLE, DB_UNAVAILABLE or
//   CACHE_UNAVAILABLE mean lost; any other answer means the service and its store answered.
// - A call that has had no answer for NO_ANSWER_MS asks the service at once whether it is there
//   (`app.ping`); no answer to that within PROBE_MS means lost too (a hung server answers
//   nothing, and the client's own deadline is far longer). A call that is slow by design — a
//   login held back by the throttle, an Alipay request — does not make the till look offline
//   while the service answers the probe.
// - A heartbeat (`app.ping`, which touches no session) every HEARTBEAT_MS while the screen is
//   open notices a loss while nobody is calling, and notices the way back; screens that failed
//   to read reload then by themselves (useLoad).
import { create } from 'zustand'
import type { CallResult } from '../src-shared/contract'
import type { ErrorCode } from '../src-shared/errors'

/** What was lost: the till service itself, or the shop's database or carts behind it. */
export type LostPart = 'service' | 'store'

interface ConnectionState {
  lost: LostPart | null
  /** Counts the times the connection came back: screens reload when it changes. */
  returns: number
}

export const useConnection = create<ConnectionState>()(() => ({ lost: null, returns: 0 }))

const HEARTBEAT_MS = 2_000
const NO_ANSWER_MS = 2_000
/** NO_ANSWER_MS + PROBE_MS: a hung service shows as lost within 3 s of the call that met it. */
const PROBE_MS = 800

const lostBy: Partial<Record<ErrorCode, LostPart>> = {
  UNREACHABLE: 'service',
  DB_UNAVAILABLE: 'store',
  CACHE_UNAVAILABLE: 'store',
}

/** Whether an error is the connection's, not the request's: it is worth sending again once back. */
export const isConnectionError = (code: string): boolean => code in lostBy

function lose(part: LostPart): void {
  if (useConnection.getState().lost !== part) useConnection.setState({ lost: part })
}

function answered(): void {
  const { lost, returns } = useConnection.getState()
  if (lost !== null) useConnection.setState({ lost: null, returns: returns + 1 })
}

/** What one answer says about the connection. */
export function noteConnection(result: CallResult<unknown>): void {
  if (result.ok) return answered()
  const part = lostBy[result.error.code]
  if (part) lose(part)
  else answered()
}

/** Sends `call`; if it has no answer within NO_ANSWER_MS, probes the service (see above). */
export async function watched<T>(call: () => Promise<CallResult<T>>): Promise<CallResult<T>> {
  let settled = false
  const timer = setTimeout(() => {
    if (!settled) void probe(() => settled)
  }, NO_ANSWER_MS)
  try {
    const result = await call()
    noteConnection(result)
    return result
  } finally {
    settled = true
    clearTimeout(timer)
  }
}

/** Asks the service whether it is there while a call waits; lost when it does not answer in time. */
async function probe(callSettled: () => boolean): Promise<void> {
  let late: ReturnType<typeof setTimeout> | undefined
  const silence = new Promise<null>((resolve) => {
    late = setTimeout(() => resolve(null), PROBE_MS)
  })
  const answer = await Promise.race([window.pos['app.ping']({}), silence])
  clearTimeout(late)
  if (answer === null) {
    if (!callSettled()) lose('service')
  } else noteConnection(answer)
}

/** Starts the heartbeat; answers the function that stops it. */
export function startHeartbeat(): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const beat = async () => {
    if (stopped) return
    await watched(() => window.pos['app.ping']({}))
    if (!stopped) timer = setTimeout(() => void beat(), HEARTBEAT_MS)
  }
  timer = setTimeout(() => void beat(), HEARTBEAT_MS)
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
