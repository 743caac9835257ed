import { z } from 'zod'
import type { PayMethod } from '../order-status'
import { id, method } from './method'

export interface DayReport {
  /** The local calendar day, and the UTC offset it was read in. */
  date: string
  utcOffsetMinutes: number
  /** Epoch ms of the day's local midnight, and of the next one. */
  from: number
  to: number
  /** Orders paid within the day (a refund later on keeps them counted). */
  paidOrders: number
  paidFen: number
  refundedFen: number
  /** paidFen − refundedFen − returns.withoutOrderFen. */
  salesFen: number
  /**
   * Returns made within the day: how many, all the money back, the part that went with goods
   * written off, and the part paid back without an order.
   */
  returns: { count: number; refundFen: number; lostFen: number; withoutOrderFen: number }
  byPayMethod: { payMethod: PayMethod; orders: number; salesFen: number }[]
  /** 24 buckets, local hours 0–23. */
  byHour: { hour: number; orders: number; salesFen: number }[]
  /** units: pieces, or grams when unitGrams is set (a weight SKU). */
  topSkus: { skuId: number; name: string; units: number; unitGrams: number | null; salesFen: number }[]
  /** The discounts of the orders paid that day, 抹零 included (docs/DISCOUNTS.md). */
  discounts: { orders: number; discountFen: number }
}

/**
 * A calendar day in the shop's time zone, given as the date and that zone's UTC offset on that
 * day (Asia/Shanghai: +480, no daylight saving). The renderer sends
 * `-new Date(y, m - 1, d).getTimezoneOffset()`. No date: today, in that offset.
 */
export const dayReportInput = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .refine((d) => {
      const t = Date.parse(`${d}T00:00:00Z`)
      return Number.isFinite(t) && new Date(t).toISOString().startsWith(d)
    }, 'not a calendar date')
    .optional(),
  utcOffsetMinutes: z
    .number()
    .int()
    .min(-720)
    .max(840)
    .refine((m) => m % 15 === 0, 'whole quarter hours')
    .default(480),
  topSkus: id.max(50).default(10),
})

export const reportMethods = {
  'reports.day': method<DayReport>()('admin', dayReportInput),
}
