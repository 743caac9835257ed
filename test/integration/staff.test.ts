import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallResult } from '../../src-shared/contract'
import { type Actor, systemActor } from '../../src-main/core/core'
import {
  addAddress,
  addMember,
  addressesOfMember,
  memberByPhone,
  updateAddress,
} from '../../src-main/members/members.service'
import { verifyPassword } from '../../src-main/staff/password'
import { SessionStore } from '../../src-main/staff/sessions'
import { addStaff, listStaff, login } from '../../src-main/staff/staff.service'
import { failure } from '../support/failure'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { contractClient, staffActor } from '../support/shop'

describe.each(testStores)('staff accounts on %s', (kind) => {
  let t: TestStore
  let root: Actor
  let sessions: SessionStore

  beforeAll(async () => {
    t = await freshStore(kind)
    root = systemActor('T1')
    sessions = new SessionStore(t.core)
  })
  afterAll(() => t.dispose())

  const hashOf = async (username: string) =>
    (
      await t.core.store.db
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).password_hash

  it('stores a salted scrypt hash, never the password', async () => {
    const a = await addStaff(t.core, root, { username: 'zhang.san', password: 'apple pie 2026', role: 'cashier' })
    const b = await addStaff(t.core, root, { username: 'li_si', password: 'apple pie 2026', role: 'admin' })
    expect(a).toEqual({ id: expect.any(Number), username: 'zhang.san', role: 'cashier', active: true, pinTills: [] })
    expect(b.role).toBe('admin')
    const hashA = await hashOf('zhang.san')
    const hashB = await hashOf('li_si')
    expect(hashA.startsWith('scrypt$')).toBe(true)
    expect(hashA).not.toContain('apple pie 2026')
    expect(hashA.length).toBeGreaterThan(40)
    // Salted: the same password gives a different hash.
    expect(hashB).not.toBe(hashA)
    expect(await verifyPassword('apple pie 2026', hashA)).toBe(true)
    expect(await verifyPassword('apple pie 2027', hashA)).toBe(false)
  })

  it('login returns a session token and the role; the token identifies the staff member', async () => {
    const staff = await addStaff(t.core, root, { username: 'wang.wu', password: 'pear tart 99', role: 'admin' })
    const session = await login(t.core, sessions, 'wang.wu', 'pear tart 99')
    expect(session).toEqual({
      token: expect.any(String),
      staffId: staff.id,
      username: 'wang.wu',
      role: 'admin',
      tillId: 'T1',
    })
    expect(session.token.length).toBeGreaterThanOrEqual(32)
    expect((await sessions.check(session.token))?.actor).toEqual({
      staffId: staff.id,
      username: 'wang.wu',
      role: 'admin',
      tillId: 'T1',
    })
    const again = await login(t.core, sessions, 'wang.wu', 'pear tart 99')
    expect(again.token).not.toBe(session.token)
  })

  it('a wrong password, an unknown user or an inactive user is LOGIN_FAILED, all alike', async () => {
    await addStaff(t.core, root, { username: 'zhao.liu', password: 'plum jam 123', role: 'cashier' })
    const wrong = await failure(login(t.core, sessions, 'zhao.liu', 'plum jam 124'))
    const unknown = await failure(login(t.core, sessions, 'nobody.here', 'plum jam 123'))
    expect(wrong.code).toBe('LOGIN_FAILED')
    expect(unknown.code).toBe('LOGIN_FAILED')
    expect(unknown.message).toBe(wrong.message)

    // Deactivated by an admin (the staff screen sets active = 0).
    await t.core.store.db.updateTable('users').set({ active: 0 }).where('username', '=', 'zhao.liu').execute()
    const inactive = await failure(login(t.core, sessions, 'zhao.liu', 'plum jam 123'))
    expect(inactive.code).toBe('LOGIN_FAILED')
    expect(inactive.message).toBe(wrong.message)
    await t.core.store.db.updateTable('users').set({ active: 1 }).where('username', '=', 'zhao.liu').execute()
    expect((await login(t.core, sessions, 'zhao.liu', 'plum jam 123')).role).toBe('cashier')
  })

  it('a duplicate user name is ALREADY_EXISTS and adds nobody', async () => {
    await addStaff(t.core, root, { username: 'qian.qi', password: 'fig roll 777', role: 'cashier' })
    const before = await listStaff(t.core, root)
    const error = await failure(
      addStaff(t.core, root, { username: 'qian.qi', password: 'other password', role: 'admin' }),
    )
    expect(error.code).toBe('ALREADY_EXISTS')
    expect(await listStaff(t.core, root)).toEqual(before)
    // The original account still logs in with its own password and role.
    expect((await login(t.core, sessions, 'qian.qi', 'fig roll 777')).role).toBe('cashier')
    await failure(login(t.core, sessions, 'qian.qi', 'other password'))
  })

  it('a cashier cannot add or list staff (FORBIDDEN), through the service and the contract', async () => {
    const cashier = await staffActor(t.core, 'cashier')
    const before = await listStaff(t.core, root)
    expect(
      (await failure(addStaff(t.core, cashier, { username: 'mole', password: 'let me in 1', role: 'admin' }))).code,
    ).toBe('FORBIDDEN')
    expect((await failure(listStaff(t.core, cashier))).code).toBe('FORBIDDEN')
    expect(await listStaff(t.core, root)).toEqual(before)

    const api = contractClient(t.core)
    const cashierSession = await api.login('cashier')
    const adminSession = await api.login('admin')
    const refused: CallResult<unknown> = await api.call(
      'staff.add',
      { username: 'mole2', password: 'let me in 1', role: 'admin' },
      cashierSession.token,
    )
    expect(refused.ok === false && refused.error.code).toBe('FORBIDDEN')
    const added = await api.call(
      'staff.add',
      { username: 'new.hire', password: 'welcome aboard', role: 'cashier' },
      adminSession.token,
    )
    expect(added.ok && added.data).toMatchObject({ username: 'new.hire', role: 'cashier', active: true })
    const names = (await listStaff(t.core, root)).map((s) => s.username)
    expect(names).toContain('new.hire')
    expect(names).not.toContain('mole')
    expect(names).not.toContain('mole2')
    const me = await api.call('auth.me', {}, cashierSession.token)
    expect(me.ok && me.data).toMatchObject({ role: 'cashier', username: cashierSession.username })
  })
})

