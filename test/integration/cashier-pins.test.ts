// Cashiers' PINs (docs/SECURITY.md): an admin sets or clears one for the tills it works at; it
// logs a cashier in at those tills only, never an admin; it is throttled on the same counts as a
// password, and stops working at the limit until the count is forgotten; changing it ends the
// cashier's sessions on every till; the offline history holds no PINs. Time moves by the test's
// clock, never by sleeping.
import { sql } from 'kysely'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallResult, LoginLockView, SessionView, StaffView } from '../../src-shared/contract'
import { createApp, type PosApp } from '../../src-main/app'
import { migrateToLatest } from '../../src-main/db/migrator'
import { syncMirror } from '../../src-main/history/mirror.sync'
import { testId } from '../support/ids'
import { storeBeforeMigration } from '../support/migrated-store'
import { failed, invalid, ok } from '../support/results'
import { appClient, type ContractClient, contractClient, STAFF_PASSWORD } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { answeredDuringOutage } from '../support/outage'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'

const SECOND = 1_000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const PIN = '2580'

describe.each(testStores)('cashier PINs on %s', (kind) => {
  let t: TestStore
  /** Till T1, where the PINs below are given for. */
  let api: ContractClient
  /** Till T2 on the same store. */
  let t2: ContractClient
  let admin: SessionView

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    t2 = contractClient(await t.openAnother({ tillId: 'T2' }))
    admin = await api.login('admin')
  })
  afterAll(() => t.dispose())

  const setPin = (staffId: number, pin = PIN, tills = ['T1']) =>
    api.call('staff.setPin', { staffId, pin, tills }, admin.token)
  const pinLogin = (username: string, pin = PIN, till = api) => till.call('auth.login', { username, pin })
  const passwordLogin = (username: string, till = api) =>
    till.call('auth.login', { username, password: STAFF_PASSWORD })
  /** A cashier with PIN at T1, and the session they got by password. */
  const cashierWithPin = async (tills = ['T1']) => {
    const cashier = await api.login('cashier')
    ok(await setPin(cashier.staffId, PIN, tills))
    return cashier
  }
  const events = (username: string) =>
    t.core.store.db
      .selectFrom('login_events')
      .select(['kind', 'credential', 'till_id'])
      .where('username', '=', username)
      .orderBy('id')
      .execute()
  /** The answer's code, and the wait for LOGIN_LOCKED. */
  const outcome = (answer: CallResult<unknown>) =>
    answer.ok
      ? 'ok'
      : answer.error.code === 'LOGIN_LOCKED'
        ? `LOGIN_LOCKED ${String(answer.error.details?.retryAfterSeconds)} s`
        : answer.error.code

  it('an admin sets a PIN for a till; it is kept only as a scrypt hash and logs the cashier in there', async () => {
    const cashier = await api.login('cashier')
    const view = ok(await setPin(cashier.staffId, PIN, ['T1', 'T3'])) as StaffView
    expect(view).toEqual({
      id: cashier.staffId,
      username: cashier.username,
      role: 'cashier',
      active: true,
      pinTills: ['T1', 'T3'],
    })
    const listed = ok(await api.call('staff.list', {}, admin.token)) as StaffView[]
    expect(listed.find((s) => s.id === cashier.staffId)?.pinTills).toEqual(['T1', 'T3'])

    const rows = await t.core.store.db
      .selectFrom('staff_pins')
      .selectAll()
      .where('staff_id', '=', cashier.staffId)
      .execute()
    expect(rows.map((r) => r.till_id).sort()).toEqual(['T1', 'T3'])
    for (const row of rows) {
      expect(row.pin_hash.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1'])
      expect(row.pin_hash).not.toContain(PIN)
    }

    const session = ok(await pinLogin(cashier.username)) as SessionView
    expect(session).toMatchObject({ staffId: cashier.staffId, role: 'cashier', tillId: 'T1' })
    ok(await api.call('cart.get', {}, session.token))
    failed(await pinLogin(cashier.username, '2581'), 'LOGIN_FAILED')
    // The password still works beside it.
    ok(await passwordLogin(cashier.username))
    expect(await events(cashier.username)).toEqual([
      { kind: 'succeeded', credential: 'password', till_id: 'T1' },
      { kind: 'succeeded', credential: 'pin', till_id: 'T1' },
      { kind: 'failed', credential: 'pin', till_id: 'T1' },
      { kind: 'succeeded', credential: 'password', till_id: 'T1' },
    ])
  })

  it('a PIN is refused at a till it was not given for, as a wrong one; the password works there', async () => {
    const cashier = await cashierWithPin(['T1'])
    failed(await pinLogin(cashier.username, PIN, t2), 'LOGIN_FAILED')
    ok(await passwordLogin(cashier.username, t2))
    ok(await pinLogin(cashier.username, PIN, api))
    expect(await events(cashier.username)).toContainEqual({ kind: 'failed', credential: 'pin', till_id: 'T2' })
  })

  it('admins never get a PIN (PIN_NOT_FOR_ADMIN), and a cashier made admin loses theirs', async () => {
    const other = await api.login('admin')
    failed(await setPin(other.staffId), 'PIN_NOT_FOR_ADMIN')
    failed(await setPin(admin.staffId), 'PIN_NOT_FOR_ADMIN')
    expect(
      await t.core.store.db.selectFrom('staff_pins').select('staff_id').where('staff_id', '=', other.staffId).execute(),
    ).toEqual([])
    failed(await pinLogin(other.username), 'LOGIN_FAILED')

    const cashier = await cashierWithPin()
    const pinSession = ok(await pinLogin(cashier.username)) as SessionView
    expect(ok(await api.call('staff.setRole', { staffId: cashier.staffId, role: 'admin' }, admin.token))).toMatchObject(
      { role: 'admin', pinTills: [] },
    )
    failed(await api.call('auth.me', {}, pinSession.token), 'NOT_LOGGED_IN')
    failed(await pinLogin(cashier.username), 'LOGIN_FAILED')
    // Made cashier again, they have no PIN until an admin gives them one.
    ok(await api.call('staff.setRole', { staffId: cashier.staffId, role: 'cashier' }, admin.token))
    failed(await pinLogin(cashier.username), 'LOGIN_FAILED')
  })

  it('a cashier can neither set nor clear PINs (FORBIDDEN)', async () => {
    const cashier = await api.login('cashier')
    const input = { staffId: cashier.staffId, pin: PIN, tills: ['T1'] }
    failed(await api.call('staff.setPin', input, cashier.token), 'FORBIDDEN')
    failed(await api.call('staff.clearPin', { staffId: cashier.staffId }, cashier.token), 'FORBIDDEN')
  })

  it('an obvious PIN is PIN_TOO_SIMPLE; what is not 4–8 digits, or not a till id, is INVALID_INPUT', async () => {
    const cashier = await api.login('cashier')
    for (const pin of ['0000', '99999999', '1234', '6789', '7890', '4321', '3210', '12345678'])
      failed(await setPin(cashier.staffId, pin), 'PIN_TOO_SIMPLE')
    for (const pin of ['123', '123456789', '12a4', ' 2580', '２５８０'])
      invalid(await setPin(cashier.staffId, pin), 'pin')
    invalid(await setPin(cashier.staffId, PIN, []), 'tills')
    invalid(await setPin(cashier.staffId, PIN, ['T1', 'T1']), 'tills')
    invalid(await setPin(cashier.staffId, PIN, ['T-1']), 'tills.0')
    invalid(await setPin(987_654), 'staffId')
    expect(
      await t.core.store.db
        .selectFrom('staff_pins')
        .select('staff_id')
        .where('staff_id', '=', cashier.staffId)
        .execute(),
    ).toEqual([])
    // A login gives a password or a PIN, never both, and a PIN is digits.
    invalid(await api.call('auth.login', { username: cashier.username, password: STAFF_PASSWORD, pin: PIN }), 'pin')
    invalid(await api.call('auth.login', { username: cashier.username, pin: '25' }), 'pin')
  })

  it("wrong PINs count on the name's and the till's counts, lock out like passwords, and then keep PINs off until cleared", async () => {
    const cashier = await cashierWithPin()
    const answers: string[] = []
    for (let i = 0; i < 5; i++) {
      answers.push(outcome(await pinLogin(cashier.username, '1357')))
      t.clock.advance(16 * SECOND)
    }
    expect(answers).toEqual(Array<string>(5).fill('LOGIN_FAILED'))
    // The same counts as the password: it is locked out too.
    expect(outcome(await passwordLogin(cashier.username))).toBe('LOGIN_LOCKED 884 s')
    // The right PIN is refused before it is checked.
    failed(await pinLogin(cashier.username), 'PIN_LOCKED')
    expect((await events(cashier.username)).slice(-6)).toEqual([
      ...Array(5).fill({ kind: 'failed', credential: 'pin', till_id: 'T1' }),
      { kind: 'locked', credential: 'pin', till_id: 'T1' },
    ])

    // Past the lockout time a password may try again; a PIN may not: five guesses, then none.
    t.clock.advance(15 * MINUTE)
    failed(await pinLogin(cashier.username), 'PIN_LOCKED')
    t.clock.advance(20 * HOUR)
    failed(await pinLogin(cashier.username), 'PIN_LOCKED')
    // The admin's session has idled out meanwhile.
    admin = await api.login('admin')

    const lockouts = ok(await api.call('staff.lockouts', {}, admin.token)) as LoginLockView[]
    expect(lockouts).toContainEqual(expect.objectContaining({ scope: 'user', subject: cashier.username, failures: 5 }))
    ok(await api.call('staff.clearLockout', { scope: 'user', subject: cashier.username }, admin.token))
    ok(await pinLogin(cashier.username))
  })

  it("a till whose count reached its limit refuses every cashier's PIN there, until a password login at it", async () => {
    const t9 = contractClient(await t.openAnother({ tillId: 'T9' }))
    const cashier = await cashierWithPin(['T9'])
    // Many names, one PIN each: the till's count, not a name's, reaches its limit (3 × 5).
    for (let i = 0; i < 3 * t.core.config.loginMaxFailures; i++) {
      failed(await pinLogin(testId('guess_'), '1357', t9), 'LOGIN_FAILED')
      t.clock.advance(20 * MINUTE)
    }
    failed(await pinLogin(cashier.username, PIN, t9), 'PIN_LOCKED')
    // The lockout time is over: the password logs in at T9, which forgets the till's count.
    ok(await passwordLogin(cashier.username, t9))
    ok(await pinLogin(cashier.username, PIN, t9))
  })

  it('a PIN locked out works again once a good password login has forgotten the count', async () => {
    const cashier = await cashierWithPin()
    for (let i = 0; i < 5; i++) {
      failed(await pinLogin(cashier.username, '1357'), 'LOGIN_FAILED')
      t.clock.advance(16 * SECOND)
    }
    t.clock.advance(15 * MINUTE)
    failed(await pinLogin(cashier.username), 'PIN_LOCKED')
    ok(await passwordLogin(cashier.username))
    ok(await pinLogin(cashier.username))
  })

  it('changing or clearing a PIN ends the cashier’s sessions on every till; deactivating stops PIN logins', async () => {
    const cashier = await cashierWithPin(['T1', 'T2'])
    const byPin = ok(await pinLogin(cashier.username)) as SessionView
    const atT2 = ok(await pinLogin(cashier.username, PIN, t2)) as SessionView
    ok(await api.call('auth.me', {}, byPin.token))

    ok(await setPin(cashier.staffId, '8024', ['T1', 'T2']))
    failed(await api.call('auth.me', {}, byPin.token), 'NOT_LOGGED_IN')
    failed(await t2.call('auth.me', {}, atT2.token), 'NOT_LOGGED_IN')
    failed(await api.call('auth.me', {}, cashier.token), 'NOT_LOGGED_IN')
    failed(await pinLogin(cashier.username, PIN), 'LOGIN_FAILED')
    const byNewPin = ok(await pinLogin(cashier.username, '8024')) as SessionView

    const cleared = ok(await api.call('staff.clearPin', { staffId: cashier.staffId }, admin.token)) as StaffView
    expect(cleared.pinTills).toEqual([])
    failed(await api.call('auth.me', {}, byNewPin.token), 'NOT_LOGGED_IN')
    failed(await pinLogin(cashier.username, '8024'), 'LOGIN_FAILED')
    // Clearing again is no error.
    ok(await api.call('staff.clearPin', { staffId: cashier.staffId }, admin.token))

    ok(await setPin(cashier.staffId, PIN))
    const again = ok(await pinLogin(cashier.username)) as SessionView
    ok(await api.call('staff.setActive', { staffId: cashier.staffId, active: false }, admin.token))
    failed(await api.call('auth.me', {}, again.token), 'NOT_LOGGED_IN')
    failed(await pinLogin(cashier.username), 'LOGIN_FAILED')
    ok(await api.call('staff.setActive', { staffId: cashier.staffId, active: true }, admin.token))
    ok(await pinLogin(cashier.username))
  })
})

