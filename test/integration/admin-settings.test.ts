// The shop's settings override the environment's defaults at run time: the next quote uses the
// stored freight, the next order the stored unpaid time. Bad values are refused and stored nowhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckoutQuote, OrderView, SessionView, ShopSettings } from '../../src-shared/contract'
import type { Core } from '../../src-main/core/core'
import { addAddress, addMember } from '../../src-main/members/members.service'
import { SETTINGS_CACHE_MS, shopSettings, updateSettings } from '../../src-main/settings/settings.service'
import { failure } from '../support/failure'
import { failed, invalid, ok } from '../support/results'
import { addSku, type ContractClient, contractClient, newKey } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('shop settings on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let admin: SessionView
  let cashier: SessionView
  let sku: number
  let member: number
  let address: number
  const memberPhone = '13700008888'

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    admin = await api.login('admin')
    cashier = await api.login('cashier')
    sku = await addSku(t.core, { stock: 100, priceFen: 1200, name: '运费测试菜' })
    member = (await addMember(t.core, { phone: memberPhone, name: '送货会员' })).id
    address = (
      await addAddress(t.core, {
        memberId: member,
        receiver: '收货人',
        phone: '13700008888',
        address: '上海市 1 号',
        zip: '',
        isDefault: true,
      })
    ).id
    ok(await api.call('cart.set', { skuId: sku, count: 1 }, cashier.token))
  })
  afterAll(() => t.dispose())

  const quoteInput = () => ({ skuIds: [sku], fulfilment: 'delivery', memberPhone, addressId: address })
  const quote = async () => ok(await api.call('orders.quote', quoteInput(), cashier.token)) as CheckoutQuote
  const update = async (changes: object) => ok(await api.call('settings.update', changes, admin.token)) as ShopSettings
  const storedRows = () => t.core.store.db.selectFrom('settings').selectAll().orderBy('name').execute()

  it('starts from the environment defaults', async () => {
    expect(ok(await api.call('settings.get', {}, admin.token))).toEqual({
      freightFen: 1000,
      freeFreightFromFen: 9900,
      unpaidTtlMinutes: 15,
      tillDisplayName: 'FreshTill T1',
      defaultLanguage: 'zh',
      parkedSaleHours: 24,
      scaleLabelFormats: [{ flags: ['22'], length: 13, codeDigits: 5, fields: ['amount'] }],
      askForRatings: false,
      cashOutApprovalFen: 50_000,
      discountLimitPercent: 10,
      roundDown: 'fen',
    })
    expect((await quote()).freightFen).toBe(1000)
  })

  it("a stored freight is the next quote's freight; an order for the older quote is CART_CHANGED", async () => {
    const shown = await quote()
    const saved = await update({ freightFen: 600, tillDisplayName: '  一号收银台 ' })
    expect(saved).toMatchObject({ freightFen: 600, freeFreightFromFen: 9900, tillDisplayName: '一号收银台' })
    const next = await quote()
    expect(next).toMatchObject({ goodsFen: 1200, freightFen: 600, payFen: 1800 })
    // The customer saw ¥10.00 freight; charging ¥6.00 without showing it first is not allowed either.
    const place = (q: CheckoutQuote) =>
      api.call(
        'orders.place',
        { ...quoteInput(), payMethod: 1, fingerprint: q.fingerprint, idempotencyKey: newKey() },
        cashier.token,
      )
    failed(await place(shown), 'CART_CHANGED')
    const order = ok(await place(next)) as OrderView
    expect(order).toMatchObject({ freightFen: 600, payFen: 1800 })
    ok(await api.call('cart.set', { skuId: sku, count: 1 }, cashier.token))
  })

  it('the free-freight threshold and the unpaid time apply to the next order', async () => {
    await update({ freeFreightFromFen: 1200, unpaidTtlMinutes: 30 })
    const q = await quote()
    expect(q.freightFen).toBe(0)
    const order = ok(
      await api.call(
        'orders.place',
        { ...quoteInput(), payMethod: 1, fingerprint: q.fingerprint, idempotencyKey: newKey() },
        cashier.token,
      ),
    ) as OrderView
    expect(order.expiresAt! - order.createdAt).toBe(30 * 60_000)
    ok(await api.call('cart.set', { skuId: sku, count: 1 }, cashier.token))
    await update({ freeFreightFromFen: 9900 })
    expect((await quote()).freightFen).toBe(600)
  })

  it('another till sees a change within the cache time', async () => {
    const other: Core = await t.openAnother()
    expect((await shopSettings(other)).freightFen).toBe(600)
    await update({ freightFen: 700 })
    expect((await shopSettings(t.core)).freightFen).toBe(700)
    t.clock.advance(SETTINGS_CACHE_MS)
    expect((await shopSettings(other)).freightFen).toBe(700)
  })

  it('bad values are INVALID_INPUT and store nothing', async () => {
    const before = await storedRows()
    const current = ok(await api.call('settings.get', {}, admin.token))
    const bad: [object, string][] = [
      [{ freightFen: -1 }, 'freightFen'],
      [{ freightFen: 1.5 }, 'freightFen'],
      [{ freightFen: '600' }, 'freightFen'],
      [{ freightFen: 1e9 }, 'freightFen'],
      [{ freightFen: null }, 'freightFen'],
      [{ freeFreightFromFen: -100 }, 'freeFreightFromFen'],
      [{ unpaidTtlMinutes: 0 }, 'unpaidTtlMinutes'],
      [{ unpaidTtlMinutes: 7 * 24 * 60 + 1 }, 'unpaidTtlMinutes'],
      [{ parkedSaleHours: 0 }, 'parkedSaleHours'],
      [{ parkedSaleHours: 7 * 24 + 1 }, 'parkedSaleHours'],
      [{ askForRatings: 'yes' }, 'askForRatings'],
      [{ parkedSaleHours: 1.5 }, 'parkedSaleHours'],
      [{ tillDisplayName: '   ' }, 'tillDisplayName'],
      [{ tillDisplayName: 'x'.repeat(33) }, 'tillDisplayName'],
      [{ tillDisplayName: '<script>alert(1)</script>' }, 'tillDisplayName'],
      [{ tillDisplayName: 'a\u0000b' }, 'tillDisplayName'],
      [{ defaultLanguage: 'fr' }, 'defaultLanguage'],
      [{ freightFen: 500, secret: 1 }, '(input)'],
    ]
    for (const [changes, field] of bad) invalid(await api.call('settings.update', changes, admin.token), field)
    // Called as a service, not through the contract, it checks the same way.
    const error = await failure(
      updateSettings(
        t.core,
        { staffId: admin.staffId, username: admin.username, role: 'admin', tillId: 'T1' },
        { freightFen: -5 },
      ),
    )
    expect(error.code).toBe('INVALID_INPUT')
    expect(await storedRows()).toEqual(before)
    expect(ok(await api.call('settings.get', {}, admin.token))).toEqual(current)
  })

  it('a stored value edited by hand into nonsense falls back to the default', async () => {
    await t.core.store.db.updateTable('settings').set({ value: '"lots"' }).where('name', '=', 'freightFen').execute()
    expect((ok(await api.call('settings.get', {}, admin.token)) as ShopSettings).freightFen).toBe(1000)
    await update({ freightFen: 600 })
  })
})