describe.each(testStores)('members and addresses on %s', (kind) => {
  let t: TestStore

  beforeAll(async () => {
    t = await freshStore(kind)
  })
  afterAll(() => t.dispose())

  it('adds a member and finds them by phone', async () => {
    const added = await addMember(t.core, { phone: '13812345678', name: '陈小姐' })
    expect(added).toEqual({ id: expect.any(Number), phone: '13812345678', name: '陈小姐' })
    expect(await memberByPhone(t.core, '13812345678')).toEqual(added)
    const missing = await failure(memberByPhone(t.core, '13800000000'))
    expect(missing.code).toBe('MEMBER_NOT_FOUND')
  })

  it('a duplicate phone is ALREADY_EXISTS and keeps the first member', async () => {
    const first = await addMember(t.core, { phone: '13912345678', name: '第一位' })
    const error = await failure(addMember(t.core, { phone: '13912345678', name: '第二位' }))
    expect(error.code).toBe('ALREADY_EXISTS')
    expect(await memberByPhone(t.core, '13912345678')).toEqual(first)
    const rows = await t.core.store.db.selectFrom('members').select('id').where('phone', '=', '13912345678').execute()
    expect(rows).toHaveLength(1)
  })

  it('the first address is the default; a later one becomes default only when asked, and then alone', async () => {
    const member = await addMember(t.core, { phone: '13700001111', name: '周先生' })
    const home = await addAddress(t.core, {
      memberId: member.id,
      receiver: '周先生',
      phone: '13700001111',
      address: '南京市鼓楼区 1 号',
      zip: '210000',
      isDefault: false,
    })
    expect(home).toMatchObject({
      memberId: member.id,
      receiver: '周先生',
      address: '南京市鼓楼区 1 号',
      zip: '210000',
      isDefault: true,
    })
    const office = await addAddress(t.core, {
      memberId: member.id,
      receiver: '周先生',
      phone: '13700001111',
      address: '南京市玄武区 2 号',
      zip: '',
      isDefault: false,
    })
    expect(office.isDefault).toBe(false)
    let all = await addressesOfMember(t.core, member.id)
    expect(all.map((a) => [a.id, a.isDefault])).toEqual([
      [home.id, true],
      [office.id, false],
    ])

    const parents = await addAddress(t.core, {
      memberId: member.id,
      receiver: '周妈妈',
      phone: '13700002222',
      address: '扬州市 3 号',
      zip: '',
      isDefault: true,
    })
    expect(parents.isDefault).toBe(true)
    all = await addressesOfMember(t.core, member.id)
    expect(all.filter((a) => a.isDefault).map((a) => a.id)).toEqual([parents.id])
    expect(all[0]?.id).toBe(parents.id)
    expect(all).toHaveLength(3)
  })

  it('updates an address of its owner, and makes it the only default when asked', async () => {
    const member = await addMember(t.core, { phone: '13700003333', name: '吴女士' })
    const a = await addAddress(t.core, {
      memberId: member.id,
      receiver: '吴女士',
      phone: '13700003333',
      address: '旧地址',
      zip: '',
      isDefault: false,
    })
    const b = await addAddress(t.core, {
      memberId: member.id,
      receiver: '吴女士',
      phone: '13700003333',
      address: '公司',
      zip: '',
      isDefault: false,
    })
    const updated = await updateAddress(t.core, {
      memberId: member.id,
      addressId: a.id,
      receiver: '吴女士',
      phone: '13700004444',
      address: '新地址 5 楼',
      zip: '100000',
      isDefault: false,
    })
    expect(updated).toEqual({
      id: a.id,
      memberId: member.id,
      receiver: '吴女士',
      phone: '13700004444',
      address: '新地址 5 楼',
      zip: '100000',
      isDefault: true,
    })
    const promoted = await updateAddress(t.core, {
      memberId: member.id,
      addressId: b.id,
      receiver: '吴女士',
      phone: '13700003333',
      address: '公司 8 楼',
      zip: '',
      isDefault: true,
    })
    expect(promoted.isDefault).toBe(true)
    const all = await addressesOfMember(t.core, member.id)
    expect(all.map((x) => [x.id, x.isDefault])).toEqual([
      [b.id, true],
      [a.id, false],
    ])
  })

  it("refuses to update another member's address with ADDRESS_NOT_FOUND and changes nothing", async () => {
    const owner = await addMember(t.core, { phone: '13700005555', name: '郑先生' })
    const intruder = await addMember(t.core, { phone: '13700006666', name: '冒充者' })
    const own = await addAddress(t.core, {
      memberId: intruder.id,
      receiver: '冒充者',
      phone: '13700006666',
      address: '自己的地址',
      zip: '',
      isDefault: true,
    })
    const theirs = await addAddress(t.core, {
      memberId: owner.id,
      receiver: '郑先生',
      phone: '13700005555',
      address: '郑家',
      zip: '',
      isDefault: true,
    })
    const before = await t.core.store.db.selectFrom('addresses').selectAll().orderBy('id').execute()
    const error = await failure(
      updateAddress(t.core, {
        memberId: intruder.id,
        addressId: theirs.id,
        receiver: '冒充者',
        phone: '13700006666',
        address: '改到我家',
        zip: '',
        isDefault: true,
      }),
    )
    expect(error.code).toBe('ADDRESS_NOT_FOUND')
    expect(error.details).toMatchObject({ addressId: theirs.id })
    expect(await t.core.store.db.selectFrom('addresses').selectAll().orderBy('id').execute()).toEqual(before)
    expect((await addressesOfMember(t.core, owner.id))[0]).toMatchObject({
      id: theirs.id,
      address: '郑家',
      isDefault: true,
    })
    expect((await addressesOfMember(t.core, intruder.id)).map((a) => [a.id, a.isDefault])).toEqual([[own.id, true]])
    // An address id that does not exist at all looks the same.
    expect(
      (
        await failure(
          updateAddress(t.core, {
            memberId: owner.id,
            addressId: 2_000_000_000,
            receiver: 'x',
            phone: '13700005555',
            address: 'y',
            zip: '',
            isDefault: false,
          }),
        )
      ).code,
    ).toBe('ADDRESS_NOT_FOUND')
  })

  it('an address for a member that does not exist is MEMBER_NOT_FOUND', async () => {
    const error = await failure(
      addAddress(t.core, {
        memberId: 2_000_000_000,
        receiver: 'x',
        phone: '13700007777',
        address: 'y',
        zip: '',
        isDefault: false,
      }),
    )
    expect(error.code).toBe('MEMBER_NOT_FOUND')
    expect((await failure(addressesOfMember(t.core, 2_000_000_000))).code).toBe('MEMBER_NOT_FOUND')
  })
})
