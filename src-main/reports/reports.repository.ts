// The daily report's SQL. Times are epoch-ms BIGINT, so a day is a range and an hour a bucket
// computed with integer arithmetic — the same statement on MySQL and SQLite, with no date
// functions and no session time zone involved. Orders count by paid_at: when the money came in.
import { type Kysely, sql } from 'kysely'
import { OrderStatus } from '../../src-shared/order-status'
import type { Database } from '../db/schema'

const HOUR_MS = 3_600_000

export interface DayRange {
  from: number
  to: number
}

export async function paidTotals(db: Kysely<Database>, day: DayRange) {
  const row = await paidInDay(db, day)
    .select((eb) => [
      eb.fn.countAll().as('orders'),
      eb.fn.sum<number>('paid_fen').as('paid'),
      eb.fn.sum<number>('refunded_fen').as('refunded'),
    ])
    .executeTakeFirstOrThrow()
  return { orders: Number(row.orders), paidFen: Number(row.paid ?? 0), refundedFen: Number(row.refunded ?? 0) }
}

/**
 * Returns made within the day (by when they were made): how many, the money back, and of it what
 * went with goods written off and what was paid back without an order.
 */
export async function returnsInDay(db: Kysely<Database>, day: DayRange) {
  const made = await db
    .selectFrom('returns')
    .select((eb) => [
      eb.fn.countAll().as('count'),
      eb.fn.sum<number>('refund_fen').as('refund'),
      eb.fn.sum<number>(eb.case().when('order_id', 'is', null).then(eb.ref('refund_fen')).else(0).end()).as('without'),
    ])
    .where('created_at', '>=', day.from)
    .where('created_at', '<', day.to)
    .executeTakeFirstOrThrow()
  const lost = await db
    .selectFrom('return_lines')
    .innerJoin('returns', 'returns.id', 'return_lines.return_id')
    .select((eb) => eb.fn.sum<number>('return_lines.refund_fen').as('lost'))
    .where('return_lines.restock', '=', 0)
    .where('returns.created_at', '>=', day.from)
    .where('returns.created_at', '<', day.to)
    .executeTakeFirstOrThrow()
  return {
    count: Number(made.count),
    refundFen: Number(made.refund ?? 0),
    lostFen: Number(lost.lost ?? 0),
    withoutOrderFen: Number(made.without ?? 0),
  }
}

export async function salesByPayMethod(db: Kysely<Database>, day: DayRange) {
  const rows = await paidInDay(db, day)
    .select((eb) => [
      'pay_method',
      eb.fn.countAll().as('orders'),
      sql<number>`sum(paid_fen - refunded_fen)`.as('sales'),
    ])
    .groupBy('pay_method')
    .execute()
  return rows.map((r) => ({
    payMethod: Number(r.pay_method),
    orders: Number(r.orders),
    salesFen: Number(r.sales ?? 0),
  }))
}

/**
 * Local hour of each paid order: (paid_at − local midnight) divided by an hour, rounded down by
 * subtracting the remainder first, so that `/` divides exactly in both dialects (SQLite's integer
 * division, MySQL's decimal one). Grouped in a derived table, so the bucket expression appears
 * once and MySQL's ONLY_FULL_GROUP_BY has nothing to compare.
 */
export async function salesByHour(db: Kysely<Database>, day: DayRange) {
  const since = sql<number>`(paid_at - ${day.from})`
  const paid = paidInDay(db, day).select([
    sql<number>`(${since} - ${since} % ${HOUR_MS}) / ${HOUR_MS}`.as('hour'),
    sql<number>`paid_fen - refunded_fen`.as('sales'),
  ])
  const rows = await db
    .selectFrom(paid.as('p'))
    .select((eb) => ['p.hour', eb.fn.countAll().as('orders'), eb.fn.sum<number>('p.sales').as('sales')])
    .groupBy('p.hour')
    .execute()
  return rows.map((r) => ({ hour: Number(r.hour), orders: Number(r.orders), salesFen: Number(r.sales ?? 0) }))
}

/** Best sellers by units, among orders paid that day and not refunded in full. */
export async function topSkus(db: Kysely<Database>, day: DayRange, limit: number) {
  const rows = await db
    .selectFrom('order_goods as l')
    .innerJoin('order_info as o', 'o.id', 'l.order_id')
    .where('o.paid_at', '>=', day.from)
    .where('o.paid_at', '<', day.to)
    .where('o.status', '<>', OrderStatus.REFUNDED)
    .select((eb) => [
      'l.sku_id',
      eb.fn.max('l.sku_name').as('name'),
      eb.fn.sum<number>('l.count').as('units'),
      // What the customer paid for the lines, their discounts taken off (docs/DISCOUNTS.md).
      eb.fn.sum<number>('l.net_fen').as('sales'),
      eb.fn.max('l.unit_grams').as('unit_grams'),
    ])
    .groupBy('l.sku_id')
    .orderBy('units', 'desc')
    .orderBy('sales', 'desc')
    .orderBy('l.sku_id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    skuId: r.sku_id,
    name: String(r.name),
    units: Number(r.units),
    unitGrams: r.unit_grams === null ? null : Number(r.unit_grams),
    salesFen: Number(r.sales),
  }))
}

/** The discounts of the orders paid that day (抹零 included): how many orders had any, and their sum. */
export async function discountsInDay(db: Kysely<Database>, day: DayRange) {
  const row = await db
    .selectFrom('order_goods as l')
    .innerJoin('order_info as o', 'o.id', 'l.order_id')
    .where('o.paid_at', '>=', day.from)
    .where('o.paid_at', '<', day.to)
    .where('l.discount_fen', '>', 0)
    .select((eb) => [
      sql<number>`count(distinct l.order_id)`.as('orders'),
      eb.fn.sum<number>('l.discount_fen').as('discount'),
    ])
    .executeTakeFirstOrThrow()
  return { orders: Number(row.orders), discountFen: Number(row.discount ?? 0) }
}

function paidInDay(db: Kysely<Database>, day: DayRange) {
  return db.selectFrom('order_info').where('paid_at', '>=', day.from).where('paid_at', '<', day.to)
}