describe('PINs and the offline history (shared mode, MySQL cut off through a proxy)', () => {
  let proxy: TcpProxy
  let t: TestStore
  let app: PosApp

  beforeAll(async () => {
    proxy = await startTcpProxy()
    t = await freshStore('mysql', { mysqlRoot: `mysql://root@127.0.0.1:${proxy.port}` })
    if (t.config.store.kind !== 'mysql') throw new Error('expected MySQL')
    app = await createApp(t.config, {
      log: pino({ level: 'silent' }),
      now: () => t.clock.now,
      sweep: false,
      historySync: false,
    })
  })
  afterAll(async () => {
    await proxy?.open()
    await app?.close()
    await t?.dispose()
    await proxy?.close()
  })

  it('holds no PIN: with MySQL down a PIN login is PIN_OFFLINE, and the cashier logs in with the password', async () => {
    const api = appClient(app)
    const admin = await api.login('admin')
    const cashier = await api.login('cashier')
    ok(await api.call('staff.setPin', { staffId: cashier.staffId, pin: PIN, tills: ['T1'] }, admin.token))
    ok(await api.call('auth.login', { username: cashier.username, pin: PIN }))
    if (!app.history) throw new Error('shared mode must open the offline history')
    await syncMirror(app.core, app.history)
    expect(await app.history.store.db.selectFrom('staff_pins').selectAll().execute()).toEqual([])

    await proxy.close()
    const answer = await answeredDuringOutage(
      api.call('auth.login', { username: cashier.username, pin: PIN }),
      'a PIN login',
    )
    failed(answer, 'PIN_OFFLINE')
    ok(await api.call('auth.login', { username: cashier.username, password: STAFF_PASSWORD }))
  })
})

