// This till's settings file: environment > file > defaults, one clear line for a broken file,
// atomic writes readable by the user only, and passwords masked on the way out.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configError } from '../support/failure'
import {
  keysSetByEnv,
  loadTillConfig,
  maskSecret,
  mergeTillSettings,
  readTillSettings,
  tillSettingsPath,
  unmaskSecret,
  writeTillSettings,
} from '../../src-main/till-settings'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'freshtill-till-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const writeRaw = (text: string) => writeFileSync(tillSettingsPath(dir), text)

describe('till settings file', () => {
  it('is optional: without it the defaults apply', () => {
    expect(readTillSettings(dir)).toEqual({})
    const config = loadTillConfig({ POS_DATA_DIR: dir })
    expect(config.tillId).toBe('T1')
    expect(config.store).toEqual({ kind: 'sqlite', path: join(dir, 'freshtill.db') })
  })

  it('wins over the defaults, and the environment wins over it (an empty variable counts as unset)', () => {
    writeTillSettings(dir, {
      POS_TILL_ID: 'T7',
      POS_STOCK_STRATEGY: 'pessimistic',
      POS_DB: 'sqlite:/tmp/shop-from-file.db',
    })
    const fromFile = loadTillConfig({ POS_DATA_DIR: dir })
    expect(fromFile).toMatchObject({
      tillId: 'T7',
      stockStrategy: 'pessimistic',
      store: { kind: 'sqlite', path: '/tmp/shop-from-file.db' },
    })
    const env = { POS_DATA_DIR: dir, POS_TILL_ID: 'T9', POS_STOCK_STRATEGY: '' }
    expect(loadTillConfig(env)).toMatchObject({ tillId: 'T9', stockStrategy: 'pessimistic' })
    expect(keysSetByEnv(env)).toEqual(['POS_TILL_ID'])
    expect(mergeTillSettings(env, { POS_TILL_ID: 'T7', POS_REDIS_PREFIX: 'p:' })).toMatchObject({
      POS_TILL_ID: 'T9',
      POS_REDIS_PREFIX: 'p:',
    })
  })

  it('a bad value in the file stops start-up with one line naming the setting and the file', () => {
    writeTillSettings(dir, { POS_DB: 'postgres://x@h/db' })
    const error = configError(() => loadTillConfig({ POS_DATA_DIR: dir }))
    expect(error.message).toMatch(/^POS_DB: /)
    expect(error.message).toContain(tillSettingsPath(dir))
    expect(error.message).not.toMatch(/[\r\n]/)
    // The environment's good value hides the file's bad one.
    expect(loadTillConfig({ POS_DATA_DIR: dir, POS_DB: 'sqlite:/tmp/x.db' }).store).toEqual({
      kind: 'sqlite',
      path: '/tmp/x.db',
    })
  })

  it.each([
    ['not JSON', '{"POS_TILL_ID": "T2",', /is not valid JSON/],
    ['an array', '["POS_TILL_ID"]', /must be a JSON object/],
    ['an unknown key', '{"POS_DATA_DIR": "/elsewhere"}', /unknown setting "POS_DATA_DIR"/],
    ['a number', '{"POS_TILL_ID": 7}', /POS_TILL_ID must be a string/],
  ])('a corrupt file (%s) is one ConfigError line naming the file', (_what, text, pattern) => {
    writeRaw(text)
    const error = configError(() => loadTillConfig({ POS_DATA_DIR: dir }))
    expect(error.message.startsWith(`${tillSettingsPath(dir)}: `)).toBe(true)
    expect(error.message).toMatch(pattern)
    expect(error.message).not.toMatch(/[\r\n]/)
  })

  it('is written atomically with mode 0600, leaving no temp file, and read back as written', () => {
    writeRaw('old')
    writeTillSettings(dir, { POS_TILL_ID: 'T3', POS_DB: 'mysql://pos:s3cret@db.local:3306/shop', POS_REDIS: '' })
    expect(statSync(tillSettingsPath(dir)).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['till-settings.json'])
    expect(JSON.parse(readFileSync(tillSettingsPath(dir), 'utf8'))).toEqual({
      POS_DB: 'mysql://pos:s3cret@db.local:3306/shop',
      POS_TILL_ID: 'T3',
    })
    expect(readTillSettings(dir)).toEqual({ POS_DB: 'mysql://pos:s3cret@db.local:3306/shop', POS_TILL_ID: 'T3' })
  })

  it('masks passwords inside URLs, and a masked value sent back keeps the stored password', () => {
    expect(maskSecret('mysql://pos:s3cret@db.local:3306/shop')).toBe('mysql://pos:***@db.local:3306/shop')
    expect(maskSecret('redis://:pw@127.0.0.1:6379/0')).toBe('redis://:***@127.0.0.1:6379/0')
    expect(maskSecret('mysql://root@127.0.0.1:3306/shop')).toBe('mysql://root@127.0.0.1:3306/shop')
    expect(maskSecret('sqlite:/data/shop.db')).toBe('sqlite:/data/shop.db')
    expect(maskSecret('T1')).toBe('T1')
    const stored = 'mysql://pos:s3cret@db.local:3306/shop'
    // The very URL it was stored with: the password stays.
    expect(unmaskSecret('mysql://pos:***@db.local:3306/shop', stored)).toBe(stored)
    expect(unmaskSecret('redis://:***@127.0.0.1:6379/0', 'redis://:pw@127.0.0.1:6379/0')).toBe(
      'redis://:pw@127.0.0.1:6379/0',
    )
    // A new password typed in is taken as it is.
    expect(unmaskSecret('mysql://pos:n3w@db2.local:3306/shop', stored)).toBe('mysql://pos:n3w@db2.local:3306/shop')
    // Any other part changed: the stored password is never carried to it.
    for (const changed of [
      'mysqls://pos:***@db.local:3306/shop', // scheme
      'mysql://other:***@db.local:3306/shop', // user
      'mysql://pos:***@db2.local:3306/shop', // host
      'mysql://pos:***@db.local:3307/shop', // port
      'mysql://pos:***@db.local/shop', // port left out
      'mysql://pos:***@db.local:3306/shop2', // database
      'mysql://pos:***@db.local:3306/shop?ssl=off', // options
    ])
      expect(unmaskSecret(changed, stored), changed).toBeNull()
    expect(unmaskSecret('mysql://pos:***@db.local:3306/shop', undefined)).toBeNull()
    expect(unmaskSecret('mysql://pos:***@db.local:3306/shop', 'mysql://pos@db.local:3306/shop')).toBeNull()
  })
})
