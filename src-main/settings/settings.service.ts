// The shop's settings (admins only): stored ones override the environment's defaults in
// config.ts at run time. Every till reads them through a short cache: a change made at one till
// reaches the others within SETTINGS_CACHE_MS, and the till that made it at once.
import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { type ShopSettings, settingsSchema } from '../../src-shared/contract'
import { defaultScaleLabelFormats } from '../../src-shared/scale-label'
import type { Actor, Core } from '../core/core'
import type { Database } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { invalidInput } from '../errors'
import { requireAdmin } from '../staff/staff.service'
import { readStoredSettings, storeSetting } from './settings.repository'

export const SETTINGS_CACHE_MS = 5_000

/** A parked sale keeps for a day unless the shop says otherwise (docs/PARKED.md). */
export const DEFAULT_PARKED_SALE_HOURS = 24

/** Cash out above 500 yuan needs an admin at the till unless the shop says otherwise (docs/SHIFTS.md). */
export const DEFAULT_CASH_OUT_APPROVAL_FEN = 50_000
/** A cashier may give up to 10 % of a sale's list amount without an admin (docs/DISCOUNTS.md). */
export const DEFAULT_DISCOUNT_LIMIT_PERCENT = 10

/** The settings as the order core uses them: the unpaid time in ms, as the environment gives it. */
export interface EffectiveSettings extends ShopSettings {
  unpaidTtlMs: number
}

type SettingName = keyof ShopSettings
const settingNames = Object.keys(settingsSchema.shape) as SettingName[]

export class SettingsCache {
  private cached: { settings: EffectiveSettings; at: number } | null = null
  private loading: Promise<EffectiveSettings> | null = null

  constructor(private readonly ttlMs = SETTINGS_CACHE_MS) {}

  async get(load: () => Promise<EffectiveSettings>, now: number): Promise<EffectiveSettings> {
    if (this.cached && now - this.cached.at < this.ttlMs && now >= this.cached.at) return this.cached.settings
    // One read for all callers that arrive while it runs.
    this.loading ??= load().finally(() => {
      this.loading = null
    })
    const settings = await this.loading
    this.cached = { settings, at: now }
    return settings
  }

  invalidate(): void {
    this.cached = null
  }

  /** The cached settings if still fresh; never reads. */
  fresh(now: number): EffectiveSettings | null {
    return this.cached && now - this.cached.at < this.ttlMs && now >= this.cached.at ? this.cached.settings : null
  }
}

/** The effective settings, from the cache (see SETTINGS_CACHE_MS). */
export function shopSettings(core: Core): Promise<EffectiveSettings> {
  return core.settings.get(() => loadSettings(core), core.now())
}

/**
 * The settings inside a write transaction: the cache when fresh, else read through `trx` itself —
 * never through a second connection, which SQLite's one connection would make wait on `trx`.
 */
export async function shopSettingsIn(core: Core, trx: Kysely<Database>): Promise<EffectiveSettings> {
  return core.settings.fresh(core.now()) ?? loadSettings(core, trx)
}

export async function getSettings(core: Core, actor: Actor): Promise<ShopSettings> {
  requireAdmin(actor)
  return publicView(await loadSettings(core))
}

export async function updateSettings(core: Core, actor: Actor, changes: Partial<ShopSettings>): Promise<ShopSettings> {
  requireAdmin(actor)
  // Checked here as well as at the contract: a service caller must not store what no till can read.
  const parsed = settingsSchema.partial().strict().safeParse(changes)
  if (!parsed.success) throw invalidInput(parsed.error)
  const valid = parsed.data
  const now = core.now()
  await writeTransaction(core.store, async (trx) => {
    for (const name of settingNames) {
      const value = valid[name]
      if (value !== undefined)
        await storeSetting(trx, core.store.kind, {
          name,
          value: JSON.stringify(value),
          updated_by: actor.staffId,
          updated_at: now,
        })
    }
  })
  core.settings.invalidate()
  return publicView(await loadSettings(core))
}

function defaults(core: Core): EffectiveSettings {
  const config = core.config
  return {
    freightFen: config.freightFen,
    freeFreightFromFen: config.freeFreightFromFen,
    unpaidTtlMinutes: Math.max(1, Math.round(config.unpaidTtlMs / 60_000)),
    unpaidTtlMs: config.unpaidTtlMs,
    tillDisplayName: `FreshTill ${config.tillId}`,
    defaultLanguage: 'zh',
    parkedSaleHours: DEFAULT_PARKED_SALE_HOURS,
    scaleLabelFormats: defaultScaleLabelFormats,
    askForRatings: false,
    cashOutApprovalFen: DEFAULT_CASH_OUT_APPROVAL_FEN,
    discountLimitPercent: DEFAULT_DISCOUNT_LIMIT_PERCENT,
    roundDown: 'fen',
  }
}

async function loadSettings(core: Core, db: Kysely<Database> = core.store.db): Promise<EffectiveSettings> {
  const stored = await readStoredSettings(db)
  const settings = defaults(core)
  const overrides: Partial<ShopSettings> = {}
  for (const name of settingNames) {
    const text = stored.get(name)
    if (text === undefined) continue
    const parsed = parseStored(settingsSchema.shape[name], text)
    // A value edited by hand into something invalid is ignored, loudly, rather than stopping sales.
    if (parsed === undefined) core.log.warn({ setting: name }, 'stored setting is not valid; using the default')
    else Object.assign(overrides, { [name]: parsed })
  }
  const effective = { ...settings, ...overrides }
  if (overrides.unpaidTtlMinutes !== undefined) effective.unpaidTtlMs = overrides.unpaidTtlMinutes * 60_000
  return effective
}

function parseStored(schema: z.ZodType, text: string): unknown {
  try {
    const result = schema.safeParse(JSON.parse(text))
    return result.success ? result.data : undefined
  } catch {
    return undefined
  }
}

function publicView({ unpaidTtlMs: _, ...settings }: EffectiveSettings): ShopSettings {
  return settings
}
