// window.pos, built from the contract's method list over a transport: Electron IPC in the
// preload, HTTP in a browser (`pos serve`). The session token lives only in this closure: it is
// set by a successful login, sent with every call, and cleared by logout.
import { methodNames, type CallResult, type MethodName, type PosApi, type SessionView } from './index'

/** Carries one call to the main side's dispatcher and brings its result back. */
export type SendCall = (method: MethodName, token: string | null, input: unknown) => Promise<CallResult<unknown>>

export function createPosApi(send: SendCall): PosApi {
  let token: string | null = null

  async function call(method: MethodName, input: unknown): Promise<CallResult<unknown>> {
    try {
      const result = await send(method, token, input)
      if (method === 'auth.login' && result.ok) token = (result.data as SessionView).token
      return result
    } finally {
      // Cleared even when logout fails: the till should not keep a session the user ended.
      if (method === 'auth.logout') token = null
    }
  }

  // methodNames is Object.keys(contract), so this object has exactly PosApi's keys; the main
  // side validates each input and shapes each output against this same contract.
  return Object.fromEntries(methodNames.map((method) => [method, (input: unknown) => call(method, input)])) as PosApi
}
