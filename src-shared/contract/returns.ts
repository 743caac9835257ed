import { z } from 'zod'
import type { PayMethod } from '../order-status'
import { text } from '../text'
import { maxLineGrams } from '../weight'
import { id, idempotencyKey, method } from './method'
import type { OrderView } from './orders'

/** One line of an order as a return sees it: sold, back already, and what may still come back. */
export interface ReturnableLineView {
  lineId: number
  skuId: number
  skuName: string
  /** Pieces, or grams when unitGrams is set. */
  soldCount: number
  returnedCount: number
  unitGrams: number | null
  /** What the customer paid for the whole line, and how much of it has gone back through returns. */
  paidFen: number
  refundedFen: number
}

export interface ReturnLineView {
  skuId: number
  skuName: string
  count: number
  unitGrams: number | null
  refundFen: number
  /** Back on the shelf; false: written off as a loss. */
  restock: boolean
}

export interface ReturnRefundView {
  refundId: number
  method: PayMethod
  amountFen: number
  /** pending: the gateway's answer is not in yet; it is asked again until it is. */
  status: 'pending' | 'succeeded' | 'failed'
}

export interface ReturnView {
  returnId: number
  /** Null for an admin's return without an order. */
  orderId: number | null
  refundFen: number
  /** Of refundFen, what the cashier hands over in cash. */
  cashFen: number
  reason: string
  username: string
  createdAt: number
  lines: ReturnLineView[]
  refunds: ReturnRefundView[]
}

export interface ReturnableView {
  order: OrderView
  lines: ReturnableLineView[]
  returns: ReturnView[]
}

/** Pieces or grams: the SKU decides which; more than a line ever holds is refused here. */
const count = z.number().int().min(1).max(maxLineGrams)
const lines = <T extends z.ZodRawShape>(shape: T) =>
  z
    .array(z.object({ ...shape, count, restock: z.boolean() }))
    .min(1)
    .max(100)

export const returnMethods = {
  /** An order's lines with what may still come back, and its earlier returns. */
  'returns.ofOrder': method<ReturnableView>()('cashier', z.object({ orderId: id })),
  /** Goods back from an order: each line's paid share refunded through the order's own payments. */
  'returns.fromOrder': method<ReturnView>()(
    'cashier',
    z.object({
      orderId: id,
      lines: lines({ lineId: id }),
      reason: text({ max: 200 }).default(''),
      /** The same key again (a retried click) is the same return, never a second one. */
      idempotencyKey,
    }),
  ),
  /** Admins only: goods back without an order, at today's price, paid back in cash; a reason is required. */
  'returns.withoutOrder': method<ReturnView>()(
    'admin',
    z.object({ lines: lines({ skuId: id }), reason: text({ min: 1, max: 200 }), idempotencyKey }),
  ),
}
