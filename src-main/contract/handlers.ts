// The shape every feature's handlers must have: one function per contract method, typed from it.
import type { OutputOf, ParsedInputOf, PublicMethodName, StaffMethodName } from '../../src-shared/contract'
import type { Actor } from '../core/core'

export interface CallContext {
  actor: Actor
  token: string
}

export type StaffHandlers = {
  [M in StaffMethodName]: (input: ParsedInputOf<M>, ctx: CallContext) => Promise<OutputOf<M>>
}

export type PublicHandlers = {
  [M in PublicMethodName]: (input: ParsedInputOf<M>) => Promise<OutputOf<M>>
}

export type Handlers = StaffHandlers & PublicHandlers
