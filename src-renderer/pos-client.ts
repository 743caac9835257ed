// In a browser (`pos serve`) there is no preload: window.pos is built here from the same
// contract, each call a POST to /api/<method> on the page's own origin.
import { createPosApi, type SendCall } from '../src-shared/contract/client'
import type { CallResult } from '../src-shared/contract'
import { failure } from '../src-shared/failure'

let servedOverHttp = false

/** Whether this page is the browser till of `pos serve` (no preload), not the desktop app. */
export const inBrowser = (): boolean => servedOverHttp

/** Gives the page window.pos: the preload's in Electron, else the HTTP client. */
export function ensurePosApi(): void {
  // globalThis is the page's window; written so, this file also runs in the transport's tests.
  if ('pos' in globalThis) return
  servedOverHttp = true
  // Read-only, as contextBridge makes it in Electron.
  Object.defineProperty(globalThis, 'pos', { value: Object.freeze(createPosApi(sendOverHttp())), enumerable: true })
}

/**
 * Contract calls as POSTs to `${origin}/api/<method>` (the page's own origin by default). A
 * network error or the deadline's abort throws, and createPosApi answers UNREACHABLE for it.
 */
export function sendOverHttp(origin = ''): SendCall {
  return async (method, token, input, signal) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (token) headers.Authorization = `Bearer ${token}`
    const response = await fetch(`${origin}/api/${method}`, {
      method: 'POST',
      headers,
      // Never cached: a POST, and the till service answers Cache-Control: no-store.
      body: JSON.stringify(input ?? {}),
      credentials: 'omit',
      signal,
    })
    const body: unknown = await response.json().catch(() => null)
    if (isCallResult(body)) return body
    // Not an answer of the till service (a proxy's error page, a server going away mid-answer).
    return failure('UNREACHABLE', undefined, { httpStatus: response.status })
  }
}

function isCallResult(body: unknown): body is CallResult<unknown> {
  return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean'
}
