import { z } from 'zod'
import { text } from '../text'
import { method } from './method'

export const languages = ['zh', 'en'] as const
export type Language = (typeof languages)[number]

/** The shop's settings: stored ones override the environment's defaults at run time. */
export interface ShopSettings {
  /** Delivery freight, waived when the goods total reaches freeFreightFromFen. */
  freightFen: number
  freeFreightFromFen: number
  /** How long an unpaid order keeps its stock before the sweep cancels it. */
  unpaidTtlMinutes: number
  /** The name the till shows (screens, receipts). */
  tillDisplayName: string
  /** The screens' language until a user picks one. */
  defaultLanguage: Language
  /** How long a parked sale (挂单) waits to be recalled before it is dropped. */
  parkedSaleHours: number
  /**
   * Counter sales wait for the customer's 1–5 stars on the customer display once paid; off, they
   * are finished when paid. Unrated ones finish when the shop day closes.
   */
  askForRatings: boolean
}

export const settingsSchema = z.object({
  freightFen: z.number().int().min(0).max(1_000_000),
  freeFreightFromFen: z.number().int().min(0).max(100_000_000),
  unpaidTtlMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  tillDisplayName: text({ min: 1, max: 32 }).regex(/^[^<>]*$/, 'no < >'),
  defaultLanguage: z.enum(languages),
  parkedSaleHours: z
    .number()
    .int()
    .min(1)
    .max(7 * 24),
  /** A paid counter sale waits for the customer's star rating on the customer display. */
  askForRatings: z.boolean(),
})

export const settingsMethods = {
  'settings.get': method<ShopSettings>()('admin', z.object({})),
  'settings.update': method<ShopSettings>()('admin', settingsSchema.partial().strict()),
}
