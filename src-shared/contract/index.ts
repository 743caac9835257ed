// The contract: every method the renderer may call, declared once. Main's handlers are checked
// against it, the preload and the HTTP client are built from it.
import type { z } from 'zod'
import type { ErrorBody } from '../errors'
import { adminGoodsMethods } from './admin-goods'
import { authMethods, type SessionMethodName, type StaffSession } from './auth'
import { cartMethods } from './cart'
import { catalogMethods } from './catalog'
import { memberMethods } from './members'
import type { MethodDef } from './method'
import { orderMethods } from './orders'
import { reportMethods } from './reports'
import { paymentMethods } from './payments'
import { receiptMethods } from './receipts'
import { returnMethods } from './returns'
import { reviewMethods } from './reviews'
import { settingsMethods } from './settings'
import { staffMethods } from './staff'
import { tillMethods } from './till'

export const contract = {
  ...authMethods,
  ...catalogMethods,
  ...cartMethods,
  ...orderMethods,
  ...paymentMethods,
  ...receiptMethods,
  ...returnMethods,
  ...memberMethods,
  ...reviewMethods,
  ...staffMethods,
  ...adminGoodsMethods,
  ...reportMethods,
  ...settingsMethods,
  ...tillMethods,
} satisfies Record<string, MethodDef>

export type Contract = typeof contract
export type MethodName = keyof Contract
export const methodNames = Object.keys(contract) as MethodName[]

export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>
export type OutputOf<M extends MethodName> =
  NonNullable<Contract[M]['output']> extends never ? null : NonNullable<Contract[M]['output']>

export type PublicMethodName = { [M in MethodName]: Contract[M]['access'] extends 'public' ? M : never }[MethodName]
export type StaffMethodName = Exclude<MethodName, PublicMethodName>

export type CallResult<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

/** What a method answers the page: its output, but a session without its token. */
export type PageOutputOf<M extends MethodName> = M extends SessionMethodName ? StaffSession : OutputOf<M>

/** What the renderer sees as `window.pos`. */
export type PosApi = {
  [M in MethodName]: (input: InputOf<M>) => Promise<CallResult<PageOutputOf<M>>>
}

export * from './admin-goods'
export * from './auth'
export * from './cart'
export * from './catalog'
export * from './members'
export * from './orders'
export * from './reports'
export * from './payments'
export * from './receipts'
export * from './returns'
export * from './reviews'
export * from './settings'
export * from './staff'
export * from './till'
