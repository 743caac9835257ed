// Counter-scale labels at the scan field (docs/ORDERS.md "Scale labels"), through the contract, on
// both stores and with every stock strategy: the label's amount is what the customer pays, its
// grams leave the stock, a bad check digit or an unknown item code is refused with nothing
// written, and the quote's fingerprint covers what the labels said.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StockStrategy } from '../../src-main/config'
import type {
  CartView,
  CheckoutQuote,
  OrderView,
  ParkedView,
  RecalledView,
  ScanResult,
  SessionView,
} from '../../src-shared/contract'
import { PayMethod } from '../../src-shared/order-status'
import { makeScaleLabel, type ScaleLabelFormat } from '../../src-shared/scale-label'
import { failed, ok } from '../support/results'
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
const amount13: ScaleLabelFormat = { flags: ['22'], length: 13, codeDigits: 5, fields: ['amount'] }
const weight13: ScaleLabelFormat = { flags: ['21'], length: 13, codeDigits: 5, fields: ['weight'] }
const both18: ScaleLabelFormat = { flags: ['26'], length: 18, codeDigits: 5, fields: ['amount', 'weight'] }

describe.each(testStores)('scale labels on %s', (kind) => {
  describe.each(strategies)('with the %s stock strategy', (strategy) => {
    let t: TestStore
    let api: ContractClient
    let cashier: SessionView
    let admin: SessionView
    let plu = 100

    beforeAll(async () => {
      t = await freshStore(kind, { strategy })
      api = contractClient(t.core)
      cashier = await api.login('cashier')
      admin = await api.login('admin')
      ok(await api.call('settings.update', { scaleLabelFormats: [amount13, weight13, both18] }, admin.token))
    })
    afterAll(async () => t?.dispose())

    const call = (method: string, input: object, token = cashier.token) => api.call(method, input, token)
    const scan = async (code: string) => ok(await call('cart.scan', { code })) as ScanResult
    const quote = async (skuIds: number[]) =>
      ok(await call('orders.quote', { skuIds, fulfilment: 'pickup' })) as CheckoutQuote
    const place = (skuIds: number[], fingerprint: string) =>
      call('orders.place', {
        skuIds,
        fulfilment: 'pickup',
        payMethod: PayMethod.CASH,
        fingerprint,
        idempotencyKey: newKey(),
      })
    /** Tomatoes at ¥5.20 / 斤 with a fresh item code of their own. */
    const tomatoes = async (stock = 10_000) => {
      const code = String(plu++).padStart(5, '0')
      return { code, sku: await addWeightSku(t.core, { stock, priceFen: 520, scaleCode: code }) }
    }

    it('an amount label is paid as printed: ¥3.82 of tomatoes is 367 g for stock; the order charges ¥3.82', async () => {
      const { code, sku } = await tomatoes()
      ok(await call('cart.clear', {}))
      const scanned = await scan(makeScaleLabel(amount13, '22', code, [382]))
      // 382 fen ÷ 520 fen per 500 g = 367.3 g → 367 g, half up.
      expect(scanned.scanned).toMatchObject({ kind: 'label', grams: 367, labelFen: 382, sku: { id: sku } })
      expect(scanned.cart.lines[0]).toMatchObject({ count: 367, labelFen: 382, labelGrams: 367, lineFen: 382 })
      const q = await quote([sku])
      const order = ok(await place([sku], q.fingerprint)) as OrderView
      expect(order).toMatchObject({ goodsFen: 382, payFen: 382, totalCount: 1 })
      expect(order.lines[0]).toMatchObject({ count: 367, labelFen: 382, labelGrams: 367, lineFen: 382 })
      expect(await stockOf(t.core, sku)).toEqual({ stock: 10_000 - 367, sales: 367 })
      expect(await orderTotalsProblems(t.core, [order.id])).toEqual([])
      // The label left the cart with its line.
      expect([...(await t.core.cart.basket('T1'))]).toEqual([])
    })

    it("an 18-digit label's amount stands even where price × grams says otherwise; more labels add up", async () => {
      const { code, sku } = await tomatoes()
      ok(await call('cart.clear', {}))
      // The scale rounded its own way (or priced a promotion): ¥4.00 for 367 g, not ¥3.82.
      await scan(makeScaleLabel(both18, '26', code, [400, 367]))
      const cart = (await scan(makeScaleLabel(both18, '26', code, [1040, 1000]))).cart
      expect(cart.lines[0]).toMatchObject({ count: 1_367, labelFen: 1_440, labelGrams: 1_367, lineFen: 1_440 })
      // 250 g weighed at the till on top: priced by the SKU, ¥2.60.
      const more = ok(await call('cart.add', { skuId: sku, count: 250 })) as CartView
      expect(more.lines[0]).toMatchObject({ count: 1_617, labelFen: 1_440, lineFen: 1_440 + 260 })
      const order = ok(await place([sku], (await quote([sku])).fingerprint)) as OrderView
      expect(order.lines[0]).toMatchObject({ count: 1_617, lineFen: 1_700, labelFen: 1_440, labelGrams: 1_367 })
      expect(await stockOf(t.core, sku)).toEqual({ stock: 10_000 - 1_617, sales: 1_617 })
      expect(await orderTotalsProblems(t.core, [order.id])).toEqual([])
    })

    it('a weight-only label is priced by the SKU', async () => {
      const { code, sku } = await tomatoes()
      ok(await call('cart.clear', {}))
      const { cart } = await scan(makeScaleLabel(weight13, '21', code, [734]))
      expect(cart.lines[0]).toMatchObject({ skuId: sku, count: 734, labelFen: 0, lineFen: 763 }) // 1.468 斤 × ¥5.20
      ok(await call('cart.clear', {}))
    })

    it('the fingerprint covers the labels: the same grams at another printed amount is CART_CHANGED', async () => {
      const { code, sku } = await tomatoes()
      ok(await call('cart.clear', {}))
      await scan(makeScaleLabel(both18, '26', code, [400, 367]))
      const shown = await quote([sku])
      ok(await call('cart.clear', {}))
      await scan(makeScaleLabel(both18, '26', code, [401, 367]))
      const before = await snapshot(t.core)
      failed(await place([sku], shown.fingerprint), 'CART_CHANGED')
      expect(await snapshot(t.core)).toEqual(before)
      ok(await call('cart.clear', {}))
    })

    it('a bad check digit is INVALID_BARCODE, an unknown item code SKU_NOT_FOUND; nothing is written', async () => {
      const { code } = await tomatoes()
      ok(await call('cart.clear', {}))
      const good = makeScaleLabel(amount13, '22', code, [382])
      const bad = good.slice(0, -1) + String((Number(good.at(-1)) + 1) % 10)
      const before = await snapshot(t.core)
      expect(failed(await call('cart.scan', { code: bad }), 'INVALID_BARCODE').details).toMatchObject({
        barcode: bad,
        reason: 'check-digit',
      })
      const unknown = makeScaleLabel(amount13, '22', '99999', [382])
      expect(failed(await call('cart.scan', { code: unknown }), 'SKU_NOT_FOUND').details).toMatchObject({
        scaleCode: '99999',
      })
      failed(await call('cart.scan', { code: makeScaleLabel(amount13, '22', code, [0]) }), 'INVALID_BARCODE')
      expect(await snapshot(t.core)).toEqual(before)
    })

    it('a label for more than is left is INSUFFICIENT_STOCK in grams, with nothing written', async () => {
      const { code } = await tomatoes(300)
      ok(await call('cart.clear', {}))
      const before = await snapshot(t.core)
      const refused = failed(
        await call('cart.scan', { code: makeScaleLabel(both18, '26', code, [382, 367]) }),
        'INSUFFICIENT_STOCK',
      )
      expect(refused.details).toMatchObject({ asked: 367, left: 300, grams: true })
      expect(await snapshot(t.core)).toEqual(before)
    })

    it("a barcode of goods sold by weight asks for the weight; a piece's barcode adds one", async () => {
      const { sku } = await tomatoes()
      const eggs = await addSku(t.core, { stock: 30, priceFen: 150 })
      ok(await call('cart.clear', {}))
      const barcodes = await t.core.store.db
        .selectFrom('goods_sku')
        .select(['id', 'barcode'])
        .where('id', 'in', [sku, eggs])
        .execute()
      const barcodeOf = (id: number) => barcodes.find((b) => b.id === id)?.barcode ?? ''
      const weighed = await scan(barcodeOf(sku))
      expect(weighed.scanned).toMatchObject({ kind: 'needsWeight', sku: { id: sku, unitGrams: 500 } })
      expect(weighed.cart.lines).toEqual([])
      const piece = await scan(barcodeOf(eggs))
      expect(piece.scanned.kind).toBe('piece')
      expect(piece.cart.lines.map((l) => [l.skuId, l.count])).toEqual([[eggs, 1]])
      ok(await call('cart.clear', {}))
    })

    it('a parked basket keeps what its labels said, and is recalled with it', async () => {
      const { code, sku } = await tomatoes()
      ok(await call('cart.clear', {}))
      await scan(makeScaleLabel(both18, '26', code, [400, 367]))
      ok(await call('cart.add', { skuId: sku, count: 100 }))
      const parked = ok(await call('cart.park', { label: '称鱼' })) as ParkedView
      expect(parked.sale.goodsFen).toBe(400 + 104)
      expect([...(await t.core.cart.basket('T1'))]).toEqual([])
      const recalled = ok(await call('cart.recall', { id: parked.sale.id })) as RecalledView
      expect(recalled.cart.lines[0]).toMatchObject({ count: 467, labelFen: 400, labelGrams: 367, lineFen: 504 })
      ok(await call('cart.clear', {}))
    })
  })
})

