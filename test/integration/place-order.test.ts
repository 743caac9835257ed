import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PosError } from '../../src-shared/errors'
import { OrderStatus } from '../../src-shared/order-status'
import { setSkuPrice } from '../../src-main/catalog/catalog-admin.repository'
import type { Actor } from '../../src-main/core/core'
import { getQuote, placeOrder } from '../../src-main/orders/checkout.service'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { addSku, countRows, newKey, sell, staffActor, stockOf } from '../support/shop'

describe.each(testStores)('placing an order on %s', (kind) => {
  let t: TestStore
  let cashier: Actor

  beforeAll(async () => {
    t = await freshStore(kind)
    cashier = await staffActor(t.core)
  })
  afterAll(() => t.dispose())

  it('writes the order with totals computed up front, its lines, an event, and takes the stock', async () => {
    const apples = await addSku(t.core, { stock: 10, priceFen: 350 })
    const milk = await addSku(t.core, { stock: 5, priceFen: 1299 })
    const order = await sell(t.core, cashier, [
      [milk, 2],
      [apples, 3],
    ])

    expect(order.status).toBe(OrderStatus.UNPAID)
    expect(order.goodsFen).toBe(3 * 350 + 2 * 1299)
    expect(order.freightFen).toBe(0)
    expect(order.payFen).toBe(order.goodsFen)
    expect(order.totalCount).toBe(5)
    expect(order.lines.map((l) => [l.skuId, l.count, l.priceFen])).toEqual([
      [apples, 3, 350],
      [milk, 2, 1299],
    ])
    expect(order.orderNo).toMatch(/^[0-9A-Za-z_]{1,32}$/)
    expect(order.expiresAt).toBe(order.createdAt + t.config.unpaidTtlMs)
    expect(await stockOf(t.core, apples)).toEqual({ stock: 7, sales: 3 })
    expect(await stockOf(t.core, milk)).toEqual({ stock: 3, sales: 2 })
    const events = await t.core.store.db
      .selectFrom('order_events')
      .selectAll()
      .where('order_id', '=', order.id)
      .execute()
    expect(events.map((e) => e.type)).toEqual(['created'])
    // Bought lines leave the cart only after the commit.
    expect((await t.core.cart.lines(cashier.tillId)).size).toBe(0)
  })

  it('refuses with CART_CHANGED when a price moved after the quote, and writes nothing', async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 500 })
    await t.core.cart.set(cashier.tillId, sku, 2)
    const quote = await getQuote(t.core, cashier, { skuIds: [sku], fulfilment: 'pickup' })
    await setSkuPrice(t.core.store.db, sku, 550, t.core.now())
    const before = await countRows(t.core)
    const attempt = placeOrder(t.core, cashier, {
      skuIds: [sku],
      fulfilment: 'pickup',
      payMethod: 1,
      fingerprint: quote.fingerprint,
      idempotencyKey: newKey(),
    })
    await expect(attempt).rejects.toMatchObject({ code: 'CART_CHANGED' })
    const error = (await attempt.catch((e: PosError) => e)) as PosError
    expect((error.details?.quote as { payFen: number }).payFen).toBe(1100)
    expect(await countRows(t.core)).toEqual(before)
    expect(await stockOf(t.core, sku)).toEqual({ stock: 10, sales: 0 })
    expect((await t.core.cart.lines(cashier.tillId)).get(sku)).toBe(2)
    await t.core.cart.clear(cashier.tillId)
  })
})