describe.each(testStores)('migration 018 on %s', (kind) => {
  const before = storeBeforeMigration(kind, 'pins')

  it('keeps every login event and marks the earlier failures, lockouts and successes as passwords', async () => {
    const store = await before.open('017_order_amount_index')
    try {
      for (const [event, scope, staffId] of [
        ['failed', null, null],
        ['locked', 'user', null],
        ['cleared', 'user', 1],
        ['succeeded', null, 2],
      ] as const)
        await sql`insert into login_events (kind, scope, username, till_id, staff_id, created_at)
          values (${event}, ${scope}, 'li.si', 'T1', ${staffId}, 1)`.execute(store.db)

      expect((await migrateToLatest(store)).error).toBeUndefined()
      const rows = await store.db
        .selectFrom('login_events')
        .select(['kind', 'scope', 'username', 'staff_id', 'credential'])
        .orderBy('id')
        .execute()
      expect(rows).toEqual([
        { kind: 'failed', scope: null, username: 'li.si', staff_id: null, credential: 'password' },
        { kind: 'locked', scope: 'user', username: 'li.si', staff_id: null, credential: 'password' },
        { kind: 'cleared', scope: 'user', username: 'li.si', staff_id: 1, credential: null },
        { kind: 'succeeded', scope: null, username: 'li.si', staff_id: 2, credential: 'password' },
      ])
      // Only the two credentials there are.
      await expect(
        sql`insert into login_events (kind, till_id, created_at, credential) values ('failed', 'T1', 2, 'otp')`.execute(
          store.db,
        ),
      ).rejects.toThrow(/constraint|CHECK/i)
      expect(await store.db.selectFrom('staff_pins').selectAll().execute()).toEqual([])
    } finally {
      await store.close()
    }
  })
})
