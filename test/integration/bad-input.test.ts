// Bad input on every call gets INVALID_INPUT or the specific code (docs/ERRORS.md), and writes nothing.
// Everything here goes through the app's real dispatcher and handlers, as IPC and HTTP do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallResult, SessionView } from '../../src-shared/contract'
import { OrderStatus } from '../../src-shared/order-status'
import { addAddress, addMember } from '../../src-main/members/members.service'
import { failed, invalid, ok } from '../support/results'
import { freshStore, type TestStore, testStores } from '../support/stores'
import {
  addSku,
  type ContractClient,
  contractClient,
  countRows,
  sell,
  snapshot,
  STAFF_PASSWORD,
  staffActor,
} from '../support/shop'

describe.each(testStores)('bad input through the dispatcher on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let cashier: SessionView
  let admin: SessionView
  let sku: number
  let cheap: number
  let member: number
  const memberPhone = '13700000001'
  let memberAddress: number
  let strangerAddress: number
  let otherTillOrder: number
  const tills = ['T1', 'T2']

  /** Runs `fn` and checks that nothing at all was written: row counts, stock and sales, both carts. */
  async function writesNothing(fn: () => Promise<void>): Promise<void> {
    const before = await snapshot(t.core, tills)
    await fn()
    expect(await snapshot(t.core, tills)).toEqual(before)
  }

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    cashier = await api.login('cashier')
    admin = await api.login('admin')
    expect(cashier.tillId).toBe('T1')
    sku = await addSku(t.core, { stock: 50, priceFen: 1200, name: '有机菠菜' })
    cheap = await addSku(t.core, { stock: 50, priceFen: 100, name: '葱' })
    member = (await addMember(t.core, { phone: memberPhone, name: '会员甲' })).id
    memberAddress = (
      await addAddress(t.core, {
        memberId: member,
        receiver: '甲',
        phone: '13700000001',
        address: '杭州市西湖区 1 号',
        zip: '',
        isDefault: true,
      })
    ).id
    const stranger = (await addMember(t.core, { phone: '13700000002', name: '会员乙' })).id
    strangerAddress = (
      await addAddress(t.core, {
        memberId: stranger,
        receiver: '乙',
        phone: '13700000002',
        address: '苏州市姑苏区 2 号',
        zip: '215000',
        isDefault: true,
      })
    ).id
    const t2Cashier = await staffActor(t.core, 'cashier', 'T2')
    otherTillOrder = (await sell(t.core, t2Cashier, [[cheap, 1]])).id
    // Something in the T1 cart, so that "the cart is unchanged" means something.
    ok(await api.call('cart.add', { skuId: sku, count: 2 }, cashier.token))
  })
  afterAll(() => t.dispose())

  it('a good call works (the setup is sound)', async () => {
    const cart = ok(await api.call('cart.get', {}, cashier.token)) as { lines: { skuId: number; count: number }[] }
    expect(cart.lines.map((l) => [l.skuId, l.count])).toEqual([[sku, 2]])
  })

  it('wrong types: a string count, skuIds that are not an array, a string id, a string pay method', async () => {
    await writesNothing(async () => {
      invalid(await api.call('cart.add', { skuId: sku, count: '2' }, cashier.token), 'count')
      invalid(await api.call('cart.set', { skuId: sku, count: '5' }, cashier.token), 'count')
      invalid(await api.call('cart.add', { skuId: String(sku), count: 1 }, cashier.token), 'skuId')
      invalid(await api.call('cart.add', { skuId: true, count: 1 }, cashier.token), 'skuId')
      invalid(await api.call('orders.quote', { skuIds: sku, fulfilment: 'pickup' }, cashier.token), 'skuIds')
      invalid(await api.call('orders.quote', { skuIds: `${sku}`, fulfilment: 'pickup' }, cashier.token), 'skuIds')
      invalid(await api.call('orders.quote', { skuIds: { 0: sku }, fulfilment: 'pickup' }, cashier.token), 'skuIds')
      invalid(await api.call('orders.quote', { skuIds: [], fulfilment: 'pickup' }, cashier.token), 'skuIds')
      invalid(await api.call('orders.quote', { skuIds: [sku], fulfilment: 'drone' }, cashier.token), 'fulfilment')
      // A well-formed order but for the one field that is wrong.
      const place = (wrong: Record<string, unknown>) =>
        api.call(
          'orders.place',
          {
            skuIds: [sku],
            fulfilment: 'pickup',
            payMethod: 1,
            fingerprint: 'a'.repeat(32),
            idempotencyKey: 'key_12345678',
            ...wrong,
          },
          cashier.token,
        )
      invalid(await place({ payMethod: '3' }), 'payMethod')
      invalid(await place({ payMethod: 9 }), 'payMethod')
      invalid(await place({ fingerprint: 'not hex!' }), 'fingerprint')
      invalid(await place({ idempotencyKey: 'x' }), 'idempotencyKey')
      invalid(await api.call('members.add', { phone: 13700000009, name: '数字电话' }, cashier.token), 'phone')
      invalid(await api.call('orders.list', { tab: 'unpaid' }, cashier.token), 'tab')
      invalid(await api.call('orders.get', { orderId: '1' }, cashier.token), 'orderId')
      invalid(
        await api.call('orders.review', { orderId: otherTillOrder, lines: 'all five stars' }, cashier.token),
        'lines',
      )
      // Not an object at all.
      invalid(await api.call('cart.add', 'apples', cashier.token), '(input)')
      invalid(await api.call('cart.add', [sku, 1], cashier.token), '(input)')
      invalid(await api.call('cart.add', 42, cashier.token), '(input)')
    })
  })

  it.each([
    -1,
    0,
    -0,
    1.5,
    0.1,
    1000,
    1e9,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    1e308,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
  ])('count %d is INVALID_INPUT naming count, for add and set', async (count) => {
    await writesNothing(async () => {
      invalid(await api.call('cart.add', { skuId: sku, count }, cashier.token), 'count')
      invalid(await api.call('cart.set', { skuId: sku, count }, cashier.token), 'count')
    })
  })

  it('ids out of range are INVALID_INPUT; unknown ids are SKU_NOT_FOUND / ORDER_NOT_FOUND', async () => {
    await writesNothing(async () => {
      for (const skuId of [0, -5, 1.5, 2_147_483_648, 1e20]) {
        invalid(await api.call('cart.add', { skuId, count: 1 }, cashier.token), 'skuId')
        invalid(
          await api.call('orders.quote', { skuIds: [sku, skuId], fulfilment: 'pickup' }, cashier.token),
          'skuIds.1',
        )
      }
      invalid(
        await api.call(
          'orders.quote',
          { skuIds: Array.from({ length: 201 }, () => sku), fulfilment: 'pickup' },
          cashier.token,
        ),
        'skuIds',
      )

      expect(
        failed(await api.call('cart.add', { skuId: 2_147_483_647, count: 1 }, cashier.token), 'SKU_NOT_FOUND').details,
      ).toMatchObject({ skuId: 2_147_483_647 })
      failed(await api.call('cart.set', { skuId: 987_654, count: 1 }, cashier.token), 'SKU_NOT_FOUND')
      failed(await api.call('catalog.sku', { skuId: 987_654 }, cashier.token), 'SKU_NOT_FOUND')
      failed(await api.call('catalog.byBarcode', { barcode: '0000000000000' }, cashier.token), 'SKU_NOT_FOUND')
      failed(
        await api.call('orders.quote', { skuIds: [sku, 987_654], fulfilment: 'pickup' }, cashier.token),
        'SKU_NOT_FOUND',
      )
      failed(await api.call('orders.get', { orderId: 987_654 }, cashier.token), 'ORDER_NOT_FOUND')
      failed(await api.call('orders.cancel', { orderId: 987_654 }, cashier.token), 'ORDER_NOT_FOUND')
      failed(await api.call('orders.ship', { orderId: 987_654 }, admin.token), 'ORDER_NOT_FOUND')
      failed(
        await api.call('orders.review', { orderId: 987_654, lines: [{ lineId: 1, rating: 5 }] }, cashier.token),
        'ORDER_NOT_FOUND',
      )
      failed(await api.call('members.byPhone', { phone: '19999999999' }, cashier.token), 'MEMBER_NOT_FOUND')
      failed(
        await api.call(
          'members.addAddress',
          { memberPhone: '19999999999', receiver: 'x', phone: '13700000001', address: 'y' },
          cashier.token,
        ),
        'MEMBER_NOT_FOUND',
      )
      invalid(await api.call('orders.list', { cursor: 'not-a-cursor!' }, cashier.token), 'cursor')
      invalid(await api.call('reviews.ofSku', { skuId: sku, cursor: 'garbage' }, cashier.token), 'cursor')
    })
  })

  it("another member's address is ADDRESS_NOT_FOUND for quote, order and address update", async () => {
    const quote = ok(
      await api.call(
        'orders.quote',
        { skuIds: [sku], fulfilment: 'delivery', memberPhone, addressId: memberAddress },
        cashier.token,
      ),
    ) as {
      fingerprint: string
    }
    await writesNothing(async () => {
      failed(
        await api.call(
          'orders.quote',
          { skuIds: [sku], fulfilment: 'delivery', memberPhone, addressId: strangerAddress },
          cashier.token,
        ),
        'ADDRESS_NOT_FOUND',
      )
      failed(
        await api.call(
          'orders.place',
          {
            skuIds: [sku],
            fulfilment: 'delivery',
            memberPhone,
            addressId: strangerAddress,
            payMethod: 1,
            fingerprint: quote.fingerprint,
            idempotencyKey: 'addr_theft_1',
          },
          cashier.token,
        ),
        'ADDRESS_NOT_FOUND',
      )
      failed(
        await api.call(
          'members.updateAddress',
          {
            memberPhone,
            addressId: strangerAddress,
            receiver: '冒充',
            phone: '13700000001',
            address: '改掉别人的地址',
          },
          cashier.token,
        ),
        'ADDRESS_NOT_FOUND',
      )
    })
    const theirs = await t.core.store.db
      .selectFrom('addresses')
      .selectAll()
      .where('id', '=', strangerAddress)
      .executeTakeFirstOrThrow()
    expect(theirs).toMatchObject({ receiver: '乙', address: '苏州市姑苏区 2 号' })
  })

  it("another till's order is ORDER_NOT_FOUND for a cashier (get and cancel) while an admin sees it", async () => {
    await writesNothing(async () => {
      failed(await api.call('orders.get', { orderId: otherTillOrder }, cashier.token), 'ORDER_NOT_FOUND')
      failed(await api.call('orders.cancel', { orderId: otherTillOrder }, cashier.token), 'ORDER_NOT_FOUND')
      failed(await api.call('orders.skipReview', { orderId: otherTillOrder }, cashier.token), 'ORDER_NOT_FOUND')
      const list = ok(await api.call('orders.list', {}, cashier.token)) as { orders: { id: number }[] }
      expect(list.orders.map((o) => o.id)).not.toContain(otherTillOrder)
    })
    const seen = ok(await api.call('orders.get', { orderId: otherTillOrder }, admin.token)) as {
      tillId: string
      status: number
    }
    expect(seen).toMatchObject({ tillId: 'T2', status: OrderStatus.UNPAID })
    const all = ok(await api.call('orders.list', {}, admin.token)) as { orders: { id: number }[] }
    expect(all.orders.map((o) => o.id)).toContain(otherTillOrder)
  })

  it('SQL and HTML in text fields are stored verbatim as data; the tables stay intact', async () => {
    const before = await countRows(t.core)
    const sqlName = "'); DROP TABLE order_info; --"
    const htmlName = '<script>alert(1)</script>'
    const a = ok(await api.call('members.add', { phone: '13600000001', name: sqlName }, cashier.token)) as {
      id: number
      phone: string
      name: string
    }
    const b = ok(await api.call('members.add', { phone: '13600000002', name: htmlName }, cashier.token)) as {
      id: number
      name: string
    }
    expect(a.name).toBe(sqlName)
    expect(b.name).toBe(htmlName)
    expect(
      (ok(await api.call('members.byPhone', { phone: '13600000001' }, cashier.token)) as { name: string }).name,
    ).toBe(sqlName)
    expect(
      (ok(await api.call('members.byPhone', { phone: '13600000002' }, cashier.token)) as { name: string }).name,
    ).toBe(htmlName)
    const address = ok(
      await api.call(
        'members.addAddress',
        {
          memberPhone: a.phone,
          receiver: "Robert'); DROP TABLE members;--",
          phone: '13600000001',
          address: '<img src=x onerror=alert(1)> 1" OR "1"="1',
        },
        cashier.token,
      ),
    ) as { receiver: string; address: string }
    expect(address).toMatchObject({
      receiver: "Robert'); DROP TABLE members;--",
      address: '<img src=x onerror=alert(1)> 1" OR "1"="1',
    })
    const stored = await t.core.store.db
      .selectFrom('members')
      .select('name')
      .where('id', 'in', [a.id, b.id])
      .orderBy('id')
      .execute()
    expect(stored.map((r) => r.name)).toEqual([sqlName, htmlName])

    // The tables are all still there and hold what they held.
    expect(await countRows(t.core)).toEqual(before)
    ok(await api.call('orders.list', {}, admin.token))
    expect(
      Number(
        (
          await t.core.store.db
            .selectFrom('members')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(4)

    // A login name that is SQL finds nobody.
    failed(await api.call('auth.login', { username: "admin' OR '1'='1' --", password: 'x' }), 'LOGIN_FAILED')
    failed(await api.call('auth.login', { username: admin.username, password: "' OR '1'='1" }), 'LOGIN_FAILED')
  })

  it('SQL, quotes, backslashes and HTML in an address reach the order snapshot verbatim', async () => {
    const nasty = {
      receiver: "O'Brien\\'); DROP TABLE order_info; --",
      address: '<script>alert(1)</script> ? \\? ?? 路 1 号 🍎 " OR 1=1; DELETE FROM goods_sku; --',
    }
    const owner = ok(
      await api.call('members.add', { phone: '13600000099', name: '"; DELETE FROM users; --' }, cashier.token),
    ) as { id: number; phone: string }
    const address = ok(
      await api.call(
        'members.addAddress',
        { memberPhone: owner.phone, receiver: nasty.receiver, phone: '13600000099', address: nasty.address },
        cashier.token,
      ),
    ) as {
      id: number
    }
    await t.core.cart.clear('T1')
    ok(await api.call('cart.add', { skuId: cheap, count: 3 }, cashier.token))
    const quote = ok(
      await api.call(
        'orders.quote',
        { skuIds: [cheap], fulfilment: 'delivery', memberPhone: owner.phone, addressId: address.id },
        cashier.token,
      ),
    ) as {
      fingerprint: string
    }
    const order = ok(
      await api.call(
        'orders.place',
        {
          skuIds: [cheap],
          fulfilment: 'delivery',
          memberPhone: owner.phone,
          addressId: address.id,
          payMethod: 1,
          fingerprint: quote.fingerprint,
          idempotencyKey: 'nasty_address_1',
        },
        cashier.token,
      ),
    ) as { id: number; receiver: string; address: string; payFen: number }
    expect(order).toMatchObject({ receiver: nasty.receiver, address: nasty.address, payFen: 300 + t.config.freightFen })
    const row = await t.core.store.db
      .selectFrom('order_info')
      .select(['receiver', 'address'])
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual(nasty)
    // Every table still there, the stock taken exactly once.
    expect(
      (await t.core.store.db.selectFrom('goods_sku').select('stock').where('id', '=', cheap).executeTakeFirstOrThrow())
        .stock,
    ).toBe(50 - 1 - 3)
    expect(
      Number(
        (
          await t.core.store.db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBeGreaterThanOrEqual(3)
    // Put the T1 cart back as the other tests expect it.
    ok(await api.call('cart.set', { skuId: sku, count: 2 }, cashier.token))
  })

  it('search text with SQL quotes and LIKE wildcards matches literally', async () => {
    const percent = await addSku(t.core, { stock: 5, name: '低脂牛奶 2% 1L' })
    const underscore = await addSku(t.core, { stock: 5, name: 'egg_box 鸡蛋' })
    await addSku(t.core, { stock: 5, name: 'eggsbox 鸡蛋' })
    const bang = await addSku(t.core, { stock: 5, name: '买一送一! 西瓜' })
    const backslash = await addSku(t.core, { stock: 5, name: 'a\\b 柠檬' })
    const names = async (query: string) =>
      (
        ok(await api.call('catalog.search', { query, limit: 100 }, cashier.token)) as { skus: { id: number }[] }
      ).skus.map((s) => s.id)
    expect(await names("' OR '1'='1")).toEqual([])
    expect(await names("'; DROP TABLE goods_sku; --")).toEqual([])
    expect(await names('2%')).toEqual([percent])
    expect(await names('%')).toEqual([percent])
    expect(await names('egg_')).toEqual([underscore])
    expect(await names('_')).toEqual([underscore])
    expect(await names('鸡蛋')).toHaveLength(2)
    expect(await names('!')).toEqual([bang])
    expect(await names('一! 西')).toEqual([bang])
    expect(await names('\\')).toEqual([backslash])
    expect(await names('a\\b')).toEqual([backslash])
  })

  it('oversize text is INVALID_INPUT naming the field, and nothing is stored', async () => {
    await writesNothing(async () => {
      invalid(await api.call('members.add', { phone: '13600000010', name: '名'.repeat(65) }, cashier.token), 'name')
      invalid(await api.call('members.add', { phone: '1'.repeat(21), name: 'x' }, cashier.token), 'phone')
      invalid(await api.call('members.add', { phone: `+${'1'.repeat(20)}`, name: 'x' }, cashier.token), 'phone')
      invalid(await api.call('members.add', { phone: '13600000011', name: '   ' }, cashier.token), 'name')
      invalid(
        await api.call(
          'members.addAddress',
          { memberPhone, receiver: 'r'.repeat(65), phone: '13700000001', address: 'a' },
          cashier.token,
        ),
        'receiver',
      )
      invalid(
        await api.call(
          'members.addAddress',
          { memberPhone, receiver: 'r', phone: '13700000001', address: '址'.repeat(256) },
          cashier.token,
        ),
        'address',
      )
      invalid(
        await api.call(
          'members.addAddress',
          { memberPhone, receiver: 'r', phone: `+${'8'.repeat(20)}`, address: 'a' },
          cashier.token,
        ),
        'phone',
      )
      invalid(
        await api.call(
          'members.addAddress',
          { memberPhone, receiver: 'r', phone: '13700000001', address: 'a', zip: '12345678901' },
          cashier.token,
        ),
        'zip',
      )
      invalid(await api.call('catalog.search', { query: 'q'.repeat(65) }, cashier.token), 'query')
      invalid(await api.call('auth.login', { username: 'u'.repeat(65), password: 'x' }), 'username')
      invalid(await api.call('auth.login', { username: 'someone', password: 'p'.repeat(201) }), 'password')
      invalid(
        await api.call(
          'staff.add',
          { username: 'u'.repeat(65), password: 'long enough', role: 'cashier' },
          admin.token,
        ),
        'username',
      )
      invalid(
        await api.call('staff.add', { username: 'newbie', password: 'short', role: 'cashier' }, admin.token),
        'password',
      )
      invalid(
        await api.call('staff.add', { username: 'newbie', password: 'long enough', role: 'owner' }, admin.token),
        'role',
      )
      invalid(
        await api.call(
          'orders.review',
          { orderId: otherTillOrder, lines: [{ lineId: 1, rating: 5, comment: '评'.repeat(501) }] },
          admin.token,
        ),
        'lines.0.comment',
      )
    })
    // The longest allowed values are stored whole.
    const longest = ok(
      await api.call('members.add', { phone: `+${'2'.repeat(19)}`, name: '名'.repeat(64) }, cashier.token),
    ) as { id: number }
    const row = await t.core.store.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', longest.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ phone: `+${'2'.repeat(19)}`, name: '名'.repeat(64) })
  })

  it('no token, an unknown token or a logged-out token is NOT_LOGGED_IN', async () => {
    const session = await api.login('cashier')
    ok(await api.call('auth.logout', {}, session.token))
    await writesNothing(async () => {
      for (const token of [null, '', 'not-a-token', session.token]) {
        failed(await api.call('cart.get', {}, token), 'NOT_LOGGED_IN')
        failed(await api.call('cart.add', { skuId: sku, count: 1 }, token), 'NOT_LOGGED_IN')
        failed(
          await api.call(
            'orders.place',
            {
              skuIds: [sku],
              fulfilment: 'pickup',
              payMethod: 1,
              fingerprint: 'a'.repeat(32),
              idempotencyKey: 'nobody_12345',
            },
            token,
          ),
          'NOT_LOGGED_IN',
        )
        failed(await api.call('auth.me', {}, token), 'NOT_LOGGED_IN')
        // Even with bad input, the missing login is what is reported.
        failed(await api.call('cart.add', { skuId: 'x' }, token), 'NOT_LOGGED_IN')
        failed(
          await api.call('staff.add', { username: 'intruder', password: 'long enough', role: 'admin' }, token),
          'NOT_LOGGED_IN',
        )
      }
    })
  })

  it('a cashier calling an admin method is FORBIDDEN and nothing is written', async () => {
    const paid = await sell(t.core, await staffActor(t.core, 'cashier', 'T1'), [[cheap, 1]])
    await t.core.store.db
      .updateTable('order_info')
      .set({ status: OrderStatus.UNSHIPPED, paid_fen: paid.payFen })
      .where('id', '=', paid.id)
      .execute()
    await writesNothing(async () => {
      failed(
        await api.call('staff.add', { username: 'sneaky', password: 'long enough', role: 'admin' }, cashier.token),
        'FORBIDDEN',
      )
      failed(await api.call('staff.add', { username: 'x' }, cashier.token), 'FORBIDDEN')
      failed(await api.call('staff.list', {}, cashier.token), 'FORBIDDEN')
      failed(await api.call('orders.ship', { orderId: paid.id }, cashier.token), 'FORBIDDEN')
    })
    const row = await t.core.store.db
      .selectFrom('order_info')
      .select('status')
      .where('id', '=', paid.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe(OrderStatus.UNSHIPPED)
    const users = await t.core.store.db
      .selectFrom('users')
      .select('username')
      .where('username', '=', 'sneaky')
      .execute()
    expect(users).toEqual([])
  })

  it('an unknown method name is INVALID_INPUT', async () => {
    await writesNothing(async () => {
      for (const method of [
        'orders.delete',
        'staff.remove',
        '',
        'cart.add ',
        'CART.ADD',
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        'x'.repeat(10_000),
      ]) {
        const error = failed(await api.call(method, {}, admin.token), 'INVALID_INPUT')
        expect(String(error.details?.method).length).toBeLessThanOrEqual(64)
      }
    })
  })

  it('a wrong password or an unknown user is LOGIN_FAILED, with the same message', async () => {
    const wrong = failed(
      await api.call('auth.login', { username: cashier.username, password: `${STAFF_PASSWORD}!` }),
      'LOGIN_FAILED',
    )
    const nobody = failed(
      await api.call('auth.login', { username: 'no_such_user', password: STAFF_PASSWORD }),
      'LOGIN_FAILED',
    )
    expect(wrong.message).toBe(nobody.message)
    invalid(await api.call('auth.login', { username: cashier.username, password: '' }), 'password')
    invalid(await api.call('auth.login', { username: cashier.username }), 'password')
  })

  it('never throws: every bad call resolves to {ok:false, error:{code, message}}', async () => {
    const weird: [unknown, unknown, unknown][] = [
      [undefined, cashier.token, {}],
      [null, cashier.token, {}],
      [42, cashier.token, {}],
      [{ toString: () => 'cart.get' }, cashier.token, {}],
      ['cart.add', cashier.token, undefined],
      ['cart.add', cashier.token, null],
      ['cart.add', cashier.token, JSON.parse('{"__proto__": {"skuId": 1, "count": 1}}')],
      ['cart.add', 12345, { skuId: sku, count: 1 }],
      ['cart.add', { token: cashier.token }, { skuId: sku, count: 1 }],
      [
        'orders.place',
        cashier.token,
        {
          skuIds: [sku],
          fulfilment: 'pickup',
          payMethod: 1,
          fingerprint: 'a'.repeat(32),
          idempotencyKey: 'k'.repeat(65),
        },
      ],
      ['orders.list', cashier.token, { from: -1 }],
      ['orders.list', cashier.token, { from: 1.5 }],
      ['orders.list', cashier.token, { limit: 0 }],
      ['orders.list', cashier.token, { limit: 101 }],
      ['auth.login', null, null],
      ['auth.login', null, 'admin'],
    ]
    await writesNothing(async () => {
      for (const [method, token, input] of weird) {
        let result: CallResult<unknown> | undefined
        await expect(
          (async () => {
            result = await api.dispatch(method as string, token as string, input)
          })(),
        ).resolves.toBeUndefined()
        expect(result?.ok, JSON.stringify([method, input])).toBe(false)
        if (result && !result.ok) {
          expect(typeof result.error.code).toBe('string')
          expect(typeof result.error.message).toBe('string')
          expect(result.error.code).not.toBe('INTERNAL')
        }
      }
    })
  })
})
