import { z } from 'zod'
import { text } from '../text'
import { method } from './method'

/** This till's connection settings (the settings file in the app's data folder), by environment name. */
export const tillSettingKeys = [
  'POS_DB',
  'POS_REDIS',
  'POS_REDIS_PREFIX',
  'POS_TILL_ID',
  'POS_STOCK_STRATEGY',
  'POS_ALIPAY_APP_ID',
  'POS_ALIPAY_GATEWAY',
  'POS_ALIPAY_PRIVATE_KEY',
  'POS_ALIPAY_PUBLIC_KEY',
  'POS_ALIPAY_APP_CERT',
  'POS_ALIPAY_PUBLIC_CERT',
  'POS_ALIPAY_ROOT_CERT',
  'POS_ALIPAY_NOTIFY_URL',
  'POS_ALIPAY_STORE_ID',
  'POS_PRINTER',
  'POS_PAPER_WIDTH',
] as const
export type TillSettingKey = (typeof tillSettingKeys)[number]

export interface TillSettingsView {
  /** The file's values; passwords inside URLs shown as '***'. */
  values: Partial<Record<TillSettingKey, string>>
  /** Keys the environment sets: they win over the file (shown read-only, with their masked value). */
  overridden: Partial<Record<TillSettingKey, string>>
  /** Where the file is. */
  file: string
  /** Changes apply when the app starts next. */
  restartRequired: boolean
}

// Kept as typed: a key file's path names the file by its exact characters, and NFC could name another.
const settingValue = text({ max: 1000, asTyped: true }).trim()

export const tillSettingsInput = z
  .object(
    Object.fromEntries(tillSettingKeys.map((k) => [k, settingValue.optional()])) as Record<
      TillSettingKey,
      z.ZodOptional<typeof settingValue>
    >,
  )
  .strict()

export const tillMethods = {
  'till.settings.get': method<TillSettingsView>()('admin', z.object({})),
  /** Sets the given keys ('' removes one from the file); the whole resulting configuration must be valid. */
  'till.settings.update': method<TillSettingsView>()('admin', z.object({ values: tillSettingsInput })),
}
