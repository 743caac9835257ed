// What the cash drawer should hold: expected = float + cash taken − change given − cash refunds +
// cash in − cash out, each a sum over the rows that name the shift (payments, refunds, cash moves
// and returns carry their shift: migrations 025, 028), so the figure is exact whatever the clock
// did. Cash refunds are the refunds of cash payments (a return's cash part among them) and the
// cash paid back by returns without an order.
import type { Kysely } from 'kysely'
import type { DrawerFigures } from '../../src-shared/contract'
import type { Database, ShiftRow } from '../db/schema'

type Sums = Omit<DrawerFigures, 'floatFen' | 'expectedFen' | 'countedFen' | 'differenceFen'>

const noSums = (): Sums => ({ takenFen: 0, changeFen: 0, refundsFen: 0, inFen: 0, outFen: 0 })

/** Each shift's drawer, by shift id. */
export async function drawersOf(
  db: Kysely<Database>,
  shifts: readonly ShiftRow[],
): Promise<Map<number, DrawerFigures>> {
  const ids = shifts.map((s) => s.id)
  const sums = new Map<number, Sums>(ids.map((id) => [id, noSums()]))
  if (ids.length > 0) {
    const cash = await db
      .selectFrom('payments')
      .select((eb) => [
        'shift_id',
        eb.fn.sum<number>('tendered_fen').as('tendered'),
        eb.fn.sum<number>('amount_fen').as('amount'),
      ])
      .where('shift_id', 'in', ids)
      .where('channel', '=', 'cash')
      .where('status', '=', 'paid')
      .groupBy('shift_id')
      .execute()
    for (const row of cash) {
      const s = sums.get(Number(row.shift_id)) as Sums
      s.takenFen = Number(row.tendered ?? 0)
      s.changeFen = Number(row.tendered ?? 0) - Number(row.amount ?? 0)
    }
    const refunds = await db
      .selectFrom('refunds')
      .innerJoin('payments', 'payments.id', 'refunds.payment_id')
      .select((eb) => ['refunds.shift_id', eb.fn.sum<number>('refunds.amount_fen').as('fen')])
      .where('refunds.shift_id', 'in', ids)
      .where('payments.channel', '=', 'cash')
      .where('refunds.status', '=', 'succeeded')
      .groupBy('refunds.shift_id')
      .execute()
    for (const row of refunds) (sums.get(Number(row.shift_id)) as Sums).refundsFen = Number(row.fen ?? 0)
    // A return without an order has no payment to refund: its cash comes straight from the drawer.
    const unordered = await db
      .selectFrom('returns')
      .select((eb) => ['shift_id', eb.fn.sum<number>('cash_fen').as('fen')])
      .where('shift_id', 'in', ids)
      .where('order_id', 'is', null)
      .groupBy('shift_id')
      .execute()
    for (const row of unordered) (sums.get(Number(row.shift_id)) as Sums).refundsFen += Number(row.fen ?? 0)
    const moves = await db
      .selectFrom('cash_moves')
      .select((eb) => ['shift_id', 'kind', eb.fn.sum<number>('amount_fen').as('fen')])
      .where('shift_id', 'in', ids)
      .groupBy(['shift_id', 'kind'])
      .execute()
    for (const row of moves) {
      const s = sums.get(Number(row.shift_id)) as Sums
      if (row.kind === 'in') s.inFen = Number(row.fen ?? 0)
      else s.outFen = Number(row.fen ?? 0)
    }
  }
  return new Map(shifts.map((shift) => [shift.id, drawerOf(shift, sums.get(shift.id) as Sums)]))
}

function drawerOf(shift: ShiftRow, s: Sums): DrawerFigures {
  const floatFen = Number(shift.float_fen)
  const expectedFen = floatFen + s.takenFen - s.changeFen - s.refundsFen + s.inFen - s.outFen
  const countedFen = shift.counted_fen === null ? null : Number(shift.counted_fen)
  return {
    floatFen,
    ...s,
    expectedFen,
    countedFen,
    differenceFen: countedFen === null ? null : countedFen - expectedFen,
  }
}

/** Several shifts' drawers added up; counted only when every shift was counted. */
export function addDrawers(drawers: readonly DrawerFigures[]): DrawerFigures {
  const total = { floatFen: 0, ...noSums(), expectedFen: 0 }
  let countedFen: number | null = 0
  for (const d of drawers) {
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += d[key]
    countedFen = countedFen === null || d.countedFen === null ? null : countedFen + d.countedFen
  }
  return { ...total, countedFen, differenceFen: countedFen === null ? null : countedFen - total.expectedFen }
}
