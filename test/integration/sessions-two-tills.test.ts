// Two tills of one shop, each a `pos serve` process of its own on the same MariaDB and Redis.
// The two share no memory, only the store: what an admin does to an account at till A —
// deactivating it, resetting its password, changing its role, logging it out everywhere — ends
// that staff member's sessions at till B with the same call, and B's very next call is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallResult, SessionView, StaffView } from '../../src-shared/contract'
import type { Role } from '../../src-shared/order-status'
import { systemActor } from '../../src-main/core/core'
import { addStaff } from '../../src-main/staff/staff.service'
import { type ServedTill, serveShopTill } from '../e2e/harness'
import { testId } from '../support/ids'
import { ok } from '../support/results'
import { STAFF_PASSWORD } from '../support/shop'
import { freshStore, type TestStore } from '../support/stores'

/** One contract call over HTTP, as the till's browser page makes it. */
async function call<T>(till: ServedTill, method: string, input: unknown, token?: string): Promise<CallResult<T>> {
  const response = await fetch(`${till.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  })
  return (await response.json()) as CallResult<T>
}

const notLoggedIn = { ok: false, error: { code: 'NOT_LOGGED_IN' } }

describe('sessions shared by two till processes (MariaDB + Redis)', () => {
  let t: TestStore
  let tillA: ServedTill
  let tillB: ServedTill
  /** An admin logged in at till A, who does everything below. */
  let admin: string

  const newStaff = async (role: Role): Promise<StaffView> =>
    addStaff(t.core, systemActor('T1'), { username: testId(`${role}_`), password: STAFF_PASSWORD, role })
  const login = async (till: ServedTill, username: string, password = STAFF_PASSWORD) =>
    ok(await call<SessionView>(till, 'auth.login', { username, password })).token

  beforeAll(async () => {
    t = await freshStore('mysql')
    if (t.config.store.kind !== 'mysql' || !t.config.redisUrl) throw new Error('expected shared mode')
    const shop = { POS_DB: t.config.store.url, POS_REDIS: t.config.redisUrl, POS_REDIS_PREFIX: t.config.redisPrefix }
    ;[tillA, tillB] = await Promise.all([
      serveShopTill({ ...shop, POS_TILL_ID: 'A' }),
      serveShopTill({ ...shop, POS_TILL_ID: 'B' }),
    ])
    admin = await login(tillA, (await newStaff('admin')).username)
  })

  afterAll(async () => {
    await Promise.all([tillA?.stop(), tillB?.stop()])
    await t?.dispose()
  })

  it('deactivating a cashier at till A refuses their next call at till B, and their next login', async () => {
    const cashier = await newStaff('cashier')
    const atB = await login(tillB, cashier.username)
    expect(ok(await call<SessionView>(tillB, 'auth.me', {}, atB))).toMatchObject({ staffId: cashier.id, tillId: 'B' })

    ok(await call(tillA, 'staff.setActive', { staffId: cashier.id, active: false }, admin))
    expect(await call(tillB, 'cart.get', {}, atB)).toMatchObject(notLoggedIn)
    expect(await call(tillB, 'orders.list', {}, atB)).toMatchObject(notLoggedIn)
    expect(await call(tillB, 'auth.login', { username: cashier.username, password: STAFF_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'LOGIN_FAILED' },
    })
  })

  it('an old admin session at till B stops listing staff once that admin is deactivated at till A', async () => {
    const other = await newStaff('admin')
    const atB = await login(tillB, other.username)
    expect(ok(await call<StaffView[]>(tillB, 'staff.list', {}, atB)).map((s) => s.id)).toContain(other.id)

    ok(await call(tillA, 'staff.setActive', { staffId: other.id, active: false }, admin))
    expect(await call(tillB, 'staff.list', {}, atB)).toMatchObject(notLoggedIn)
  })

  it("resetting a password at till A ends the staff member's sessions at both tills", async () => {
    const cashier = await newStaff('cashier')
    const atA = await login(tillA, cashier.username)
    const atB = await login(tillB, cashier.username)

    ok(await call(tillA, 'staff.resetPassword', { staffId: cashier.id, password: 'new password 42' }, admin))
    expect(await call(tillA, 'auth.me', {}, atA)).toMatchObject(notLoggedIn)
    expect(await call(tillB, 'auth.me', {}, atB)).toMatchObject(notLoggedIn)
    expect(
      ok(await call<SessionView>(tillB, 'auth.me', {}, await login(tillB, cashier.username, 'new password 42'))),
    ).toMatchObject({ staffId: cashier.id })
  })

  it('changing a role at till A ends the sessions at till B; logged in again, the new role counts', async () => {
    const other = await newStaff('admin')
    const atB = await login(tillB, other.username)

    expect(ok(await call<StaffView>(tillA, 'staff.setRole', { staffId: other.id, role: 'cashier' }, admin))).toEqual({
      ...other,
      role: 'cashier',
    })
    expect(await call(tillB, 'staff.list', {}, atB)).toMatchObject(notLoggedIn)
    const again = await login(tillB, other.username)
    expect(await call(tillB, 'staff.list', {}, again)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('"log out everywhere" — by the staff member at till A, or by an admin — ends the sessions at till B', async () => {
    const cashier = await newStaff('cashier')
    const atA = await login(tillA, cashier.username)
    const atB = await login(tillB, cashier.username)
    ok(await call(tillA, 'auth.logoutEverywhere', {}, atA))
    expect(await call(tillA, 'auth.me', {}, atA)).toMatchObject(notLoggedIn)
    expect(await call(tillB, 'auth.me', {}, atB)).toMatchObject(notLoggedIn)

    const again = await login(tillB, cashier.username)
    ok(await call(tillA, 'staff.logoutEverywhere', { staffId: cashier.id }, admin))
    expect(await call(tillB, 'auth.me', {}, again)).toMatchObject(notLoggedIn)
    // The admin's own session was not touched by any of it.
    expect(ok(await call<SessionView>(tillA, 'auth.me', {}, admin))).toMatchObject({ role: 'admin' })
  })

  it("a session belongs to the till it was opened at: till A's token is not logged in at till B", async () => {
    const cashier = await newStaff('cashier')
    const atA = await login(tillA, cashier.username)
    expect(await call(tillB, 'auth.me', {}, atA)).toMatchObject(notLoggedIn)
    expect(ok(await call<SessionView>(tillA, 'auth.me', {}, atA))).toMatchObject({ tillId: 'A' })
  })
})
