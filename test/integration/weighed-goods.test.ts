// Goods sold by weight (docs/STOCK.md "Weighed goods"), through the contract as a till calls it,
// on both stores and with every stock strategy: grams in the cart, the stock and the order lines;
// every line priced by the one function (price × grams ÷ unit, half up to the fen); the quote's
// fingerprint covering the unit; bad grams refused with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StockStrategy } from '../../src-main/config'
import type {
  CartView,
  CheckoutQuote,
  DayReport,
  ExportedCsv,
  OrderView,
  SessionView,
  SkuView,
} from '../../src-shared/contract'
import { PayMethod } from '../../src-shared/order-status'
import { failed, invalid, ok } from '../support/results'
import {
  addSku,
  addWeightSku,
  type ContractClient,
  contractClient,
  newKey,
  orderTotalsProblems,
  snapshot,
  stockOf,
} from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

const strategies: StockStrategy[] = ['atomic', 'pessimistic', 'optimistic']

describe.each(testStores)('weighed goods on %s', (kind) => {
  describe.each(strategies)('with the %s stock strategy', (strategy) => {
    let t: TestStore
    let api: ContractClient
    let cashier: SessionView
    let admin: SessionView

    beforeAll(async () => {
      t = await freshStore(kind, { strategy })
      api = contractClient(t.core)
      cashier = await api.login('cashier')
      admin = await api.login('admin')
    })
    afterAll(async () => t?.dispose())

    const call = (method: string, input: object, token = cashier.token) => api.call(method, input, token)
    const quote = async (skuIds: number[]) =>
      ok(await call('orders.quote', { skuIds, fulfilment: 'pickup' })) as CheckoutQuote
    const place = async (skuIds: number[], fingerprint: string, idempotencyKey = newKey()) =>
      call('orders.place', { skuIds, fulfilment: 'pickup', payMethod: PayMethod.CARD, fingerprint, idempotencyKey })

    it('sells grams: 367 g at ¥5.20 / 斤 is ¥3.82, with a piece SKU beside it; stock and sales in grams', async () => {
      const tomatoes = await addWeightSku(t.core, { stock: 10_000, priceFen: 520 })
      const pork = await addWeightSku(t.core, { stock: 5_000, priceFen: 2_680, unitGrams: 1000 })
      const eggs = await addSku(t.core, { stock: 30, priceFen: 150 })
      ok(await call('cart.clear', {}))
      ok(await call('cart.set', { skuId: tomatoes, count: 367 }))
      // Added in two weighings: 250 g and 484 g of pork is one line of 734 g.
      ok(await call('cart.add', { skuId: pork, count: 250 }))
      const cart = ok(await call('cart.add', { skuId: pork, count: 484 })) as CartView
      ok(await call('cart.set', { skuId: eggs, count: 6 }))
      expect(cart.lines.find((l) => l.skuId === pork)).toMatchObject({
        saleMode: 'by_weight',
        unitGrams: 1000,
        unit: 'kg',
        count: 734,
        lineFen: 1967, // 0.734 kg × ¥26.80 = ¥19.6712
      })

      const q = await quote([tomatoes, pork, eggs])
      expect(q.lines.map((l) => [l.skuId, l.count, l.lineFen])).toEqual([
        [tomatoes, 367, 382],
        [pork, 734, 1967],
        [eggs, 6, 900],
      ])
      expect(q.goodsFen).toBe(382 + 1967 + 900)
      expect(q.totalCount).toBe(1 + 1 + 6)

      const order = ok(await place([tomatoes, pork, eggs], q.fingerprint)) as OrderView
      expect(order.goodsFen).toBe(q.goodsFen)
      expect(order.lines.map((l) => [l.skuId, l.count, l.unitGrams, l.lineFen])).toEqual([
        [tomatoes, 367, 500, 382],
        [pork, 734, 1000, 1967],
        [eggs, 6, null, 900],
      ])
      expect(await orderTotalsProblems(t.core, [order.id])).toEqual([])
      expect(await stockOf(t.core, tomatoes)).toEqual({ stock: 10_000 - 367, sales: 367 })
      expect(await stockOf(t.core, pork)).toEqual({ stock: 5_000 - 734, sales: 734 })

      // The receipt's view and the CSV read the line as placed.
      const read = ok(await call('orders.get', { orderId: order.id })) as OrderView
      expect(read.lines.map((l) => l.lineFen)).toEqual([382, 1967, 900])
      const csv = ok(await call('orders.exportCsv', {})) as ExportedCsv
      expect(csv.csv).toContain('×0.734 斤')
      expect(csv.csv).toContain('×0.734 kg')

      // Reports add the lines as placed, not price × grams.
      ok(await call('payments.payCard', { orderId: order.id, idempotencyKey: newKey() }))
      const report = ok(await call('reports.day', {}, admin.token)) as DayReport
      expect(report.topSkus.find((s) => s.skuId === pork)).toMatchObject({
        units: 734,
        unitGrams: 1000,
        salesFen: 1967,
      })
    })

    it('the last grams: exactly what is left sells, one gram more is INSUFFICIENT_STOCK in grams', async () => {
      const shrimp = await addWeightSku(t.core, { stock: 1_234, priceFen: 4_800 })
      ok(await call('cart.clear', {}))
      const refused = failed(await call('cart.set', { skuId: shrimp, count: 1_235 }), 'INSUFFICIENT_STOCK')
      expect(refused.details).toMatchObject({ asked: 1_235, left: 1_234, grams: true, unitGrams: 500 })
      ok(await call('cart.set', { skuId: shrimp, count: 1_234 }))
      const q = await quote([shrimp])
      expect(q.lines[0]?.lineFen).toBe(11_846) // 2.468 斤 × ¥48.00 = ¥118.464
      ok(await place([shrimp], q.fingerprint))
      expect(await stockOf(t.core, shrimp)).toEqual({ stock: 0, sales: 1_234 })
    })

    it('the same submit sent twice is one order: the grams are taken once', async () => {
      const fish = await addWeightSku(t.core, { stock: 2_000, priceFen: 3_680 })
      ok(await call('cart.clear', {}))
      ok(await call('cart.set', { skuId: fish, count: 813 }))
      const q = await quote([fish])
      const key = newKey()
      const [first, second] = await Promise.all([place([fish], q.fingerprint, key), place([fish], q.fingerprint, key)])
      const a = ok(first) as OrderView
      const b = ok(second) as OrderView
      expect(b.id).toBe(a.id)
      expect(a.lines[0]).toMatchObject({ count: 813, lineFen: 5_984 }) // 1.626 斤 × ¥36.80 = ¥59.8368
      expect(await stockOf(t.core, fish)).toEqual({ stock: 2_000 - 813, sales: 813 })
    })

    it.each([0, -1, -500, 1.5, 1_000_000, 1e12, Number.NaN])(
      '%d grams are INVALID_INPUT for add and set, and nothing is written',
      async (grams) => {
        const sku = await addWeightSku(t.core, { stock: 2_000_000 })
        const before = await snapshot(t.core)
        invalid(await call('cart.add', { skuId: sku, count: grams }), 'count')
        invalid(await call('cart.set', { skuId: sku, count: grams }), 'count')
        expect(await snapshot(t.core)).toEqual(before)
      },
    )

    it('a piece SKU still takes at most 999; a weight SKU up to 999,999 g, not a gram more in the cart', async () => {
      const apples = await addSku(t.core, { stock: 5_000 })
      const rice = await addWeightSku(t.core, { stock: 2_000_000, priceFen: 300 })
      ok(await call('cart.clear', {}))
      const before = await snapshot(t.core)
      invalid(await call('cart.set', { skuId: apples, count: 1_000 }), 'count')
      expect(await snapshot(t.core)).toEqual(before)
      ok(await call('cart.set', { skuId: rice, count: 999_000 }))
      invalid(await call('cart.add', { skuId: rice, count: 1_000 }), 'count')
      const cart = ok(await call('cart.add', { skuId: rice, count: 999 })) as CartView
      expect(cart.lines[0]).toMatchObject({ count: 999_999, lineFen: 599_999 }) // 1999.998 斤 × ¥3.00 = ¥5999.994
      ok(await call('cart.clear', {}))
    })

    it('a unit changed after the quote refuses the order with CART_CHANGED, and nothing is written', async () => {
      const beef = await addWeightSku(t.core, { stock: 3_000, priceFen: 4_000 })
      ok(await call('cart.clear', {}))
      ok(await call('cart.set', { skuId: beef, count: 600 }))
      const q = await quote([beef])
      expect(q.lines[0]?.lineFen).toBe(4_800)
      // Same price, per kg now: ¥24.00 rather than ¥48.00 — the fingerprint and the stock guard both see it.
      ok(await call('goods.updateSku', { skuId: beef, unitGrams: 1000 }, admin.token))
      const before = await snapshot(t.core)
      const refused = failed(await place([beef], q.fingerprint), 'CART_CHANGED')
      expect((refused.details?.quote as CheckoutQuote).lines[0]?.lineFen).toBe(2_400)
      expect(await snapshot(t.core)).toEqual(before)
      ok(await call('cart.clear', {}))
    })
  })
})

