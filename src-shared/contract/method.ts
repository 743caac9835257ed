import { z } from 'zod'
import type { Role } from '../order-status'

/** Who may call a method: anyone (login), any logged-in staff ('cashier'), or admins only. */
export type Access = 'public' | Role

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown, A extends Access = Access> {
  access: A
  input: I
  /** Only carries the output type; never set at run time. */
  readonly output?: O
}

/** `method<Output>()(access, inputSchema)` — the output type is given, the input type inferred. */
export function method<O>() {
  return <A extends Access, I extends z.ZodType>(access: A, input: I): MethodDef<I, O, A> => ({ access, input })
}

export const id = z.number().int().positive().max(2_147_483_647)
export const cartCount = z.number().int().min(1).max(999)
export const text = (max: number) => z.string().trim().max(max)
export const requiredText = (max: number) => z.string().trim().min(1).max(max)
/** At most 20 characters in all, '+' included: the members and addresses columns are varchar(20). */
export const phone = z
  .string()
  .trim()
  .max(20)
  .regex(/^\+?[0-9]{5,20}$/, 'phone digits only')
/** Client-made key that makes a submit safe to repeat: 8–64 of [A-Za-z0-9_-]. */
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/)
export const orderNo = z.string().regex(/^[0-9A-Za-z_]{1,32}$/)
export const cursor = z.string().max(200).optional()
export const pageSize = z.number().int().min(1).max(100).default(20)
