// Discounts (docs/DISCOUNTS.md), through the contract as a till calls it, on both stores and with
// every stock strategy: line discounts by percent and amount, a price override, an order discount
// spread over the lines, 抹零; the lines' shares adding up to the order's goods; the fingerprint
// covering the discounts; the cashier's limit and an admin's approval at the till; bad discounts
// refused with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StockStrategy } from '../../src-main/config'
import { setSkuPrice } from '../../src-main/catalog/catalog-admin.repository'
import type { CheckoutQuote, DiscountsInput, OrderDetail, OrderView, SessionView } from '../../src-shared/contract'
import { PayMethod } from '../../src-shared/order-status'
import { failed, invalid, ok } from '../support/results'
import {
  addSku,
  addWeightSku,
  type ContractClient,
  contractClient,
  countRows,
  newKey,
  orderTotalsProblems,
  STAFF_PASSWORD,
  stockOf,
} from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

const strategies: StockStrategy[] = ['atomic', 'pessimistic', 'optimistic']

describe.each(testStores)('discounts on %s', (kind) => {
  describe.each(strategies)('with the %s stock strategy', (strategy) => {
    let t: TestStore
    let api: ContractClient
    let cashier: SessionView
    let otherCashier: SessionView
    let admin: SessionView

    beforeAll(async () => {
      t = await freshStore(kind, { strategy })
      api = contractClient(t.core)
      cashier = await api.login('cashier')
      otherCashier = await api.login('cashier')
      admin = await api.login('admin')
    })
    afterAll(async () => t?.dispose())

    const call = (method: string, input: object, token = cashier.token) => api.call(method, input, token)
    const quote = async (skuIds: number[], discounts?: DiscountsInput) =>
      ok(await call('orders.quote', { skuIds, fulfilment: 'pickup', discounts })) as CheckoutQuote
    const place = (skuIds: number[], fingerprint: string, more: object = {}) =>
      call('orders.place', {
        skuIds,
        fulfilment: 'pickup',
        payMethod: PayMethod.CASH,
        fingerprint,
        idempotencyKey: newKey(),
        ...more,
      })
    /** What must not change when a sale is refused: orders, lines, events, stock, the cart. */
    const written = async (skuIds: number[]) => ({
      rows: await countRows(t.core),
      stock: await Promise.all(skuIds.map((id) => stockOf(t.core, id))),
      cart: [...(await t.core.cart.basket('T1')).entries()],
    })

    async function basket(lines: [number, number][]) {
      ok(await call('cart.clear', {}))
      for (const [skuId, count] of lines) ok(await call('cart.set', { skuId, count }))
    }

    it('line discounts by percent and amount, a price override on weighed goods, an order discount and 抹零 add up', async () => {
      const apples = await addSku(t.core, { stock: 10, priceFen: 350 })
      const milk = await addSku(t.core, { stock: 10, priceFen: 1299 })
      const tomatoes = await addWeightSku(t.core, { stock: 10_000, priceFen: 520 })
      await basket([
        [apples, 3],
        [milk, 2],
        [tomatoes, 367],
      ])
      const discounts: DiscountsInput = {
        lines: [
          { skuId: apples, kind: 'percent', percent: 10 }, // 1050 → 105 off
          { skuId: milk, kind: 'amount', amountFen: 98 }, // 2598 → 98 off
          { skuId: tomatoes, kind: 'price', priceFen: 500 }, // 367 g at ¥5.00 / 斤 = 367 instead of 382
        ],
        order: { kind: 'amount', amountFen: 100 },
        roundDown: true,
      }
      const plain = await quote([apples, milk, tomatoes])
      const q = await quote([apples, milk, tomatoes], discounts)
      expect(q.fingerprint).not.toBe(plain.fingerprint)
      // The order's ¥1.00 over 945 / 2500 / 367 by largest remainder: 25 / 65 / 10; then 抹零 of
      // the fen of 3712 (2 fen) over 920 / 2435 / 357: 1 / 1 / 0.
      expect(q.lines.map((l) => [l.lineFen, l.discountFen, l.netFen])).toEqual([
        [1050, 131, 919],
        [2598, 164, 2434],
        [382, 25, 357],
      ])
      expect(q.discounts).toMatchObject({
        listFen: 4030,
        discountFen: 320,
        roundedDownFen: 2,
        limitFen: 403,
        needsApproval: false,
        roundDown: 'fen',
      })
      expect(q.goodsFen).toBe(3710)
      expect(q.payFen).toBe(3710)

      // The cashier's figures are never sent: the same rules at commit make the same order.
      const order = ok(await place([apples, milk, tomatoes], q.fingerprint, { discounts })) as OrderView
      expect(order.goodsFen).toBe(3710)
      expect(order.lines.map((l) => [l.priceFen, l.lineFen, l.discountFen, l.netFen])).toEqual([
        [350, 1050, 131, 919],
        [1299, 2598, 164, 2434],
        [520, 382, 25, 357],
      ])
      expect(await orderTotalsProblems(t.core, [order.id])).toEqual([])
      const detail = ok(await call('orders.get', { orderId: order.id })) as OrderDetail
      const created = detail.events.find((e) => e.type === 'created')
      expect(created?.detail.discounts).toMatchObject({
        givenBy: cashier.username,
        approval: null,
        discountFen: 320,
        roundedDownFen: 2,
        order: { kind: 'amount', value: 100, fen: 100 },
      })
    })

    it('an order discount by percent spreads over the lines in fen that add up exactly', async () => {
      const skus = [
        await addSku(t.core, { stock: 10, priceFen: 333 }),
        await addSku(t.core, { stock: 10, priceFen: 334 }),
        await addSku(t.core, { stock: 10, priceFen: 101 }),
      ]
      await basket(skus.map((s) => [s, 1]))
      const discounts: DiscountsInput = { lines: [], order: { kind: 'percent', percent: 7 }, roundDown: false }
      const q = await quote(skus, discounts)
      // 7 % of 768 is 53.76 → 54 fen.
      expect(q.lines.reduce((sum, l) => sum + l.discountFen, 0)).toBe(54)
      const order = ok(await place(skus, q.fingerprint, { discounts })) as OrderView
      expect(order.goodsFen).toBe(768 - 54)
      expect(order.lines.reduce((sum, l) => sum + l.netFen, 0)).toBe(order.goodsFen)
      expect(await orderTotalsProblems(t.core, [order.id])).toEqual([])
    })

    it('抹零 of the jiao and fen when the shop offers it', async () => {
      ok(await call('settings.update', { roundDown: 'jiao' }, admin.token))
      try {
        const sku = await addSku(t.core, { stock: 10, priceFen: 1234 })
        await basket([[sku, 1]])
        const discounts: DiscountsInput = { lines: [], roundDown: true }
        const q = await quote([sku], discounts)
        expect([q.discounts.roundedDownFen, q.payFen]).toEqual([34, 1200])
        const order = ok(await place([sku], q.fingerprint, { discounts })) as OrderView
        expect(order.payFen).toBe(1200)
        ok(await call('settings.update', { roundDown: 'off' }, admin.token))
        await basket([[sku, 1]])
        const before = await written([sku])
        invalid(await call('orders.quote', { skuIds: [sku], fulfilment: 'pickup', discounts }), 'discounts.roundDown')
        expect(await written([sku])).toEqual(before)
      } finally {
        ok(await call('settings.update', { roundDown: 'fen' }, admin.token))
      }
    })

    it('above the limit an admin approves at the till; a cashier, a wrong password or none is refused, nothing written', async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 1000 })
      await basket([[sku, 2]])
      // 15 % of ¥20.00 is above the default limit of 10 % (¥2.00).
      const discounts: DiscountsInput = { lines: [{ skuId: sku, kind: 'percent', percent: 15 }], roundDown: false }
      const q = await quote([sku], discounts)
      expect(q.discounts).toMatchObject({ discountFen: 300, limitFen: 200, needsApproval: true })
      const before = await written([sku])

      const none = failed(await place([sku], q.fingerprint, { discounts }), 'DISCOUNT_NEEDS_APPROVAL')
      expect(none.details).toMatchObject({ discountFen: 300, limitFen: 200 })
      const byCashier = { username: otherCashier.username, password: STAFF_PASSWORD }
      failed(await place([sku], q.fingerprint, { discounts, approval: byCashier }), 'DISCOUNT_APPROVAL_REFUSED')
      const forged = { username: admin.username, password: 'not the password' }
      failed(await place([sku], q.fingerprint, { discounts, approval: forged }), 'DISCOUNT_APPROVAL_REFUSED')
      const nobody = { username: 'no_such_admin', password: STAFF_PASSWORD }
      failed(await place([sku], q.fingerprint, { discounts, approval: nobody }), 'DISCOUNT_APPROVAL_REFUSED')
      expect(await written([sku])).toEqual(before)

      const approval = { username: admin.username, password: STAFF_PASSWORD }
      const order = ok(await place([sku], q.fingerprint, { discounts, approval })) as OrderView
      expect([order.goodsFen, order.lines[0]?.discountFen]).toEqual([1700, 300])
      const detail = ok(await call('orders.get', { orderId: order.id })) as OrderDetail
      const created = detail.events.find((e) => e.type === 'created')
      expect(created?.detail.discounts).toMatchObject({
        givenBy: cashier.username,
        approval: { by: admin.username, at: expect.any(Number), limitFen: 200 },
        lines: [{ skuId: sku, kind: 'percent', value: 15, fen: 300 }],
      })
      expect(await orderTotalsProblems(t.core, [order.id])).toEqual([])
    })

    it('refuses negative, beyond 100 %, beyond the amount and beyond the goods, with nothing written', async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 500 })
      await basket([[sku, 1]])
      const before = await written([sku])
      const quoteWith = (discounts: object) => call('orders.quote', { skuIds: [sku], fulfilment: 'pickup', discounts })
      invalid(
        await quoteWith({ lines: [{ skuId: sku, kind: 'amount', amountFen: -5 }] }),
        'discounts.lines.0.amountFen',
      )
      invalid(await quoteWith({ order: { kind: 'percent', percent: -10 } }), 'discounts.order.percent')
      failed(await quoteWith({ lines: [{ skuId: sku, kind: 'percent', percent: 101 }] }), 'DISCOUNT_TOO_LARGE')
      failed(await quoteWith({ lines: [{ skuId: sku, kind: 'amount', amountFen: 501 }] }), 'DISCOUNT_TOO_LARGE')
      failed(await quoteWith({ order: { kind: 'amount', amountFen: 501 } }), 'DISCOUNT_TOO_LARGE')
      invalid(await quoteWith({ lines: [{ skuId: sku, kind: 'price', priceFen: 600 }] }), 'discounts.lines')
      invalid(await quoteWith({ lines: [{ skuId: sku + 999, kind: 'percent', percent: 5 }] }), 'discounts.lines')

      // The same refusals at placement, whatever fingerprint is sent.
      const plain = await quote([sku])
      const tooMuch = { lines: [], order: { kind: 'amount', amountFen: 501 } }
      failed(await place([sku], plain.fingerprint, { discounts: tooMuch }), 'DISCOUNT_TOO_LARGE')
      expect(await written([sku])).toEqual(before)
    })

    it('discounts are recomputed at commit: a changed price or a fingerprint without the discount is CART_CHANGED', async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 800 })
      await basket([[sku, 2]])
      const discounts: DiscountsInput = { lines: [{ skuId: sku, kind: 'percent', percent: 5 }], roundDown: false }
      const plain = await quote([sku])
      const discounted = await quote([sku], discounts)
      const before = await written([sku])
      // The discount sent, but the figures shown were without it — or the other way round.
      failed(await place([sku], plain.fingerprint, { discounts }), 'CART_CHANGED')
      failed(await place([sku], discounted.fingerprint), 'CART_CHANGED')
      await setSkuPrice(t.core.store.db, sku, 900, t.core.now())
      const changed = failed(await place([sku], discounted.fingerprint, { discounts }), 'CART_CHANGED')
      // The new quote carries the discount worked out on the new price.
      expect((changed.details?.quote as CheckoutQuote).lines[0]?.discountFen).toBe(90)
      expect(await written([sku])).toEqual(before)
    })
  })
})
