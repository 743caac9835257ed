// The one place where anything thrown becomes an error a caller may see.
import type { Logger } from 'pino'
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
