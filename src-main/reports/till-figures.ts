// The figures of an X or a Z report: a till's shifts since its last Z, summed over the rows that
// name those shifts (orders, payments, refunds and cash moves carry their shift, migration 025) —
// exact whatever the clock did, and an indexed read per table.
import type { Kysely } from 'kysely'
import type { CashierTotal, ChannelTotal, ShiftFigures, TillReportFigures } from '../../src-shared/contract'
import { OrderStatus } from '../../src-shared/order-status'
import type { Database, ShiftRow } from '../db/schema'
import { addDrawers, drawersOf } from '../shifts/drawer'

/** The till's shifts no Z has covered yet, oldest first; the open one too, if any. */
export async function shiftsSinceLastZ(db: Kysely<Database>, tillId: string): Promise<ShiftRow[]> {
  return db
    .selectFrom('shifts')
    .selectAll()
    .where('till_id', '=', tillId)
    .where('z_id', 'is', null)
    .orderBy('id')
    .execute()
}

/**
 * Discounts given and goods returned within the shifts: the discounts (line, order and 抹零) of
 * the orders placed in them that were paid, and all the money their returns gave back.
 */
export async function discountsAndReturns(
  db: Kysely<Database>,
  shiftIds: readonly number[],
): Promise<{ discountsFen: number; returnsFen: number }> {
  if (shiftIds.length === 0) return { discountsFen: 0, returnsFen: 0 }
  const discounts = await db
    .selectFrom('order_goods as g')
    .innerJoin('order_info as o', 'o.id', 'g.order_id')
    .select((eb) => eb.fn.sum<number>('g.discount_fen').as('fen'))
    .where('o.shift_id', 'in', [...shiftIds])
    .where('o.paid_at', 'is not', null)
    .executeTakeFirstOrThrow()
  const returns = await db
    .selectFrom('returns')
    .select((eb) => eb.fn.sum<number>('refund_fen').as('fen'))
    .where('shift_id', 'in', [...shiftIds])
    .executeTakeFirstOrThrow()
  return { discountsFen: Number(discounts.fen ?? 0), returnsFen: Number(returns.fen ?? 0) }
}

export async function tillFigures(
  db: Kysely<Database>,
  tillId: string,
  shifts: readonly ShiftRow[],
  range: { from: number; to: number },
): Promise<TillReportFigures> {
  const ids = shifts.map((s) => s.id)
  const drawers = await drawersOf(db, shifts)
  const names = await usernames(
    db,
    shifts.map((s) => s.staff_id),
  )
  const shiftFigures: ShiftFigures[] = shifts.map((s) => ({
    id: s.id,
    staffId: s.staff_id,
    username: names.get(s.staff_id) ?? `#${s.staff_id}`,
    openedAt: Number(s.opened_at),
    closedAt: s.closed_at === null ? null : Number(s.closed_at),
    drawer: drawers.get(s.id) as ShiftFigures['drawer'],
  }))
  const base = {
    tillId,
    ...range,
    shifts: shiftFigures,
    drawer: addDrawers(shiftFigures.map((s) => s.drawer)),
    ...(await discountsAndReturns(db, ids)),
  }
  if (ids.length === 0)
    return {
      ...base,
      byChannel: [],
      paidOrders: 0,
      paidFen: 0,
      refunds: { count: 0, fen: 0 },
      cancelledOrders: { count: 0, payFen: 0 },
      byCashier: [],
    }
  const channels = await db
    .selectFrom('payments')
    .select((eb) => ['channel', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount_fen').as('fen')])
    .where('shift_id', 'in', ids)
    .where('status', '=', 'paid')
    .groupBy('channel')
    .orderBy('channel')
    .execute()
  const byChannel: ChannelTotal[] = channels.map((c) => ({
    channel: c.channel,
    payments: Number(c.n),
    fen: Number(c.fen ?? 0),
  }))
  const refunds = await db
    .selectFrom('refunds')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount_fen').as('fen')])
    .where('shift_id', 'in', ids)
    .where('status', '=', 'succeeded')
    .executeTakeFirstOrThrow()
  const cancelled = await db
    .selectFrom('order_info')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('pay_fen').as('fen')])
    .where('shift_id', 'in', ids)
    .where('status', '=', OrderStatus.CANCELLED)
    .executeTakeFirstOrThrow()
  const cashiers = await db
    .selectFrom('payments')
    .innerJoin('order_info', 'order_info.id', 'payments.order_id')
    .leftJoin('users', 'users.id', 'order_info.staff_id')
    .select((eb) => [
      'order_info.staff_id',
      'users.username',
      eb.fn.count<number>('payments.order_id').distinct().as('orders'),
      eb.fn.sum<number>('payments.amount_fen').as('fen'),
    ])
    .where('payments.shift_id', 'in', ids)
    .where('payments.status', '=', 'paid')
    .groupBy(['order_info.staff_id', 'users.username'])
    .orderBy('order_info.staff_id')
    .execute()
  const byCashier: CashierTotal[] = cashiers.map((c) => ({
    staffId: c.staff_id,
    username: c.username ?? `#${c.staff_id}`,
    orders: Number(c.orders),
    paidFen: Number(c.fen ?? 0),
  }))
  return {
    ...base,
    byChannel,
    paidOrders: byCashier.reduce((n, c) => n + c.orders, 0),
    paidFen: byChannel.reduce((n, c) => n + c.fen, 0),
    refunds: { count: Number(refunds.n), fen: Number(refunds.fen ?? 0) },
    cancelledOrders: { count: Number(cancelled.n), payFen: Number(cancelled.fen ?? 0) },
    byCashier,
  }
}

async function usernames(db: Kysely<Database>, staffIds: readonly number[]): Promise<Map<number, string>> {
  if (staffIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('id', 'in', [...new Set(staffIds)])
    .execute()
  return new Map(rows.map((r) => [r.id, r.username]))
}
