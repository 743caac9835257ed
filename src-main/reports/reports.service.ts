// The admin's daily report: today's (or any day's) sales, by payment method, by hour,
// and the best sellers. Money is whole fen; sales are what was paid less what was refunded of
// those orders (a refund counts against the day its order was paid), less what returns without an
// order paid back that day. Returns are also shown by the day they were made (docs/RETURNS.md).
import type { z } from 'zod'
import type { DayReport, dayReportInput } from '../../src-shared/contract'
import { availablePayMethods, type PayMethod } from '../../src-shared/order-status'
import type { Actor, Core } from '../core/core'
import { requireAdmin } from '../staff/staff.service'
import {
  type DayRange,
  discountsInDay,
  paidTotals,
  returnsInDay,
  salesByHour,
  salesByPayMethod,
  topSkus,
} from './reports.repository'

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

export async function dayReport(core: Core, actor: Actor, input: z.output<typeof dayReportInput>): Promise<DayReport> {
  requireAdmin(actor)
  const offsetMs = input.utcOffsetMinutes * MINUTE_MS
  const date = input.date ?? localDate(core.now(), offsetMs)
  const day = localDay(date, offsetMs)
  const db = core.store.slowDb
  const [totals, methods, hours, best, discounts, returned] = await Promise.all([
    paidTotals(db, day),
    salesByPayMethod(db, day),
    salesByHour(db, day),
    topSkus(db, day, input.topSkus),
    discountsInDay(db, day),
    returnsInDay(db, day),
  ])
  const byHour = Array.from(
    { length: 24 },
    (_, hour) => hours.find((h) => h.hour === hour) ?? { hour, orders: 0, salesFen: 0 },
  )
  const shown = new Set<number>([...availablePayMethods, ...methods.map((m) => m.payMethod)])
  const byPayMethod = [...shown]
    .sort((a, b) => a - b)
    .map((payMethod) => methods.find((m) => m.payMethod === payMethod) ?? { payMethod, orders: 0, salesFen: 0 })
    .map((m) => ({ ...m, payMethod: m.payMethod as PayMethod }))
  return {
    date,
    utcOffsetMinutes: input.utcOffsetMinutes,
    ...day,
    paidOrders: totals.orders,
    paidFen: totals.paidFen,
    refundedFen: totals.refundedFen,
    // Money paid back without an order leaves the drawer too; a return's refund of an order is in refundedFen already.
    salesFen: totals.paidFen - totals.refundedFen - returned.withoutOrderFen,
    returns: returned,
    byPayMethod,
    byHour,
    topSkus: best,
    discounts,
  }
}

/** The calendar date (YYYY-MM-DD) at `at` in a zone `offsetMs` ahead of UTC. */
export function localDate(at: number, offsetMs: number): string {
  return new Date(at + offsetMs).toISOString().slice(0, 10)
}

/** The epoch-ms range of a local calendar day: its midnight and the next one (24 h; no DST). */
export function localDay(date: string, offsetMs: number): DayRange {
  const from = Date.parse(`${date}T00:00:00Z`) - offsetMs
  return { from, to: from + DAY_MS }
}
