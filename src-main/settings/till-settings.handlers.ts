// 本机设置: this till's settings file, read and written by an admin. A change is checked by
// loading the whole configuration it would give on the next start (environment included), and
// applies on that start.
import type { TillSettingsView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { type Config, ConfigError, loadConfig } from '../config'
import type { StaffHandlers } from '../contract/handlers'
import type { Actor, Core } from '../core/core'
import { requireAdmin } from '../staff/staff.service'
import {
  keysSetByEnv,
  maskAll,
  maskSecret,
  mergeTillSettings,
  readTillSettings,
  type TillSettingValues,
  tillSettingKeys,
  tillSettingsPath,
  unmaskSecret,
  writeTillSettings,
} from '../till-settings'

type Env = Record<string, string | undefined>

/** `running`: the configuration this process started with (restartRequired compares with it). */
export function getTillSettings(running: Config, env: Env, actor: Actor): TillSettingsView {
  requireAdmin(actor)
  return view(running, env, readFile(running.dataDir))
}

export function updateTillSettings(
  running: Config,
  env: Env,
  actor: Actor,
  changes: TillSettingValues,
): TillSettingsView {
  requireAdmin(actor)
  const dataDir = running.dataDir
  const stored = readFile(dataDir)
  const next: TillSettingValues = { ...stored }
  // The environment wins over the file: a change there would look saved and never apply.
  const fromEnv = keysSetByEnv(env).filter((key) => changes[key] !== undefined)
  if (fromEnv.length > 0) {
    throw new PosError('INVALID_INPUT', `Set by the environment: ${fromEnv.join(', ')}`, {
      fields: Object.fromEntries(
        fromEnv.map((key) => [key, `${key} is set by the environment, which wins over this file; change it there`]),
      ),
    })
  }
  for (const key of tillSettingKeys) {
    const value = changes[key]
    if (value === undefined) continue
    if (value === '') delete next[key]
    else {
      const unmasked = unmaskSecret(value, stored[key])
      if (unmasked === null) {
        const why = `${key}: the address changed, so type its password again (the saved one is kept only for the same server, user and database)`
        throw new PosError('INVALID_INPUT', why, { fields: { [key]: why } })
      }
      next[key] = unmasked
    }
  }
  // The configuration the next start will load: the environment over the new file.
  try {
    nextConfig(running, env, next)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    const key = tillSettingKeys.find((k) => error.message.startsWith(`${k}:`)) ?? '(input)'
    throw new PosError('INVALID_INPUT', maskSecret(error.message), { fields: { [key]: maskSecret(error.message) } })
  }
  writeTillSettings(dataDir, next)
  return view(running, env, next)
}

function nextConfig(running: Config, env: Env, file: TillSettingValues): Config {
  return loadConfig(mergeTillSettings({ ...env, POS_DATA_DIR: running.dataDir }, file))
}

/** Whether the next start would connect or behave differently from this one. */
function differs(running: Config, env: Env, file: TillSettingValues): boolean {
  let next: Config
  try {
    next = nextConfig(running, env, file)
  } catch {
    return true
  }
  const pick = (c: Config) => JSON.stringify([c.store, c.redisUrl, c.redisPrefix, c.tillId, c.stockStrategy, c.alipay])
  return pick(next) !== pick(running)
}

/** The file as it is now; a broken file (edited by hand) is reported, not overwritten blindly. */
function readFile(dataDir: string): TillSettingValues {
  try {
    return readTillSettings(dataDir)
  } catch (error) {
    if (error instanceof ConfigError)
      throw new PosError('INVALID_INPUT', error.message, { fields: { file: error.message } })
    throw error
  }
}

function view(running: Config, env: Env, values: TillSettingValues): TillSettingsView {
  const overridden: TillSettingValues = {}
  for (const key of keysSetByEnv(env)) overridden[key] = maskSecret(env[key] ?? '')
  return {
    values: maskAll(values),
    overridden,
    file: tillSettingsPath(running.dataDir),
    restartRequired: differs(running, env, values),
  }
}

/** `env`: the environment the app started with (it wins over the file). */
export const tillSettingsHandlers = (core: Core, env: Env) =>
  ({
    'till.settings.get': (_input, { actor }) => Promise.resolve(getTillSettings(core.config, env, actor)),
    'till.settings.update': (input, { actor }) =>
      Promise.resolve(updateTillSettings(core.config, env, actor, input.values)),
  }) satisfies Pick<StaffHandlers, 'till.settings.get' | 'till.settings.update'>
