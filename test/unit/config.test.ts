import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type ConfigError, loadConfig } from '../../src-main/config'
import { configError } from '../support/failure'

const base = { POS_DATA_DIR: '/tmp/freshtill-config-test' }

const errorOf = (env: Record<string, string>): ConfigError => configError(() => loadConfig({ ...base, ...env }))

describe('configuration', () => {
  it('has working defaults: embedded SQLite in the data folder, no Redis, till T1, atomic, 15 minutes', () => {
    const config = loadConfig(base)
    expect(config.store).toEqual({ kind: 'sqlite', path: join('/tmp/freshtill-config-test', 'freshtill.db') })
    expect(config.redisUrl).toBeNull()
    expect(config.redisPrefix).toBe('')
    expect(config.tillId).toBe('T1')
    expect(config.stockStrategy).toBe('atomic')
    expect(config.unpaidTtlMs).toBe(15 * 60 * 1000)
    expect(config.freightFen).toBe(1000)
    expect(config.freeFreightFromFen).toBe(9900)
    expect(config.dataDir).toBe('/tmp/freshtill-config-test')
    expect(config.deadlines).toEqual({ storeMs: 5000, reportMs: 60_000, redisMs: 3000 })
    expect(config.sessionLimits).toEqual({ idleMs: 12 * 3_600_000, maxMs: 24 * 3_600_000 })
  })

  it('treats empty settings as unset', () => {
    const config = loadConfig({
      ...base,
      POS_DB: '',
      POS_REDIS: '',
      POS_TILL_ID: '',
      POS_STOCK_STRATEGY: '',
      POS_UNPAID_TTL_SECONDS: '',
    })
    expect(config).toEqual(loadConfig(base))
  })

  it('reads good settings', () => {
    const config = loadConfig({
      ...base,
      POS_DB: 'mysql://pos:secret@db.local:3306/freshtill',
      POS_REDIS: 'redis://127.0.0.1:6379/2',
      POS_TILL_ID: 'Till42',
      POS_STOCK_STRATEGY: 'pessimistic',
      POS_UNPAID_TTL_SECONDS: '90',
    })
    expect(config.store).toEqual({ kind: 'mysql', url: 'mysql://pos:secret@db.local:3306/freshtill' })
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379/2')
    expect(config.tillId).toBe('Till42')
    expect(config.stockStrategy).toBe('pessimistic')
    expect(config.unpaidTtlMs).toBe(90_000)
    expect(loadConfig({ ...base, POS_DB: 'sqlite:./shop.db' }).store).toEqual({ kind: 'sqlite', path: './shop.db' })
    expect(loadConfig({ ...base, POS_STOCK_STRATEGY: 'optimistic' }).stockStrategy).toBe('optimistic')
    expect(loadConfig({ ...base, POS_SESSION_IDLE_MINUTES: '30', POS_SESSION_MAX_HOURS: '10' }).sessionLimits).toEqual({
      idleMs: 30 * 60_000,
      maxMs: 10 * 3_600_000,
    })
    // A lifetime shorter than the default idle limit shortens that too.
    expect(loadConfig({ ...base, POS_SESSION_MAX_HOURS: '8' }).sessionLimits).toEqual({
      idleMs: 8 * 3_600_000,
      maxMs: 8 * 3_600_000,
    })
  })

  it('refuses an idle limit longer than the session lifetime, naming the idle setting', () => {
    expect(errorOf({ POS_SESSION_IDLE_MINUTES: '121', POS_SESSION_MAX_HOURS: '2' }).message).toBe(
      'POS_SESSION_IDLE_MINUTES: 121 minutes is longer than POS_SESSION_MAX_HOURS (2 h)',
    )
  })

  it('reads the deadlines', () => {
    const config = loadConfig({
      ...base,
      POS_DB_DEADLINE_MS: '1500',
      POS_REPORT_DEADLINE_MS: '30000',
      POS_REDIS_DEADLINE_MS: '800',
    })
    expect(config.deadlines).toEqual({ storeMs: 1500, reportMs: 30_000, redisMs: 800 })
  })

  it('reads the login throttle: 5 failures and 15 minutes unless set', () => {
    expect(loadConfig(base)).toMatchObject({ loginMaxFailures: 5, loginLockoutMs: 15 * 60_000 })
    expect(loadConfig({ ...base, POS_LOGIN_MAX_FAILURES: '3', POS_LOGIN_LOCKOUT_MINUTES: '60' })).toMatchObject({
      loginMaxFailures: 3,
      loginLockoutMs: 60 * 60_000,
    })
  })

  const bad: [setting: string, value: string][] = [
    ['POS_DB', 'postgres://x@localhost/shop'],
    ['POS_DB', 'sqlite:'],
    ['POS_DB', 'mysql://root@127.0.0.1:3306'],
    ['POS_DB', 'mysql://root@127.0.0.1:3306/'],
    ['POS_DB', 'mysql://a b/c'],
    ['POS_DB', 'shop.db'],
    ['POS_REDIS', '127.0.0.1:6379'],
    ['POS_REDIS', 'redis://'],
    ['POS_REDIS', 'http://127.0.0.1:6379'],
    ['POS_TILL_ID', 'T-1'],
    ['POS_TILL_ID', 'T 1'],
    ['POS_TILL_ID', 'ABCDEFGHIJK'],
    ['POS_TILL_ID', '收银台1'],
    ['POS_STOCK_STRATEGY', 'fast'],
    ['POS_STOCK_STRATEGY', 'ATOMIC'],
    ['POS_UNPAID_TTL_SECONDS', '0'],
    ['POS_UNPAID_TTL_SECONDS', '-60'],
    ['POS_UNPAID_TTL_SECONDS', '1.5'],
    ['POS_UNPAID_TTL_SECONDS', '15m'],
    ['POS_UNPAID_TTL_SECONDS', 'abc'],
    ['POS_UNPAID_TTL_SECONDS', String(8 * 24 * 3600)],
    ['POS_DB_DEADLINE_MS', '0'],
    ['POS_DB_DEADLINE_MS', '5s'],
    ['POS_DB_DEADLINE_MS', '600000'],
    ['POS_REDIS_DEADLINE_MS', '50'],
    ['POS_REPORT_DEADLINE_MS', '500'],
    ['POS_SESSION_IDLE_MINUTES', '4'],
    ['POS_SESSION_IDLE_MINUTES', '30m'],
    ['POS_SESSION_MAX_HOURS', '0'],
    ['POS_SESSION_MAX_HOURS', String(31 * 24)],
    ['POS_LOGIN_MAX_FAILURES', '0'],
    ['POS_LOGIN_MAX_FAILURES', 'many'],
    ['POS_LOGIN_LOCKOUT_MINUTES', '0'],
    ['POS_LOGIN_LOCKOUT_MINUTES', String(24 * 60 + 1)],
    // A value pasted from a file with Windows line endings must not break the line apart.
    ['POS_TILL_ID', 'T1\r\n'],
    ['POS_STOCK_STRATEGY', 'atomic\r\n'],
    ['POS_UNPAID_TTL_SECONDS', '60\nx'],
    ['POS_REDIS', 'redis://127.0.0.1:6379\nx'],
  ]

  it('refuses a report deadline shorter than the store deadline, naming it', () => {
    const error = errorOf({ POS_DB_DEADLINE_MS: '20000', POS_REPORT_DEADLINE_MS: '10000' })
    expect(error.message.startsWith('POS_REPORT_DEADLINE_MS:')).toBe(true)
  })

  it.each(bad)('%s=%j stops start-up with one line naming the setting', (setting, value) => {
    const error = errorOf({ [setting]: value })
    expect(error.message.startsWith(`${setting}:`)).toBe(true)
    expect(error.message).not.toMatch(/[\r\n]/)
    expect(error.message.length).toBeLessThan(200)
  })
})
