// A member is reached only through their full phone number (docs/ORDERS.md, "Members"): a
// cashier who knows or guesses member ids reads no names, phones, addresses or orders, and
// changes no address. Everything goes through the contract, as the till's screens call it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  AddressView,
  CheckoutQuote,
  MemberView,
  OrderPage,
  OrderView,
  SessionView,
} from '../../src-shared/contract'
import { failed, invalid, ok } from '../support/results'
import { addSku, type ContractClient, contractClient, everyRow, newKey } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('members reached by full phone only, on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let cashier: SessionView
  let sku: number
  let li: MemberView
  let wang: MemberView
  let wangsHome: AddressView
  const address = { receiver: '王阿姨', phone: '13900002222', address: '上海市静安区 8 号', zip: '200040' }

  const call = async <T>(method: string, input: unknown) => ok(await api.call(method, input, cashier.token)) as T
  const attempt = (method: string, input: unknown) => api.call(method, input, cashier.token)

  /** Runs `fn` and checks that not one row of any table changed. */
  async function writesNothing(fn: () => Promise<void>): Promise<void> {
    const before = await everyRow(t.core)
    await fn()
    expect(await everyRow(t.core)).toEqual(before)
  }

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    cashier = await api.login('cashier')
    sku = await addSku(t.core, { stock: 100, priceFen: 990, name: '会员菜' })
    li = await call<MemberView>('members.add', { phone: '13900001111', name: '李先生' })
    wang = await call<MemberView>('members.add', { phone: '13900002222', name: '王阿姨' })
    wangsHome = await call<AddressView>('members.addAddress', { memberPhone: wang.phone, ...address })
    ok(await api.call('cart.set', { skuId: sku, count: 2 }, cashier.token))
  })
  afterAll(() => t.dispose())

  it('finds a member by the whole phone number, not by a part of it', async () => {
    expect(await call<MemberView>('members.byPhone', { phone: '13900002222' })).toEqual(wang)
    await writesNothing(async () => {
      failed(await attempt('members.byPhone', { phone: '1390000' }), 'MEMBER_NOT_FOUND')
      failed(await attempt('members.byPhone', { phone: '139000022220' }), 'MEMBER_NOT_FOUND')
      invalid(await attempt('members.byPhone', { phone: '%' }), 'phone')
    })
  })

  it("a member's addresses, a new address and an address change, all by the phone the lookup took", async () => {
    expect(await call<AddressView[]>('members.addresses', { memberPhone: wang.phone })).toEqual([wangsHome])
    const office = await call<AddressView>('members.addAddress', {
      memberPhone: wang.phone,
      ...address,
      address: '上海市黄浦区 9 号',
    })
    const moved = await call<AddressView>('members.updateAddress', {
      memberPhone: wang.phone,
      addressId: office.id,
      ...address,
      address: '上海市黄浦区 10 号',
    })
    expect(moved).toMatchObject({ id: office.id, memberId: wang.id, address: '上海市黄浦区 10 号', isDefault: false })
    expect((await call<AddressView[]>('members.addresses', { memberPhone: wang.phone })).map((a) => a.id)).toEqual([
      wangsHome.id,
      office.id,
    ])
    expect(await call<AddressView[]>('members.addresses', { memberPhone: li.phone })).toEqual([])
  })

  it('a member id alone reaches nothing: no addresses, no orders, no address change', async () => {
    await writesNothing(async () => {
      invalid(await attempt('members.addresses', { memberId: wang.id }), 'memberPhone')
      invalid(await attempt('orders.ofMember', { memberId: wang.id }), 'memberPhone')
      invalid(
        await attempt('members.addAddress', { memberId: wang.id, ...address, address: '冒充者家' }),
        'memberPhone',
      )
      invalid(
        await attempt('members.updateAddress', {
          memberId: wang.id,
          addressId: wangsHome.id,
          ...address,
          address: '冒充者家',
        }),
        'memberPhone',
      )
      invalid(
        await attempt('orders.quote', {
          skuIds: [sku],
          fulfilment: 'delivery',
          memberId: wang.id,
          addressId: wangsHome.id,
        }),
        'memberPhone',
      )
    })
  })

  it("one member's phone with another member's address id is ADDRESS_NOT_FOUND, and changes nothing", async () => {
    await writesNothing(async () => {
      failed(
        await attempt('members.updateAddress', {
          memberPhone: li.phone,
          addressId: wangsHome.id,
          ...address,
          address: '改到李家',
        }),
        'ADDRESS_NOT_FOUND',
      )
      failed(
        await attempt('orders.quote', {
          skuIds: [sku],
          fulfilment: 'delivery',
          memberPhone: li.phone,
          addressId: wangsHome.id,
        }),
        'ADDRESS_NOT_FOUND',
      )
      failed(
        await attempt('orders.place', {
          skuIds: [sku],
          fulfilment: 'delivery',
          memberPhone: li.phone,
          addressId: wangsHome.id,
          payMethod: 1,
          fingerprint: 'a'.repeat(32),
          idempotencyKey: newKey(),
        }),
        'ADDRESS_NOT_FOUND',
      )
    })
  })

  it('a phone no member has is MEMBER_NOT_FOUND everywhere, and writes nothing', async () => {
    const nobody = '13900009999'
    await writesNothing(async () => {
      failed(await attempt('members.addresses', { memberPhone: nobody }), 'MEMBER_NOT_FOUND')
      failed(await attempt('members.addAddress', { memberPhone: nobody, ...address }), 'MEMBER_NOT_FOUND')
      failed(
        await attempt('members.updateAddress', { memberPhone: nobody, addressId: wangsHome.id, ...address }),
        'MEMBER_NOT_FOUND',
      )
      failed(await attempt('orders.ofMember', { memberPhone: nobody }), 'MEMBER_NOT_FOUND')
      failed(
        await attempt('orders.quote', { skuIds: [sku], fulfilment: 'pickup', memberPhone: nobody }),
        'MEMBER_NOT_FOUND',
      )
    })
  })

  it("a delivery order for the member found by phone, and then that member's order history", async () => {
    const order = { skuIds: [sku], fulfilment: 'delivery', memberPhone: wang.phone, addressId: wangsHome.id }
    const quote = await call<CheckoutQuote>('orders.quote', order)
    const placed = await call<OrderView>('orders.place', {
      ...order,
      payMethod: 1,
      fingerprint: quote.fingerprint,
      idempotencyKey: newKey(),
    })
    expect(placed).toMatchObject({ memberId: wang.id, receiver: address.receiver, address: address.address })
    const history = await call<OrderPage>('orders.ofMember', { memberPhone: wang.phone })
    expect(history.orders.map((o) => o.id)).toEqual([placed.id])
    expect((await call<OrderPage>('orders.ofMember', { memberPhone: li.phone })).orders).toEqual([])
  })

  it('an order that names a member by id is placed for no member at all', async () => {
    ok(await api.call('cart.set', { skuId: sku, count: 1 }, cashier.token))
    const order = { skuIds: [sku], fulfilment: 'pickup', memberId: wang.id }
    const quote = await call<CheckoutQuote>('orders.quote', order)
    const placed = await call<OrderView>('orders.place', {
      ...order,
      payMethod: 1,
      fingerprint: quote.fingerprint,
      idempotencyKey: newKey(),
    })
    expect(placed.memberId).toBeNull()
    expect((await call<OrderPage>('orders.ofMember', { memberPhone: wang.phone })).orders).toHaveLength(1)
  })
})
