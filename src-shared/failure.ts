// The one shape of a failed call, `{ ok: false, error }`, for every layer that answers one: the
// dispatcher, both transports (HTTP and Electron IPC), and the till's own client when no answer
// came back at all. And the safety net that turns anything thrown where a result was due into one.
import type { CallResult } from './contract'
import { defaultMessages, type ErrorCode } from './errors'

export function failure(
  code: ErrorCode,
  message: string = defaultMessages[code],
  details?: Record<string, unknown>,
): CallResult<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } }
}

/** Eight hex digits that tie what a caller is shown to the log line with the error behind it. */
export function newTraceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Runs a call that must answer a result. Whatever it throws becomes a `code` failure carrying a
 * trace id (INTERNAL on the main side, UNREACHABLE on the till's side of a transport); `report`
 * gets the same id with the error, for the log.
 */
export async function resultOf<T>(
  call: () => Promise<CallResult<T>>,
  code: 'INTERNAL' | 'UNREACHABLE',
  report: (traceId: string, error: unknown) => void,
): Promise<CallResult<T>> {
  try {
    return await call()
  } catch (error) {
    const traceId = newTraceId()
    report(traceId, error)
    return failure(code, undefined, { traceId })
  }
}
