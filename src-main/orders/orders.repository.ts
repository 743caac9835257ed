import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { OrderSort } from '../../src-shared/contract'
import { OrderStatus } from '../../src-shared/order-status'
import type { Database, NewOrder, OrderLineRow, OrderRow } from '../db/schema'
import { moveStatus } from '../db/status-move'
import type { Trx } from '../db/transaction'
import type { StockLine } from './stock'

export async function insertOrder(trx: Trx, order: NewOrder): Promise<number> {
  const result = await trx.insertInto('order_info').values(order).executeTakeFirstOrThrow()
  return Number(result.insertId)
}

export async function insertOrderLines(trx: Trx, orderId: number, lines: readonly OrderLineDraft[]): Promise<void> {
  await trx.insertInto('order_goods').values(orderLineValues(orderId, lines)).execute()
}

/** An order line as drafted (order-draft.ts): what the customer agreed to for one SKU. */
export type OrderLineDraft = StockLine & {
  name: string
  lineFen: number
  /** Its share of every discount (docs/DISCOUNTS.md); the line pays lineFen − discountFen. */
  discountFen: number
  labelFen: number
  labelGrams: number
}

/** The order_goods rows of `lines`. */
export function orderLineValues(orderId: number, lines: readonly OrderLineDraft[]) {
  return lines.map((l) => ({ order_id: orderId, ...lineValues(l) }))
}

/** One line's order_goods row but its order id. */
export function lineValues(l: OrderLineDraft) {
  return {
    sku_id: l.skuId,
    sku_name: l.name,
    price_fen: l.priceFen,
    count: l.count,
    line_fen: l.lineFen,
    discount_fen: l.discountFen,
    net_fen: l.lineFen - l.discountFen,
    unit_grams: l.unitGrams,
    label_fen: l.labelFen,
    label_grams: l.labelGrams,
  }
}

export async function appendOrderEvent(
  trx: Trx,
  event: { orderId: number; type: string; actor: string; detail?: Record<string, unknown>; at: number },
): Promise<void> {
  await trx
    .insertInto('order_events')
    .values({
      order_id: event.orderId,
      type: event.type,
      actor: event.actor,
      detail: JSON.stringify(event.detail ?? {}),
      created_at: event.at,
    })
    .execute()
}

export async function findOrderByIdempotencyKey(db: Kysely<Database>, key: string): Promise<OrderRow | undefined> {
  return db.selectFrom('order_info').selectAll().where('idempotency_key', '=', key).executeTakeFirst()
}

