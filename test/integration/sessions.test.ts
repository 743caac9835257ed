// Sessions in the store, on both stores: what is kept of a token, the idle limit and the
// lifetime (POS_SESSION_IDLE_MINUTES / POS_SESSION_MAX_HOURS, on the test's clock), the staff
// row read again on every call, and a second till on the same store (on SQLite: another
// connection to the same file) seeing sessions end at once.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SessionView } from '../../src-shared/contract'
import type { Core } from '../../src-main/core/core'
import { failed, ok } from '../support/results'
import { type ContractClient, contractClient, STAFF_PASSWORD } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe.each(testStores)('sessions on %s', (kind) => {
  let t: TestStore
  /** Till T1 with sessions that end after 30 minutes unused, or 2 hours after login. */
  let core: Core
  let api: ContractClient
  /** Till T2 on the same store. */
  let other: ContractClient
  /** Logged in afresh for each test: earlier tests move the clock past the limits. */
  let admin: SessionView

  beforeAll(async () => {
    t = await freshStore(kind)
    core = await t.openAnother({ sessionLimits: { idleMs: 30 * MINUTE, maxMs: 2 * HOUR } })
    api = contractClient(core)
    other = contractClient(await t.openAnother({ tillId: 'T2' }))
  })
  beforeEach(async () => {
    admin = await api.login('admin')
  })
  afterAll(() => t.dispose())

  const sessionRow = (token: string) =>
    core.store.db
      .selectFrom('sessions')
      .selectAll()
      .where('token_hash', '=', createHash('sha256').update(token).digest('hex'))
      .executeTakeFirst()

  it("keeps only the token's SHA-256, with the staff member, the till and the times", async () => {
    const cashier = await api.login('cashier')
    const rows = await core.store.db
      .selectFrom('sessions')
      .selectAll()
      .where('staff_id', '=', cashier.staffId)
      .execute()
    expect(rows).toEqual([
      {
        token_hash: createHash('sha256').update(cashier.token).digest('hex'),
        staff_id: cashier.staffId,
        till_id: 'T1',
        created_at: t.clock.now,
        last_seen_at: t.clock.now,
      },
    ])
    expect(JSON.stringify(await core.store.db.selectFrom('sessions').selectAll().execute())).not.toContain(
      cashier.token,
    )
  })

  it('ends a session left unused longer than the idle limit; using it keeps it going', async () => {
    const cashier = await api.login('cashier')
    t.clock.advance(29 * MINUTE)
    ok(await api.call('cart.get', {}, cashier.token))
    t.clock.advance(29 * MINUTE)
    ok(await api.call('cart.get', {}, cashier.token))
    t.clock.advance(30 * MINUTE + 1)
    failed(await api.call('cart.get', {}, cashier.token), 'NOT_LOGGED_IN')
    expect(await sessionRow(cashier.token)).toBeUndefined()
  })

  it('ends a session at its lifetime however busy it is', async () => {
    const cashier = await api.login('cashier')
    for (let i = 0; i < 5; i++) {
      t.clock.advance(20 * MINUTE)
      ok(await api.call('cart.get', {}, cashier.token))
    }
    // 20 minutes idle, well within the idle limit, but 2 hours since the login.
    t.clock.advance(20 * MINUTE + 1)
    failed(await api.call('cart.get', {}, cashier.token), 'NOT_LOGGED_IN')
  })

  it('notes the time of use at most once a minute, not on every call', async () => {
    const cashier = await api.login('cashier')
    const openedAt = t.clock.now
    t.clock.advance(30_000)
    ok(await api.call('cart.get', {}, cashier.token))
    expect((await sessionRow(cashier.token))?.last_seen_at).toBe(openedAt)
    t.clock.advance(31_000)
    ok(await api.call('cart.get', {}, cashier.token))
    expect((await sessionRow(cashier.token))?.last_seen_at).toBe(t.clock.now)
  })

  it('reads the staff row on every call: a role or active flag changed behind the session counts at once', async () => {
    const manager = await api.login('admin')
    ok(await api.call('staff.list', {}, manager.token))
    // As another till running older code, or someone at the database, would change it.
    await core.store.db.updateTable('users').set({ role: 'cashier' }).where('id', '=', manager.staffId).execute()
    failed(await api.call('staff.list', {}, manager.token), 'FORBIDDEN')
    expect(ok(await api.call('auth.me', {}, manager.token))).toMatchObject({ role: 'cashier' })
    await core.store.db.updateTable('users').set({ active: 0 }).where('id', '=', manager.staffId).execute()
    failed(await api.call('auth.me', {}, manager.token), 'NOT_LOGGED_IN')
  })

  it('deactivating, a new password, a new role and "log out everywhere" at T1 end the sessions at T2 at once', async () => {
    const cashiers = await Promise.all([0, 1, 2, 3].map(() => other.login('cashier')))
    for (const cashier of cashiers) ok(await other.call('cart.get', {}, cashier.token))
    const [fired, reset, promoted, everywhere] = cashiers as [SessionView, SessionView, SessionView, SessionView]

    ok(await api.call('staff.setActive', { staffId: fired.staffId, active: false }, admin.token))
    ok(await api.call('staff.resetPassword', { staffId: reset.staffId, password: 'another one 8' }, admin.token))
    ok(await api.call('staff.setRole', { staffId: promoted.staffId, role: 'admin' }, admin.token))
    ok(await api.call('staff.logoutEverywhere', { staffId: everywhere.staffId }, admin.token))
    for (const cashier of cashiers) failed(await other.call('cart.get', {}, cashier.token), 'NOT_LOGGED_IN')
    ok(await api.call('auth.me', {}, admin.token))
  })

  it("an admin's own role cannot be changed by themself; their own 'log out everywhere' keeps this session", async () => {
    const elsewhere = await other.login('admin')
    const here = ok(await api.call('auth.login', { username: elsewhere.username, password: STAFF_PASSWORD }))
    const token = (here as SessionView).token
    failed(await api.call('staff.setRole', { staffId: elsewhere.staffId, role: 'cashier' }, token), 'FORBIDDEN')
    ok(await api.call('staff.logoutEverywhere', { staffId: elsewhere.staffId }, token))
    failed(await other.call('auth.me', {}, elsewhere.token), 'NOT_LOGGED_IN')
    expect(ok(await api.call('auth.me', {}, token))).toMatchObject({ role: 'admin' })
    // Their own "log out everywhere" from the header ends this one too.
    ok(await api.call('auth.logoutEverywhere', {}, token))
    failed(await api.call('auth.me', {}, token), 'NOT_LOGGED_IN')
  })

  it('an unknown staff id ends nobody and answers INVALID_INPUT', async () => {
    const cashier = await api.login('cashier')
    failed(await api.call('staff.logoutEverywhere', { staffId: 999_999 }, admin.token), 'INVALID_INPUT')
    failed(await api.call('staff.setRole', { staffId: 999_999, role: 'admin' }, admin.token), 'INVALID_INPUT')
    ok(await api.call('auth.me', {}, cashier.token))
  })
})
