// The one place where anything thrown becomes an error a caller may see.
import type { Logger } from 'pino'
import type { z } from 'zod'
import { type ErrorBody, PosError } from '../src-shared/errors'
import { newTraceId } from '../src-shared/failure'
import { dbErrorKind } from './db/errors'

export function toErrorBody(error: unknown, log: Logger, context: Record<string, unknown> = {}): ErrorBody {
  if (error instanceof PosError) return error.toBody()
  if (dbErrorKind(error) === 'connection-lost') return new PosError('DB_UNAVAILABLE').toBody()
  const traceId = newTraceId()
  log.error({ err: error, traceId, ...context }, 'unexpected error')
  return new PosError('INTERNAL', `Something went wrong (trace ${traceId}). Tell the manager.`, { traceId }).toBody()
}

/**
 * A schema's refusal as INVALID_INPUT, one message per field path for the form to mark: the
 * first check a value fails (the text rule checks in the order docs/ERRORS.md gives).
 */
export function invalidInput(error: z.ZodError, prefix?: string): PosError {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '(input)'
    fields[path] ??= issue.message
  }
  // A command line has no form to mark: it says the fields in the message.
  const message =
    prefix &&
    `${prefix}: ${Object.entries(fields)
      .map(([path, why]) => `${path}: ${why}`)
      .join('; ')}`
  return new PosError('INVALID_INPUT', message, { fields })
}