export async function findOrderById(db: Kysely<Database>, id: number): Promise<OrderRow | undefined> {
  return db.selectFrom('order_info').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Counter sales paid before `before` still waiting for their rating, the oldest first. */
export async function unratedCounterSales(db: Kysely<Database>, before: number, limit: number): Promise<OrderRow[]> {
  return db
    .selectFrom('order_info')
    .selectAll()
    .where('status', '=', OrderStatus.UNREVIEWED)
    .where('fulfilment', '=', 'pickup')
    .where('paid_at', '<', before)
    .orderBy('paid_at')
    .limit(limit)
    .execute()
}

export async function findOrderByNo(db: Kysely<Database>, orderNo: string): Promise<OrderRow | undefined> {
  return db.selectFrom('order_info').selectAll().where('order_no', '=', orderNo).executeTakeFirst()
}

/**
 * Unpaid orders whose time is up, the longest overdue first. Not one with a part paid (a split
 * tender under way): that money paid part of its goods, and it waits for the rest.
 */
export async function unpaidOrdersDue(db: Kysely<Database>, now: number, limit: number): Promise<OrderRow[]> {
  return db
    .selectFrom('order_info')
    .selectAll()
    .where('status', '=', OrderStatus.UNPAID)
    .where('paid_fen', '=', 0)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute()
}

export async function findLinesOfOrders(db: Kysely<Database>, orderIds: readonly number[]): Promise<OrderLineRow[]> {
  if (orderIds.length === 0) return []
  return db
    .selectFrom('order_goods')
    .selectAll()
    .where('order_id', 'in', [...orderIds])
    .orderBy('id')
    .execute()
}

/** The order's refunded total after a refund settled (its status is moved separately, when full). */
export async function setRefundedFen(trx: Trx, orderId: number, refundedFen: number, at: number): Promise<void> {
  await trx
    .updateTable('order_info')
    .set({ refunded_fen: refundedFen, updated_at: at })
    .where('id', '=', orderId)
    .execute()
}

/**
 * Moves an order from one status to another if — and only if — it is still in `from`. The
 * condition is the guard that makes racing cancels, sweeps and payments act exactly once.
 */
export function moveOrderStatus(
  trx: Trx,
  orderId: number,
  from: OrderStatus,
  set: Partial<Pick<OrderRow, 'status' | 'paid_at' | 'paid_fen' | 'refunded_fen' | 'expires_at'>> & {
    updated_at: number
  },
): Promise<boolean> {
  return moveStatus(trx, 'order_info', orderId, from, set)
}

export type OrderQuery = SelectQueryBuilder<Database, 'order_info', OrderRow>

/** Conditions of the order list; those left out match every order. */
export interface OrderMatch {
  tillId?: string
  status?: OrderStatus
  /** An order number or its tail, or a ticket number (see numberSearch). */
  orderNo?: string
  memberId?: number
  /** Placed at or after (epoch ms). */
  from?: number
  /** Placed before (epoch ms). */
  to?: number
}

/** The orders matching every given condition, as a query to page through or count. */
export function ordersMatching(db: Kysely<Database>, match: OrderMatch): OrderQuery {
  let query: OrderQuery = db.selectFrom('order_info').selectAll()
  if (match.tillId !== undefined) query = query.where('till_id', '=', match.tillId)
  if (match.status !== undefined) query = query.where('status', '=', match.status)
  if (match.orderNo !== undefined) query = whereNumber(query, match.orderNo)
  if (match.memberId !== undefined) query = query.where('member_id', '=', match.memberId)
  if (match.from !== undefined) query = query.where('created_at', '>=', match.from)
  if (match.to !== undefined) query = query.where('created_at', '<', match.to)
  return query
}

/**
 * What a typed number means: `T1-0042` is ticket 42 of till T1 (any day); up to four digits alone
 * are a ticket number of any till; 13 characters or more are a whole order number (as a receipt's
 * barcode gives it); anything else is the tail of an order number, found as a prefix of the
 * reversed number through its index.
 */
const WHOLE_NUMBER_LENGTH = 13

function whereNumber(query: OrderQuery, typed: string): OrderQuery {
  const ticket = /^([A-Za-z0-9]{1,10})-(\d{1,6})$/.exec(typed)
  if (ticket) return query.where('till_id', '=', ticket[1] as string).where('ticket_seq', '=', Number(ticket[2]))
  if (/^\d{1,4}$/.test(typed)) return query.where('ticket_seq', '=', Number(typed))
  if (typed.length >= WHOLE_NUMBER_LENGTH) return query.where('order_no', '=', typed)
  const reversed = [...typed].reverse().join('').toLowerCase()
  // Byte order (the column is ascii_bin / BINARY): every string starting with `reversed` sorts
  // from it up to it followed by DEL, above every character an order number has.
  return query.where('order_no_reversed', '>=', reversed).where('order_no_reversed', '<', `${reversed}\x7f`)
}

/** Each order of the list as a column and a direction; the id breaks ties, the same way. */
const sortKeys = {
  newest: { column: 'created_at', direction: 'desc' },
  oldest: { column: 'created_at', direction: 'asc' },
  amountHigh: { column: 'pay_fen', direction: 'desc' },
  amountLow: { column: 'pay_fen', direction: 'asc' },
} as const satisfies Record<OrderSort, { column: keyof OrderRow; direction: 'asc' | 'desc' }>

/** The value the keyset of `sort` continues from: what ordersPage's `after` takes. */
export const sortValueOf = (order: OrderRow, sort: OrderSort): number => order[sortKeys[sort].column]

/** One keyset page in `sort`'s order, after the (sort value, id) of the last order shown. */
export async function ordersPage(
  query: OrderQuery,
  after: readonly [value: number, id: number] | null,
  limit: number,
  sort: OrderSort = 'newest',
): Promise<OrderRow[]> {
  const { column, direction } = sortKeys[sort]
  if (after) {
    const [value, id] = after
    const beyond = direction === 'desc' ? '<' : '>'
    query = query.where((eb) =>
      eb.or([eb(column, beyond, value), eb.and([eb(column, '=', value), eb('id', beyond, id)])]),
    )
  }
  return query.orderBy(column, direction).orderBy('id', direction).limit(limit).execute()
}

/** How many orders the query matches, counting no further than `upTo` (one index scan at most that long). */
export async function countOrdersUpTo(db: Kysely<Database>, query: OrderQuery, upTo: number): Promise<number> {
  const counted = await db
    .selectFrom(query.clearSelect().select('id').limit(upTo).as('matching'))
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(counted.n)
}

export async function eventsOfOrder(db: Kysely<Database>, orderId: number) {
  return db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}
