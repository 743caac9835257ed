import { z } from 'zod'
import { type ScaleLabelFormat, scaleLabelFields, valueDigits } from '../scale-label'
import { text } from '../text'
import { method } from './method'
import { type RoundDownOffer, roundDownOffers } from './orders'

/** One scale label format (src-shared/scale-label.ts): its digits must add up to the length. */
export const scaleLabelFormat = z
  .object({
    flags: z
      .array(z.string().regex(/^2[0-9]$/, 'two digits, 20–29 (the in-store EAN prefixes)'))
      .min(1)
      .max(10),
    length: z.union([z.literal(13), z.literal(18)]),
    codeDigits: z.number().int().min(4).max(6),
    fields: z
      .array(z.enum(scaleLabelFields))
      .min(1)
      .max(2)
      .refine((f) => new Set(f).size === f.length, 'amount and weight at most once each'),
  })
  .refine((f) => valueDigits(f) !== null, {
    message: 'flag, code, values and check digit do not add up to the length',
    path: ['codeDigits'],
  })

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
  /** The labels the shop's counter scales print (docs/ORDERS.md, "Scale labels"); none: no scale. */
  scaleLabelFormats: ScaleLabelFormat[]
  /**
   * Counter sales wait for the customer's 1–5 stars on the customer display once paid; off, they
   * are finished when paid. Unrated ones finish when the shop day closes.
   */
  askForRatings: boolean
  /** A cash out of the drawer above this (fen) needs an admin's name and password at the till. */
  cashOutApprovalFen: number
  /** The most a cashier may discount a sale without an admin, in percent of its list amount. */
  discountLimitPercent: number
  /** Which 抹零 the till offers: none, the fen, or the jiao and fen of the amount due. */
  roundDown: RoundDownOffer
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
  scaleLabelFormats: z
    .array(scaleLabelFormat)
    .max(8)
    .superRefine((formats, ctx) => {
      // A code read one way by one format and another by the next would be a guess.
      const seen = new Set<string>()
      formats.forEach((f, i) => {
        for (const flag of f.flags) {
          if (seen.has(`${f.length}:${flag}`))
            ctx.addIssue({ code: 'custom', path: [i, 'flags'], message: `flag ${flag} of ${f.length} digits twice` })
          seen.add(`${f.length}:${flag}`)
        }
      })
    }),
  /** A paid counter sale waits for the customer's star rating on the customer display. */
  askForRatings: z.boolean(),
  cashOutApprovalFen: z.number().int().min(0).max(100_000_000),
  discountLimitPercent: z.number().int().min(0).max(100),
  roundDown: z.enum(roundDownOffers),
})

export const settingsMethods = {
  'settings.get': method<ShopSettings>()('admin', z.object({})),
  'settings.update': method<ShopSettings>()('admin', settingsSchema.partial().strict()),
}