describe.each(testStores)('weight SKUs in the goods admin on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let admin: SessionView

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    admin = await api.login('admin')
  })
  afterAll(async () => t?.dispose())

  const call = (method: string, input: object) => api.call(method, input, admin.token)
  const addGoods = (sku: object) =>
    call('goods.add', {
      name: '西红柿',
      skus: [{ name: '西红柿', barcode: `29${Date.now()}${Math.floor(Math.random() * 1e6)}`, unit: '个', ...sku }],
    })

  it('adds a weight SKU per 斤 with its scale code; the unit follows; stock is adjusted in grams', async () => {
    const goods = ok(
      await addGoods({ priceFen: 520, stock: 25_000, saleMode: 'by_weight', unitGrams: 500, scaleCode: '10231' }),
    ) as { skus: SkuView[] }
    const sku = goods.skus[0] as SkuView
    expect(sku).toMatchObject({ saleMode: 'by_weight', unitGrams: 500, unit: '斤', scaleCode: '10231', stock: 25_000 })
    const moved = ok(await call('goods.adjustStock', { skuId: sku.id, delta: -1_250, reason: 'shrinkage', note: '' }))
    expect(moved).toMatchObject({ sku: { stock: 23_750 }, move: { delta: -1_250, stockAfter: 23_750 } })
    failed(
      await addGoods({ priceFen: 520, stock: 0, saleMode: 'by_weight', unitGrams: 1000, scaleCode: '10231' }),
      'ALREADY_EXISTS',
    )
  })

  it('refuses a weight SKU without its unit, a piece SKU with one, and a sale mode changed while stock is held', async () => {
    invalid(await addGoods({ priceFen: 520, stock: 0, saleMode: 'by_weight' }), 'skus.0.unitGrams')
    invalid(await addGoods({ priceFen: 520, stock: 0, unitGrams: 500 }), 'skus.0.unitGrams')
    invalid(await addGoods({ priceFen: 520, stock: 0, saleMode: 'by_weight', unitGrams: 250 }), 'skus.0.unitGrams')
    const sku = await addSku(t.core, { stock: 12 })
    const before = await snapshot(t.core)
    invalid(await call('goods.updateSku', { skuId: sku, saleMode: 'by_weight', unitGrams: 500 }), 'saleMode')
    expect(await snapshot(t.core)).toEqual(before)
    ok(await call('goods.adjustStock', { skuId: sku, delta: -12, reason: 'count', note: '' }))
    const changed = ok(await call('goods.updateSku', { skuId: sku, saleMode: 'by_weight', unitGrams: 1000 })) as SkuView
    expect(changed).toMatchObject({ saleMode: 'by_weight', unitGrams: 1000, unit: 'kg' })
  })
})
