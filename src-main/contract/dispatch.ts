// One dispatcher for both transports (Electron IPC and HTTP): it finds the method, checks the
// session and the role, validates the input with the method's schema, runs the handler and
// returns a result — never a thrown error. The session is checked in the store on every call
// (staff/sessions.ts), the staff member's role and active flag with it.
import type { Logger } from 'pino'
import { type CallResult, contract, type MethodName } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { failure } from '../../src-shared/failure'
import { invalidInput, toErrorBody } from '../errors'
import { offlineMethods } from '../history/mirror.handlers'
import type { SessionStore } from '../staff/sessions'
import type { Handlers } from './handlers'

export type Dispatch = (method: string, token: string | null, input: unknown) => Promise<CallResult<unknown>>

export function createDispatcher(handlers: Handlers, sessions: SessionStore, log: Logger): Dispatch {
  return async (method, token, input) => {
    try {
      if (typeof method !== 'string' || !Object.hasOwn(contract, method)) {
        throw new PosError('INVALID_INPUT', 'Unknown request.', { method: String(method).slice(0, 64) })
      }
      const name = method as MethodName
      const def = contract[name]
      const parsed = def.input.safeParse(input ?? {})
      if (def.access === 'public') {
        if (!parsed.success) throw invalidInput(parsed.error)
        const handler = handlers[name] as (input: unknown) => Promise<unknown>
        return { ok: true, data: await handler(parsed.data) }
      }
      const session = await sessions.check(token)
      if (!session || !token) throw new PosError('NOT_LOGGED_IN')
      // Checked only against the offline history's copy: good for reading that history, not for
      // anything else — the session may have been ended on another till meanwhile.
      if (session.offline && !offlineMethods.has(name)) throw new PosError('DB_UNAVAILABLE')
      const { actor } = session
      if (def.access === 'admin' && actor.role !== 'admin') throw new PosError('FORBIDDEN', undefined, { method: name })
      if (!parsed.success) throw invalidInput(parsed.error)
      const handler = handlers[name] as (
        input: unknown,
        ctx: { actor: typeof actor; token: string },
      ) => Promise<unknown>
      return { ok: true, data: await handler(parsed.data, { actor, token }) }
    } catch (error) {
      const body = toErrorBody(error, log, { method })
      return failure(body.code, body.message, body.details)
    }
  }
}