describe.each(testStores)('the scale label formats setting on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let admin: SessionView

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    admin = await api.login('admin')
  })
  afterAll(async () => t?.dispose())

  const update = (scaleLabelFormats: unknown) => api.call('settings.update', { scaleLabelFormats }, admin.token)

  it('keeps eight formats of ten flags each, read back exactly (longer than any other setting)', async () => {
    const flags = ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29']
    const formats = [
      ...[4, 5, 6].map((codeDigits) => ({ flags, length: 13, codeDigits, fields: ['amount'] })),
      ...[5].map((codeDigits) => ({ flags, length: 18, codeDigits, fields: ['weight', 'amount'] })),
    ]
    // The same flags twice for one length are refused, so eight formats need distinct (flag, length) pairs.
    const eight = [
      { flags: ['20', '21'], length: 13, codeDigits: 5, fields: ['amount'] },
      { flags: ['22', '23'], length: 13, codeDigits: 5, fields: ['weight'] },
      { flags: ['24', '25'], length: 13, codeDigits: 6, fields: ['amount'] },
      { flags: ['26', '27', '28', '29'], length: 13, codeDigits: 4, fields: ['amount'] },
      { flags: ['20', '21'], length: 18, codeDigits: 5, fields: ['amount', 'weight'] },
      { flags: ['22', '23'], length: 18, codeDigits: 5, fields: ['weight', 'amount'] },
      { flags: ['24', '25'], length: 18, codeDigits: 5, fields: ['amount', 'weight'] },
      { flags: ['26', '27', '28', '29'], length: 18, codeDigits: 5, fields: ['weight', 'amount'] },
    ]
    ok(await update(eight))
    expect(ok(await api.call('settings.get', {}, admin.token))).toMatchObject({ scaleLabelFormats: eight })
    // One flag of one length read two ways would be a guess.
    failed(await update(formats), 'INVALID_INPUT')
    ok(await update([]))
    expect(ok(await api.call('settings.get', {}, admin.token))).toMatchObject({ scaleLabelFormats: [] })
  })

  it.each([
    [{ flags: ['22'], length: 18, codeDigits: 6, fields: ['amount', 'weight'] }, 'codeDigits'],
    [{ flags: ['2'], length: 13, codeDigits: 5, fields: ['amount'] }, 'flags'],
    [{ flags: ['69'], length: 13, codeDigits: 5, fields: ['amount'] }, 'flags'],
    [{ flags: ['22'], length: 12, codeDigits: 5, fields: ['amount'] }, 'length'],
    [{ flags: ['22'], length: 18, codeDigits: 5, fields: ['amount', 'amount'] }, 'fields'],
    [{ flags: ['22'], length: 13, codeDigits: 5, fields: [] }, 'fields'],
  ])('refuses %j naming %s, and stores nothing', async (format, field) => {
    const before = await snapshot(t.core)
    const refused = failed(await update([format]), 'INVALID_INPUT')
    expect(Object.keys((refused.details?.fields as object) ?? {}).join(' ')).toContain(field)
    expect(await snapshot(t.core)).toEqual(before)
  })
})
