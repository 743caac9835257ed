// The order list (user center / admin), one order in full, and a member's orders. Keyset
// pagination on (created_at, id): a deep page costs the same as the first.
import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { z } from 'zod'
import type { listOrdersInput, OrderDetail, OrderPage } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Actor, Core } from '../core/core'
import { decodeCursor, encodeCursor } from '../core/paging'
import type { Database, OrderRow } from '../db/schema'
import { findMemberByPhone } from '../members/members.repository'
import { findOrderFor } from './order-lifecycle.service'
import { withLines } from './order-view'

export type ListOrdersInput = z.output<typeof listOrdersInput>
export type OrderQuery = SelectQueryBuilder<Database, 'order_info', OrderRow>

export async function listOrders(core: Core, actor: Actor, input: ListOrdersInput): Promise<OrderPage> {
  const query = await filteredOrders(core, actor, input)
  if (!query) return { orders: [], nextCursor: null, offline: null }
  return page(core.store.db, query, input.cursor, input.limit)
}

export type OrderFilters = Omit<ListOrdersInput, 'cursor' | 'limit'>

/** The order list's filters as a query; null when they can match nothing (an unknown member phone). */
export async function filteredOrders(core: Core, actor: Actor, input: OrderFilters): Promise<OrderQuery | null> {
  const db = core.store.db
  let query: OrderQuery = db.selectFrom('order_info').selectAll()
  // Cashiers see their own till's orders; admins see every till's.
  if (actor.role !== 'admin') query = query.where('till_id', '=', actor.tillId)
  if (input.tab !== 'all') query = query.where('status', '=', input.tab)
  if (input.orderNo) query = query.where('order_no', '=', input.orderNo)
  if (input.memberPhone) {
    const member = await findMemberByPhone(db, input.memberPhone)
    if (!member) return null
    query = query.where('member_id', '=', member.id)
  }
  if (input.from !== undefined) query = query.where('created_at', '>=', input.from)
  if (input.to !== undefined) query = query.where('created_at', '<', input.to)
  return query
}

export async function ordersOfMember(
  core: Core,
  actor: Actor,
  input: { memberId: number; cursor?: string; limit: number },
): Promise<OrderPage> {
  let query: OrderQuery = core.store.db.selectFrom('order_info').selectAll().where('member_id', '=', input.memberId)
  if (actor.role !== 'admin') query = query.where('till_id', '=', actor.tillId)
  return page(core.store.db, query, input.cursor, input.limit)
}

export async function page(
  db: Kysely<Database>,
  query: OrderQuery,
  cursor: string | undefined,
  limit: number,
): Promise<OrderPage> {
  const after = decodeCursor(cursor, 2)
  if (after) {
    const [createdAt, id] = after as [number, number]
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]),
    )
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()
  const shown = rows.slice(0, limit)
  const last = shown.at(-1)
  return {
    orders: await withLines(db, shown),
    nextCursor: rows.length > limit && last ? encodeCursor([last.created_at, last.id]) : null,
    // Whichever store `core` reads is current; the order handlers mark answers from the offline history.
    offline: null,
  }
}

export async function getOrderDetail(core: Core, actor: Actor, orderId: number): Promise<OrderDetail> {
  const order = await findOrderFor(core, actor, orderId)
  const db = core.store.db
  const [view] = await withLines(db, [order])
  const events = await db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
  const payments = await db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
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
    })),
    offline: null,
  }
}
