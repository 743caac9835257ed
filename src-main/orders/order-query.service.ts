// The order list (user center / admin), one order in full, and a member's orders. Keyset
// pagination on (created_at, id) — or (pay_fen, id) sorted by amount: a deep page costs the same
// as the first.
import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { listOrdersInput, OrderDetail, OrderPage, OrderSort, PaymentView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Actor, Core } from '../core/core'
import { decodeCursor, encodeCursor } from '../core/paging'
import type { Database, RefundRow } from '../db/schema'
import { findMemberByPhone } from '../members/members.repository'
import { paymentsOfOrder, refundsOfOrder } from '../payments/payments.repository'
import { findOrderFor } from './order-lifecycle.service'
import { withLines } from './order-view'
import { eventsOfOrder, type OrderQuery, ordersMatching, ordersPage, sortValueOf } from './orders.repository'

/** The list's input once validated; callers inside the process may leave the order out (newest first). */
export type ListOrdersInput = Omit<z.output<typeof listOrdersInput>, 'sort'> & { sort?: OrderSort }

export async function listOrders(core: Core, actor: Actor, input: ListOrdersInput): Promise<OrderPage> {
  const query = await filteredOrders(core, actor, input)
  if (!query) return { orders: [], nextCursor: null, offline: null }
  return page(core.store.db, query, input.cursor, input.limit, input.sort)
}

export type OrderFilters = Omit<ListOrdersInput, 'cursor' | 'limit'>

/** The order list's filters as a query; null when they can match nothing (an unknown member phone). */
export async function filteredOrders(core: Core, actor: Actor, input: OrderFilters): Promise<OrderQuery | null> {
  const db = core.store.db
  let memberId: number | undefined
  if (input.memberPhone) {
    const member = await findMemberByPhone(db, input.memberPhone)
    if (!member) return null
    memberId = member.id
  }
  return ordersMatching(db, {
    tillId: tillScope(actor),
    status: input.tab === 'all' ? undefined : input.tab,
    orderNo: input.orderNo || undefined,
    memberId,
    from: input.from,
    to: input.to,
  })
}

/** Cashiers see their own till's orders; admins see every till's. */
const tillScope = (actor: Actor) => (actor.role === 'admin' ? undefined : actor.tillId)

export async function ordersOfMember(
  core: Core,
  actor: Actor,
  input: { memberId: number; cursor?: string; limit: number },
): Promise<OrderPage> {
  const query = ordersMatching(core.store.db, { memberId: input.memberId, tillId: tillScope(actor) })
  return page(core.store.db, query, input.cursor, input.limit)
}

export async function page(
  db: Kysely<Database>,
  query: OrderQuery,
  cursor: string | undefined,
  limit: number,
  sort: OrderSort = 'newest',
): Promise<OrderPage> {
  const after = decodeCursor(cursor, 2) as [number, number] | null
  const rows = await ordersPage(query, after, limit + 1, sort)
  const shown = rows.slice(0, limit)
  const last = shown.at(-1)
  return {
    orders: await withLines(db, shown),
    nextCursor: rows.length > limit && last ? encodeCursor([sortValueOf(last, sort), last.id]) : null,
    // Whichever store `core` reads is current; the order handlers mark answers from the offline history.
    offline: null,
  }
}

export async function getOrderDetail(core: Core, actor: Actor, orderId: number): Promise<OrderDetail> {
  const order = await findOrderFor(core, actor, orderId)
  const db = core.store.db
  const [view] = await withLines(db, [order])
  const events = await eventsOfOrder(db, orderId)
  const payments = await paymentsOfOrder(db, orderId)
  // The refunds nobody asked for (no admin's key): money the order could not take, sent back.
  const autoRefunds = (await refundsOfOrder(db, orderId)).filter((r) => r.request_key === null)
  if (!view) throw new PosError('ORDER_NOT_FOUND', undefined, { orderId })
  return {
    ...view,
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      actor: e.actor,
      createdAt: e.created_at,
      detail: JSON.parse(e.detail) as Record<string, unknown>,
    })),
    payments: payments.map((p) => ({
      id: p.id,
      method: p.method,
      outTradeNo: p.out_trade_no,
      tradeNo: p.trade_no,
      amountFen: p.amount_fen,
      status: p.status,
      createdAt: p.created_at,
      updatedAt: p.updated_at,
      autoRefund: autoRefundOf(autoRefunds, p.id),
    })),
    offline: null,
  }
}

function autoRefundOf(refunds: RefundRow[], paymentId: number): PaymentView['autoRefund'] {
  const refund = refunds.find((r) => r.payment_id === paymentId)
  if (!refund) return null
  const status = refund.status === 'succeeded' || refund.status === 'failed' ? refund.status : 'pending'
  return { amountFen: refund.amount_fen, status }
}
