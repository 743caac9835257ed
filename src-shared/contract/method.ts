import { z } from 'zod'
import type { Role } from '../order-status'
import { text } from '../text'
import { maxLineGrams } from '../weight'

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
/** Pieces (at most maxLinePieces) or grams of a weight SKU (at most maxLineGrams): the SKU decides which. */
export const cartCount = z.number().int().min(1).max(maxLineGrams)
/**
 * A password is checked by the text rule but kept as typed: it is hashed byte for byte, so NFC
 * or trimming would silently make it a different password from the one stored before this rule
 * (an NFD password set earlier would stop working). What cannot be typed — control characters,
 * direction characters, a lone surrogate (two different ones would hash the same) — is refused.
 */
export const password = (min: number) => text({ min, max: 200, asTyped: true })
/** A cashier's PIN: 4–8 digits (docs/SECURITY.md). */
export const pin = z.string().regex(/^[0-9]{4,8}$/, '4–8 digits')
/** A till id as POS_TILL_ID allows it. */
export const tillId = z.string().regex(/^[A-Za-z0-9]{1,10}$/, 'letters and digits, at most 10')
/** At most 20 characters in all, '+' included: the members and addresses columns are varchar(20). */
export const phone = z
  .string()
  .trim()
  .max(20)
  .regex(/^\+?[0-9]{5,20}$/, 'phone digits only')
/**
 * How a call names a member: their full phone number, never their id — a cashier who could name
 * a member by id could read every member's addresses and orders by counting (docs/ORDERS.md).
 */
export const memberPhone = phone
/** Client-made key that makes a submit safe to repeat: 8–64 of [A-Za-z0-9_-]. */
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/)
export const orderNo = z.string().regex(/^[0-9A-Za-z_]{1,32}$/)
/** What the order search takes: an order number or its tail, or a ticket number (T1-0042). */
export const orderSearch = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z_-]{1,32}$/)
/** What the list handed out: base64url, opaque to the client. */
export const cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{0,200}$/, 'not a cursor from this list')
  .optional()
export const pageSize = z.number().int().min(1).max(100).default(20)
