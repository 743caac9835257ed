// In a browser (`pos serve`) there is no preload: window.pos is built here from the same
// contract, each call a POST to /api/<method> on the page's own origin.
import type { CallResult, MethodName } from '../src-shared/contract'
import { createPosApi } from '../src-shared/contract/client'

/** Gives the page window.pos: the preload's in Electron, else the HTTP client. */
export function ensurePosApi(): void {
  if ('pos' in window) return
  // Read-only, as contextBridge makes it in Electron.
  Object.defineProperty(window, 'pos', { value: Object.freeze(createPosApi(callOverHttp)), enumerable: true })
}

async function callOverHttp(method: MethodName, token: string | null, input: unknown): Promise<CallResult<unknown>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  const response = await fetch(`/api/${method}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(input ?? {}),
    cache: 'no-store',
    credentials: 'omit',
  })
  const body: unknown = await response.json().catch(() => null)
  if (isCallResult(body)) return body
  // Not an answer of the till service (a proxy's error page, a server gone away): like a broken
  // IPC channel, this rejects, and the screen says the service cannot be reached.
  throw new Error(`The till service answered HTTP ${response.status} without a result.`)
}

function isCallResult(body: unknown): body is CallResult<unknown> {
  return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean'
}
