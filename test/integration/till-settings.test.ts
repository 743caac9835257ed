// 本机设置 through the dispatcher: admins only; a change is checked as the whole configuration
// of the next start (environment included), written with mode 0600, and read back on that start.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionView, TillSettingsView } from '../../src-shared/contract'
import { createApp, type PosApp } from '../../src-main/app'
import { systemActor } from '../../src-main/core/core'
import { consoleLogger } from '../../src-main/logger'
import { addStaff } from '../../src-main/staff/staff.service'
import { loadTillConfig, tillSettingsPath, writeTillSettings } from '../../src-main/till-settings'
import { failed, invalid, ok } from '../support/results'

describe('till settings file through the contract', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-till-settings-'))
  // The environment this till started with (embedded store in dataDir): it sets the Redis
  // prefix, which wins over the file.
  const env = { POS_DATA_DIR: dataDir, POS_REDIS_PREFIX: 'from-env:' }
  const file = tillSettingsPath(dataDir)
  let app: PosApp
  let admin: SessionView
  let cashier: SessionView
  const api = { call: (method: string, input: unknown, token: string | null) => app.dispatch(method, token, input) }

  beforeAll(async () => {
    app = await createApp(loadTillConfig(env), { log: consoleLogger('silent'), sweep: false, env })
    const login = async (role: 'admin' | 'cashier') => {
      await addStaff(app.core, systemActor('T1'), { username: `${role}1`, password: 'correct horse', role })
      return ok(
        await app.dispatch('auth.login', null, { username: `${role}1`, password: 'correct horse' }),
      ) as SessionView
    }
    admin = await login('admin')
    cashier = await login('cashier')
  })
  afterAll(async () => {
    await app?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const get = async () => ok(await api.call('till.settings.get', {}, admin.token)) as TillSettingsView
  const update = (values: Record<string, string>, token = admin.token) =>
    api.call('till.settings.update', { values }, token)

  it('is for admins only', async () => {
    failed(await api.call('till.settings.get', {}, cashier.token), 'FORBIDDEN')
    failed(await update({ POS_TILL_ID: 'T5' }, cashier.token), 'FORBIDDEN')
    failed(await api.call('till.settings.get', {}, null), 'NOT_LOGGED_IN')
    expect(existsSync(file)).toBe(false)
  })

  it('starts empty, naming the file and what the environment sets', async () => {
    expect(await get()).toEqual({
      values: {},
      overridden: { POS_REDIS_PREFIX: 'from-env:' },
      file,
      restartRequired: false,
    })
  })

  it('writes a good change with mode 0600; the next start reads it back; restart is required', async () => {
    const saved = ok(await update({ POS_TILL_ID: 'T5', POS_STOCK_STRATEGY: 'optimistic' })) as TillSettingsView
    expect(saved).toMatchObject({
      values: { POS_TILL_ID: 'T5', POS_STOCK_STRATEGY: 'optimistic' },
      restartRequired: true,
    })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    // This till keeps running with what it started with.
    expect(app.core.config.tillId).toBe('T1')
    const next = loadTillConfig(env)
    expect(next).toMatchObject({ tillId: 'T5', stockStrategy: 'optimistic', redisPrefix: 'from-env:' })
    expect(await get()).toMatchObject({ restartRequired: true })
  })

  it('refuses a bad POS_DB naming it, and leaves the file as it was', async () => {
    const before = readFileSync(file, 'utf8')
    const error = invalid(await update({ POS_DB: 'postgres://x@localhost/shop', POS_TILL_ID: 'T6' }), 'POS_DB')
    expect(Object.keys(error.details?.fields as object)).toEqual(['POS_DB'])
    invalid(await update({ POS_TILL_ID: 'T-6' }), 'POS_TILL_ID')
    // Cross-setting checks are the next start's: an Alipay gateway without an app id.
    invalid(await update({ POS_ALIPAY_GATEWAY: 'https://openapi.alipay.com/gateway.do' }), 'POS_ALIPAY_APP_ID')
    // The environment's settings cannot be changed here (the file's value would never apply).
    invalid(await update({ POS_REDIS_PREFIX: 'file:' }), 'POS_REDIS_PREFIX')
    // Unknown keys and control characters never reach the file.
    invalid(await update({ POS_DATA_DIR: '/elsewhere' }), 'values')
    invalid(await update({ POS_TILL_ID: 'T1\nPOS_DB=x' }), 'values.POS_TILL_ID')
    expect(readFileSync(file, 'utf8')).toBe(before)
  })

  it('masks the database password on the way out; the masked value sent back keeps it', async () => {
    const url = 'mysql://pos:s3cret@db.local:3306/shop'
    const saved = ok(await update({ POS_DB: url })) as TillSettingsView
    expect(saved.values.POS_DB).toBe('mysql://pos:***@db.local:3306/shop')
    expect(JSON.stringify(await get())).not.toContain('s3cret')
    expect(storedSettings(file).POS_DB).toBe(url)
    // The screen sends back what it was shown: the password stays.
    ok(await update({ POS_DB: 'mysql://pos:***@db.local:3306/shop' }))
    expect(storedSettings(file).POS_DB).toBe(url)
    // Another server with the masked password: refused, the saved password never sent there.
    const refused = invalid(await update({ POS_DB: 'mysql://pos:***@evil.example:3306/shop' }), 'POS_DB')
    expect(refused.message).toContain('type its password again')
    expect(storedSettings(file).POS_DB).toBe(url)
    ok(await update({ POS_DB: 'mysql://pos:n3w@db2.local:3306/shop' }))
    expect(storedSettings(file).POS_DB).toBe('mysql://pos:n3w@db2.local:3306/shop')
    // '' removes a setting from the file: back to the default store.
    ok(await update({ POS_DB: '' }))
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ POS_TILL_ID: 'T5', POS_STOCK_STRATEGY: 'optimistic' })
  })

  it('a file broken by hand is reported, not overwritten', async () => {
    writeFileSync(file, '{ broken')
    const error = failed(await api.call('till.settings.get', {}, admin.token), 'INVALID_INPUT')
    expect(error.message).toContain(file)
    failed(await update({ POS_TILL_ID: 'T8' }), 'INVALID_INPUT')
    expect(readFileSync(file, 'utf8')).toBe('{ broken')
    writeTillSettings(dataDir, {})
    expect(await get()).toMatchObject({ values: {}, restartRequired: false })
  })

  it("app.info carries the shop's display name and default language (shop settings) for the login screen and receipt", async () => {
    expect(await app.dispatch('app.info', null, {})).toMatchObject({
      ok: true,
      data: { displayName: 'FreshTill T1', defaultLanguage: 'zh' },
    })
    ok(await app.dispatch('settings.update', admin.token, { tillDisplayName: '鲜食一号店', defaultLanguage: 'en' }))
    expect(await app.dispatch('app.info', null, {})).toMatchObject({
      ok: true,
      data: { tillId: 'T1', displayName: '鲜食一号店', defaultLanguage: 'en' },
    })
  })
})

/** The till's settings file as written. */
function storedSettings(file: string): Record<string, string> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
}
