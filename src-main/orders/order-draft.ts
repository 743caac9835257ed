// The rows an order is made of, computed in full before anything is written: totals are never
// inserted as zero and fixed up later.
import type { z } from 'zod'
import type { placeOrderInput } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { OrderStatus } from '../../src-shared/order-status'
import type { Actor, Core } from '../core/core'
import type { CartQuantity } from '../cart/cart.store'
import type { AddressesTable, OrderRow, SkuRow } from '../db/schema'
import type { DiscountApproval } from '../staff/discount-approval'
import { newOrderNo } from './order-number'
import type { DiscountRule } from './discounts'
import { ascendingUnique, discountedQuote, type FreightRule } from './quote'
import type { OrderLineDraft } from './orders.repository'
import type { Ticket } from './ticket-numbers'

/** The contract's request with its member phone resolved to the member's id (members.service withMemberId). */
export type PlaceOrderInput = Omit<z.output<typeof placeOrderInput>, 'memberPhone'> & { memberId?: number }
export type Delivery = Pick<AddressesTable, 'receiver' | 'phone' | 'address'> & { id: number }

/** What was settled before the transaction: the cart's counts, the address, the request's hash, the shop's settings. */
export interface Prepared {
  counts: ReadonlyMap<number, CartQuantity>
  delivery: Delivery | null
  requestHash: string
  /** Freight and the unpaid time as the shop has set them (settings.service.ts). */
  settings: FreightRule & DiscountRule & { unpaidTtlMs: number }
  /** The ticket number drawn for this attempt (ticket-numbers.ts). */
  ticket: Ticket
  /** The admin who approved the sale's discounts at the till, checked before the transaction. */
  approval: DiscountApproval | null
}

export interface OrderDraft {
  /** The whole row but its id, which the database gives, and its shift, found in the write's transaction. */
  order: Omit<OrderRow, 'id' | 'shift_id'>
  lines: OrderLineDraft[]
  event: { type: 'created'; actor: string; at: number; detail: Record<string, unknown> }
}

/**
 * Rebuilds the quote from `skus` as read now; refuses with CART_CHANGED unless it is the one shown,
 * and with DISCOUNT_NEEDS_APPROVAL when its discounts are above the cashier's limit and no admin
 * approved them.
 */
export function draftOrder(
  core: Core,
  actor: Actor,
  input: PlaceOrderInput,
  prepared: Prepared,
  skus: readonly SkuRow[],
): OrderDraft {
  const { quote, applied } = discountedQuote(
    ascendingUnique(input.skuIds),
    skus,
    prepared.counts,
    input.fulfilment,
    prepared.settings,
    input.discounts,
  )
  if (quote.fingerprint !== input.fingerprint) throw new PosError('CART_CHANGED', undefined, { quote })
  const { discountFen, roundedDownFen, limitFen, needsApproval } = quote.discounts
  const approval = prepared.approval
  // The limit is on what the cashier gave; 抹零 is not counted against it.
  if (needsApproval && !approval)
    throw new PosError('DISCOUNT_NEEDS_APPROVAL', undefined, { discountFen: discountFen - roundedDownFen, limitFen })
  const now = core.now()
  const delivery = prepared.delivery
  const orderNo = newOrderNo(actor.tillId, now)
  return {
    order: {
      order_no: orderNo,
      order_no_reversed: [...orderNo].reverse().join('').toLowerCase(),
      ticket_day: prepared.ticket.day,
      ticket_seq: prepared.ticket.seq,
      member_id: input.memberId ?? null,
      staff_id: actor.staffId,
      till_id: actor.tillId,
      fulfilment: input.fulfilment,
      address_id: delivery?.id ?? null,
      receiver: delivery?.receiver ?? null,
      receiver_phone: delivery?.phone ?? null,
      address: delivery?.address ?? null,
      pay_method: input.payMethod,
      total_count: quote.totalCount,
      goods_fen: quote.goodsFen,
      freight_fen: quote.freightFen,
      pay_fen: quote.payFen,
      status: OrderStatus.UNPAID,
      paid_fen: 0,
      refunded_fen: 0,
      idempotency_key: input.idempotencyKey,
      request_hash: prepared.requestHash,
      created_at: now,
      updated_at: now,
      paid_at: null,
      expires_at: now + prepared.settings.unpaidTtlMs,
    },
    lines: quote.lines.map((l) => ({
      skuId: l.skuId,
      count: l.count,
      priceFen: l.priceFen,
      unitGrams: l.unitGrams,
      name: l.name,
      lineFen: l.lineFen,
      discountFen: l.discountFen,
      labelFen: l.labelFen,
      labelGrams: l.labelGrams,
    })),
    event: {
      type: 'created',
      actor: actor.username,
      at: now,
      detail: {
        payFen: quote.payFen,
        lines: quote.lines.length,
        strategy: core.config.stockStrategy,
        // Who gave each discount and who approved it, with what each came to.
        ...(discountFen > 0 && {
          discounts: {
            ...applied,
            discountFen,
            givenBy: actor.username,
            approval: needsApproval && approval ? { by: approval.username, at: approval.at, limitFen } : null,
          },
        }),
      },
    },
  }
}
