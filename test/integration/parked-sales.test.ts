// Parked sales (挂单) on both stores (docs/PARKED.md): a till parks its basket with a label and a
// member, any till recalls it — exactly one when two race — it expires after the shop's
// parkedSaleHours, its label keeps the text rule, and a till with a sale still open is refused
// a recall rather than having two customers' goods merged.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CartView, ParkedSaleView, ParkedView, RecalledView, SessionView } from '../../src-shared/contract'
import type { Core } from '../../src-main/core/core'
import { addMember } from '../../src-main/members/members.service'
import { failed, invalid, ok } from '../support/results'
import { addSku, type ContractClient, contractClient, sell, staffActor } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { openTills } from '../support/tills'
import { testId } from '../support/ids'

const HOUR = 60 * 60 * 1000

describe.each(testStores)('parked sales on %s', (kind) => {
  let t: TestStore
  let t2Core: Core
  /** Till T1 and till T2, each through the real dispatcher, with a cashier logged in. */
  let one: ContractClient, two: ContractClient
  let cashier1: SessionView, cashier2: SessionView, admin: SessionView
  let apples: number, milk: number
  let memberPhone: string

  beforeAll(async () => {
    t = await freshStore(kind)
    t2Core = await t.openAnother({ tillId: 'T2' })
    one = contractClient(t.core)
    two = contractClient(t2Core)
    cashier1 = await one.login('cashier')
    cashier2 = await two.login('cashier')
    admin = await one.login('admin')
    apples = await addSku(t.core, { stock: 100, priceFen: 350, name: '苹果' })
    milk = await addSku(t.core, { stock: 100, priceFen: 1299, name: '牛奶' })
    memberPhone = `139${BigInt(`0x${testId()}`).toString().slice(-8)}`
    await addMember(t.core, { phone: memberPhone, name: '王芳' })
  })
  afterAll(() => t.dispose())
  beforeEach(async () => {
    ok(await one.call('cart.newSale', {}, cashier1.token))
    ok(await two.call('cart.newSale', {}, cashier2.token))
  })

  const cartOf = async (api: ContractClient, token: string) =>
    (ok(await api.call('cart.get', {}, token)) as CartView).lines.map((l) => [l.skuId, l.count])
  const list = async (api = one, token = cashier1.token) =>
    ok(await api.call('cart.parked', {}, token)) as ParkedSaleView[]
  const fill = async (api: ContractClient, token: string, lines: [number, number][]) => {
    for (const [skuId, count] of lines) ok(await api.call('cart.set', { skuId, count }, token))
  }
  const park = async (input: object, api = one, token = cashier1.token) =>
    ok(await api.call('cart.park', input, token)) as ParkedView

  it('parks the basket with a label and member; another till recalls it with its member', async () => {
    await fill(one, cashier1.token, [
      [apples, 3],
      [milk, 1],
    ])
    const parked = await park({ label: '  穿红衣服的阿姨 ', memberPhone })
    expect(parked.cart).toEqual({ lines: [], totalCount: 0, goodsFen: 0 })
    expect(await cartOf(one, cashier1.token)).toEqual([])
    expect(parked.sale).toMatchObject({
      label: '穿红衣服的阿姨',
      lineCount: 2,
      totalCount: 4,
      goodsFen: 3 * 350 + 1299,
      tillId: 'T1',
      memberName: '王芳',
      ageMs: 0,
      expiresAt: t.clock.now + 24 * HOUR,
    })

    t.clock.advance(5 * 60 * 1000)
    const waiting = await list(two, cashier2.token)
    expect(waiting.map((s) => [s.id, s.label, s.ageMs])).toEqual([[parked.sale.id, '穿红衣服的阿姨', 5 * 60 * 1000]])

    const recalled = ok(await two.call('cart.recall', { id: parked.sale.id }, cashier2.token)) as RecalledView
    expect(recalled.cart.lines.map((l) => [l.skuId, l.count])).toEqual([
      [apples, 3],
      [milk, 1],
    ])
    expect(recalled.member).toMatchObject({ phone: memberPhone, name: '王芳' })
    expect(await cartOf(two, cashier2.token)).toEqual([
      [apples, 3],
      [milk, 1],
    ])
    expect(await cartOf(one, cashier1.token)).toEqual([])
    expect(await list()).toEqual([])

    // Gone from the list, and a recall by the till that parked it hears who has it.
    const taken = failed(await one.call('cart.recall', { id: parked.sale.id }, cashier1.token), 'PARKED_SALE_TAKEN')
    expect(taken.details).toMatchObject({ id: parked.sale.id, tillId: 'T2' })
    // Asked again at the till that has it (an unclear answer retried): the same sale, not twice the goods.
    ok(await two.call('cart.recall', { id: parked.sale.id }, cashier2.token))
    expect(await cartOf(two, cashier2.token)).toEqual([
      [apples, 3],
      [milk, 1],
    ])
  })

  it('lists newest first, with the till and who parked it; an admin may park and recall too', async () => {
    await fill(one, cashier1.token, [[apples, 1]])
    const first = await park({ label: '一号' })
    t.clock.advance(1000)
    await fill(one, admin.token, [[milk, 2]])
    const second = await park({}, one, admin.token)
    expect(second.sale).toMatchObject({ label: '', username: admin.username, totalCount: 2 })
    expect((await list()).map((s) => s.id)).toEqual([second.sale.id, first.sale.id])
    ok(await one.call('cart.recall', { id: first.sale.id }, admin.token))
    expect((await list()).map((s) => s.id)).toEqual([second.sale.id])
    ok(await one.call('cart.newSale', {}, admin.token))
    ok(await two.call('cart.recall', { id: second.sale.id }, cashier2.token))
    expect(await list()).toEqual([])
  })

  it('refuses a recall while this till has a sale open, and changes nothing', async () => {
    await fill(one, cashier1.token, [[apples, 2]])
    const parked = await park({ label: '等一下' })
    await fill(two, cashier2.token, [[milk, 1]])
    const refused = failed(await two.call('cart.recall', { id: parked.sale.id }, cashier2.token), 'CART_NOT_EMPTY')
    expect(refused.details).toMatchObject({ id: parked.sale.id })
    expect(await cartOf(two, cashier2.token)).toEqual([[milk, 1]])
    expect((await list()).map((s) => s.id)).toEqual([parked.sale.id])
    // Parking the open one first is the way: then the recall goes through.
    await park({ label: '后面那位' }, two, cashier2.token)
    ok(await two.call('cart.recall', { id: parked.sale.id }, cashier2.token))
    expect(await cartOf(two, cashier2.token)).toEqual([[apples, 2]])
    expect((await list()).map((s) => s.label)).toEqual(['后面那位'])
    const [left] = await list()
    ok(await one.call('cart.recall', { id: left?.id }, cashier1.token))
  })

  it('an empty basket is CART_EMPTY; an unknown member is MEMBER_NOT_FOUND; nothing is parked', async () => {
    failed(await one.call('cart.park', { label: '空' }, cashier1.token), 'CART_EMPTY')
    await fill(one, cashier1.token, [[apples, 1]])
    failed(await one.call('cart.park', { memberPhone: '13000000000' }, cashier1.token), 'MEMBER_NOT_FOUND')
    expect(await cartOf(one, cashier1.token)).toEqual([[apples, 1]])
    expect(await list()).toEqual([])
    failed(await one.call('cart.recall', { id: 2_000_000_000 }, cashier1.token), 'PARKED_SALE_NOT_FOUND')
    failed(await one.call('cart.park', {}, null), 'NOT_LOGGED_IN')
    failed(await one.call('cart.parked', {}, null), 'NOT_LOGGED_IN')
    failed(await one.call('cart.recall', { id: 1 }, null), 'NOT_LOGGED_IN')
    failed(await one.call('cart.newSale', {}, null), 'NOT_LOGGED_IN')
  })

  it('the label keeps the text rule: refused with the field named, stored NFC and trimmed', async () => {
    await fill(one, cashier1.token, [[apples, 1]])
    for (const label of ['a\u0000b', 'a\nb', 'a\u202eb', 'a\ud83cb', 'x'.repeat(33), '🍎'.repeat(33)])
      invalid(await one.call('cart.park', { label }, cashier1.token), 'label')
    invalid(await one.call('cart.park', { label: 7 }, cashier1.token), 'label')
    invalid(await one.call('cart.recall', { id: '1' }, cashier1.token), 'id')
    expect(await list()).toEqual([])
    expect(await cartOf(one, cashier1.token)).toEqual([[apples, 1]])
    const parked = await park({ label: ` Cafe\u0301 ${'🍎'.repeat(26)} ` })
    expect(parked.sale.label).toBe(`Caf\u00e9 ${'🍎'.repeat(26)}`)
    expect((await list())[0]?.label).toBe(`Caf\u00e9 ${'🍎'.repeat(26)}`)
    ok(await one.call('cart.recall', { id: parked.sale.id }, cashier1.token))
  })

  it("expires after the shop's parkedSaleHours: off the list, and a recall is PARKED_SALE_NOT_FOUND", async () => {
    ok(await one.call('settings.update', { parkedSaleHours: 2 }, admin.token))
    await fill(one, cashier1.token, [[apples, 4]])
    const parked = await park({ label: '两小时' })
    expect(parked.sale.expiresAt).toBe(t.clock.now + 2 * HOUR)
    t.clock.advance(2 * HOUR - 1)
    expect((await list()).map((s) => s.id)).toEqual([parked.sale.id])
    t.clock.advance(1)
    expect(await list()).toEqual([])
    failed(await two.call('cart.recall', { id: parked.sale.id }, cashier2.token), 'PARKED_SALE_NOT_FOUND')
    expect(await cartOf(two, cashier2.token)).toEqual([])
    ok(await one.call('settings.update', { parkedSaleHours: 24 }, admin.token))
  })

  it('new sale empties the basket; the lines a sale bought are never parked', async () => {
    await fill(one, cashier1.token, [
      [apples, 2],
      [milk, 1],
    ])
    expect(ok(await one.call('cart.newSale', {}, cashier1.token))).toEqual({ lines: [], totalCount: 0, goodsFen: 0 })
    expect(await cartOf(one, cashier1.token)).toEqual([])

    const cashier = await staffActor(t.core, 'cashier', 'T1')
    await sell(t.core, cashier, [
      [apples, 1],
      [milk, 1],
    ])
    await fill(one, cashier1.token, [[apples, 5]])
    const parked = await park({ label: '下一位' })
    expect(parked.sale).toMatchObject({ lineCount: 1, totalCount: 5 })
    ok(await one.call('cart.recall', { id: parked.sale.id }, cashier1.token))
    expect(await cartOf(one, cashier1.token)).toEqual([[apples, 5]])
  })

  it('two tills racing to recall one parked sale: exactly one gets it, the other PARKED_SALE_TAKEN', async () => {
    const tills = await openTills(t, 4, 'R')
    try {
      for (let round = 0; round < 4; round++) {
        await fill(one, cashier1.token, [
          [apples, 1 + round],
          [milk, 2],
        ])
        const parked = await park({ label: `第 ${round} 单` })
        const results = await Promise.allSettled(tills.tills.map((till) => till.recallSale(parked.sale.id)))
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []))
        expect(won, JSON.stringify(results)).toHaveLength(1)
        const winner = tills.tills[won[0] as number]
        for (const [i, r] of results.entries()) {
          if (r.status === 'fulfilled') continue
          expect((r.reason as { code?: string }).code).toBe('PARKED_SALE_TAKEN')
          expect((r.reason as { details?: object }).details).toMatchObject({ tillId: winner?.tillId })
          expect([...(await tills.tills[i]!.cartLines())]).toEqual([])
        }
        expect([...(await winner!.cartLines())].sort((a, b) => a[0] - b[0])).toEqual([
          [apples, 1 + round],
          [milk, 2],
        ])
        await winner!.clearCart()
      }
      expect(await list()).toEqual([])
    } finally {
      await tills.close()
    }
  })
})
