// This till's connection settings, kept in <dataDir>/till-settings.json (the desktop app's
// settings screen writes it). The same keys as the environment; the environment wins over the
// file, the file over config.ts's defaults. The file may hold a database password: it is written
// atomically (temp file + rename) with mode 0600, and passwords never leave it unmasked.
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { type TillSettingKey, tillSettingKeys } from '../src-shared/contract/till'
import { type Config, ConfigError, defaultDataDir, loadConfig } from './config'

export { tillSettingKeys, type TillSettingKey }
export type TillSettingValues = Partial<Record<TillSettingKey, string>>

type Env = Record<string, string | undefined>

export const TILL_SETTINGS_FILE = 'till-settings.json'
export const MASK = '***'

export function tillSettingsPath(dataDir: string): string {
  return join(dataDir, TILL_SETTINGS_FILE)
}

const isKey = (name: string): name is TillSettingKey => (tillSettingKeys as readonly string[]).includes(name)

/** The file's settings; {} when there is no file. A file that cannot be used stops start-up with one line naming it. */
export function readTillSettings(dataDir: string): TillSettingValues {
  const path = tillSettingsPath(dataDir)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new ConfigError(
      `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); fix or delete the file`,
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ConfigError(`${path}: is not valid JSON; fix or delete the file`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ConfigError(`${path}: must be a JSON object of settings; fix or delete the file`)
  const values: TillSettingValues = {}
  for (const [name, value] of Object.entries(parsed)) {
    if (!isKey(name))
      throw new ConfigError(
        `${path}: unknown setting ${JSON.stringify(name.slice(0, 40))} (allowed: ${tillSettingKeys.join(', ')})`,
      )
    if (typeof value !== 'string') throw new ConfigError(`${path}: ${name} must be a string`)
    if (value !== '') values[name] = value
  }
  return values
}

/** The keys the environment sets (non-empty): they win over the file. */
export function keysSetByEnv(env: Env): TillSettingKey[] {
  return tillSettingKeys.filter((key) => env[key] !== undefined && env[key] !== '')
}

/** The environment over the file's values: what loadConfig sees. */
export function mergeTillSettings(env: Env, file: TillSettingValues): Env {
  const merged: Env = { ...env }
  for (const key of tillSettingKeys) {
    if (file[key] !== undefined && !keysSetByEnv(env).includes(key)) merged[key] = file[key]
  }
  return merged
}

/**
 * loadConfig with this till's settings file merged in (environment > file > defaults). A bad
 * value from the file stops start-up like a bad environment value, the line saying where it is.
 */
export function loadTillConfig(env: Env = process.env): Config {
  const dataDir = defaultDataDir(env)
  const file = readTillSettings(dataDir)
  try {
    return loadConfig(mergeTillSettings(env, file))
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    const key = tillSettingKeys.find((k) => error.message.startsWith(`${k}:`))
    if (key && file[key] !== undefined && !keysSetByEnv(env).includes(key)) {
      throw new ConfigError(`${error.message} (set in ${tillSettingsPath(dataDir)})`)
    }
    throw error
  }
}

/** Writes the file atomically (a temp file in the same folder, then rename), readable by this user only. */
export function writeTillSettings(dataDir: string, values: TillSettingValues): void {
  mkdirSync(dataDir, { recursive: true })
  const path = tillSettingsPath(dataDir)
  const clean: TillSettingValues = {}
  for (const key of tillSettingKeys) if (values[key]) clean[key] = values[key]
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`
  const fd = openSync(temp, 'w', 0o600)
  try {
    writeSync(fd, `${JSON.stringify(clean, null, 2)}\n`)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(temp, { force: true })
    throw error
  }
  closeSync(fd)
  try {
    // The mode given to open is masked by the umask; make sure it is exactly 0600.
    chmodSync(temp, 0o600)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

/** A URL's password replaced by '***' (mysql://pos:***@db/shop); anything else unchanged. */
export function maskSecret(value: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@/i.exec(value)
  if (!match) return value
  const [whole, scheme, userInfo = ''] = match
  const colon = userInfo.indexOf(':')
  if (colon < 0) return value
  return `${scheme}${userInfo.slice(0, colon)}:${MASK}@${value.slice(whole.length)}`
}

/**
 * A value coming back from the screen with the password still masked keeps the stored password
 * (the screen never had it) — but only for exactly the URL it was stored with: same scheme, user,
 * host, port, database and options. Sent anywhere else, the stored password would reach a server
 * it was never meant for, so a masked password for a changed URL is `null`: the admin must type it.
 * A value without a masked password is taken as it is.
 */
export function unmaskSecret(incoming: string, stored: string | undefined): string | null {
  if (!incoming.includes(`:${MASK}@`)) return incoming
  if (stored && maskSecret(stored) !== stored && maskSecret(stored) === incoming) return stored
  return null
}

export function maskAll(values: TillSettingValues): TillSettingValues {
  const masked: TillSettingValues = {}
  for (const key of tillSettingKeys) if (values[key] !== undefined) masked[key] = maskSecret(values[key])
  return masked
}
