import type { ServerResponse } from 'node:http'
import type { CallResult } from '../../src-shared/contract'
import { defaultMessages, type ErrorCode } from '../../src-shared/errors'

/** Headers every answer carries, whatever it is. */
export const baseHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const

export function failure(
  code: ErrorCode,
  message = defaultMessages[code],
  details?: Record<string, unknown>,
): CallResult<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } }
}

export function replyJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body)
  response.writeHead(status, {
    ...baseHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-store',
    ...headers,
  })
  response.end(json)
}
