// The admin's staff screen: deactivating ends a staff member's sessions at once; password resets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionView, StaffView } from '../../src-shared/contract'
import { failed, invalid, ok } from '../support/results'
import { type ContractClient, contractClient, STAFF_PASSWORD } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('staff accounts by an admin on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let admin: SessionView

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    admin = await api.login('admin')
  })
  afterAll(() => t.dispose())

  const login = (username: string, password = STAFF_PASSWORD) => api.call('auth.login', { username, password })

  it('deactivating ends every session of that staff member at once and stops new logins; reactivating allows them again', async () => {
    const cashier = await api.login('cashier')
    const second = ok(await login(cashier.username)) as SessionView
    ok(await api.call('cart.get', {}, cashier.token))

    const off = ok(
      await api.call('staff.setActive', { staffId: cashier.staffId, active: false }, admin.token),
    ) as StaffView
    expect(off).toEqual({
      id: cashier.staffId,
      username: cashier.username,
      role: 'cashier',
      active: false,
      pinTills: [],
    })
    failed(await api.call('cart.get', {}, cashier.token), 'NOT_LOGGED_IN')
    failed(await api.call('auth.me', {}, second.token), 'NOT_LOGGED_IN')
    failed(await login(cashier.username), 'LOGIN_FAILED')
    // Saying it twice is fine.
    expect(
      ok(await api.call('staff.setActive', { staffId: cashier.staffId, active: false }, admin.token)),
    ).toMatchObject({ active: false })
    // The admin's own session is untouched.
    ok(await api.call('staff.list', {}, admin.token))

    expect(
      ok(await api.call('staff.setActive', { staffId: cashier.staffId, active: true }, admin.token)),
    ).toMatchObject({ active: true })
    const back = ok(await login(cashier.username)) as SessionView
    ok(await api.call('cart.get', {}, back.token))
  })

  it('an admin cannot deactivate themself (FORBIDDEN), but can another admin', async () => {
    failed(await api.call('staff.setActive', { staffId: admin.staffId, active: false }, admin.token), 'FORBIDDEN')
    expect(
      (
        await t.core.store.db
          .selectFrom('users')
          .select('active')
          .where('id', '=', admin.staffId)
          .executeTakeFirstOrThrow()
      ).active,
    ).toBe(1)
    ok(await api.call('auth.me', {}, admin.token))
    const other = await api.login('admin')
    ok(await api.call('staff.setActive', { staffId: other.staffId, active: false }, admin.token))
    failed(await api.call('auth.me', {}, other.token), 'NOT_LOGGED_IN')
  })

  it('resetPassword: the old password stops working, the new one works, the staff member is logged out', async () => {
    const cashier = await api.login('cashier')
    expect(
      ok(await api.call('staff.resetPassword', { staffId: cashier.staffId, password: 'brand new pass' }, admin.token)),
    ).toBeNull()
    failed(await api.call('auth.me', {}, cashier.token), 'NOT_LOGGED_IN')
    failed(await login(cashier.username), 'LOGIN_FAILED')
    ok(await login(cashier.username, 'brand new pass'))
  })

  it("resetting one's own password keeps the current session but ends the others", async () => {
    const me = await api.login('admin')
    const elsewhere = ok(await login(me.username)) as SessionView
    ok(await api.call('staff.resetPassword', { staffId: me.staffId, password: 'my own new one' }, me.token))
    ok(await api.call('auth.me', {}, me.token))
    failed(await api.call('auth.me', {}, elsewhere.token), 'NOT_LOGGED_IN')
  })

  it('bad input and unknown staff are INVALID_INPUT and change nobody', async () => {
    const before = await t.core.store.db.selectFrom('users').selectAll().orderBy('id').execute()
    invalid(await api.call('staff.setActive', { staffId: 987_654, active: false }, admin.token), 'staffId')
    invalid(await api.call('staff.setActive', { staffId: 987_654, active: true }, admin.token), 'staffId')
    invalid(await api.call('staff.setActive', { staffId: admin.staffId, active: 'no' }, admin.token), 'active')
    invalid(await api.call('staff.setActive', { staffId: '1', active: false }, admin.token), 'staffId')
    invalid(
      await api.call('staff.resetPassword', { staffId: 987_654, password: 'long enough 1' }, admin.token),
      'staffId',
    )
    invalid(
      await api.call('staff.resetPassword', { staffId: admin.staffId, password: 'short' }, admin.token),
      'password',
    )
    invalid(
      await api.call('staff.resetPassword', { staffId: admin.staffId, password: 'x'.repeat(201) }, admin.token),
      'password',
    )
    expect(await t.core.store.db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(before)
  })
})
