// Counter sales and ratings (docs/ORDERS.md "Ratings"), on both stores: a paid counter sale is
// finished unless the shop asks for ratings; then it waits for the customer's stars, and one left
// unrated is finished when its shop day (China time) has closed. Delivery orders keep
// ship → receive → review whatever the setting.
import { describe, expect, it } from 'vitest'
import { OrderStatus } from '../../src-shared/order-status'
import type { Actor } from '../../src-main/core/core'
import { finishUnratedCounterSales, receiveOrder, shipOrder } from '../../src-main/orders/order-lifecycle.service'
import type { Payments } from '../../src-main/payments/payments'
import { reviewOrder, reviewsOfSku } from '../../src-main/reviews/reviews.service'
import { addAddress, addMember } from '../../src-main/members/members.service'
import { addSku, askForRatings, newKey, sell } from '../support/shop'
import { type TestStore, testStores } from '../support/stores'
import { eventsOf, orderRow, paymentsShopHooks } from '../support/payments'

const HOUR = 3600_000

describe.each(testStores)('counter sales and ratings (%s)', (kind) => {
  let t: TestStore, payments: Payments, cashier: Actor, admin: Actor
  paymentsShopHooks(kind, (shop) => ({ t, payments, cashier, admin } = shop))

  const paidCounterSale = async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 500 })
    const order = await sell(t.core, cashier, [[sku, 2]])
    await payments.service.payCash(cashier, order.id, order.payFen, newKey())
    return { sku, order }
  }

  it('by default a counter sale paid in cash or by card is finished at once', async () => {
    const { order } = await paidCounterSale()
    expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.FINISHED)
    expect(await eventsOf(t.core, order.id)).toEqual(['created', 'paid'])
    const sku = await addSku(t.core, { stock: 10, priceFen: 300 })
    const byCard = await sell(t.core, cashier, [[sku, 1]])
    await payments.service.payCard(cashier, byCard.id, newKey())
    expect((await orderRow(t.core, byCard.id)).status).toBe(OrderStatus.FINISHED)
  })

  it('asked for ratings, it waits for the stars; the rating is its review and shows on the goods', async () => {
    await askForRatings(t.core)
    // Read through the transaction that settles the payment when the cache has run out.
    t.core.settings.invalidate()
    const { sku, order } = await paidCounterSale()
    expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.UNREVIEWED)
    const [line] = order.lines
    const rated = await reviewOrder(t.core, cashier, {
      orderId: order.id,
      lines: [{ lineId: line!.id, rating: 4, comment: '' }],
    })
    expect(rated.status).toBe(OrderStatus.FINISHED)
    const reviews = await reviewsOfSku(t.core, { skuId: sku, limit: 10 })
    expect(reviews).toMatchObject({ averageRating: 4, reviewCount: 1 })
  })

  it('unrated counter sales of an earlier shop day finish at its close; today’s and deliveries wait', async () => {
    await askForRatings(t.core)
    // 2026-03-01 23:30 in China (15:30 UTC): the last sale of that day, then one just after midnight.
    t.clock.now = Date.UTC(2026, 2, 1, 15, 30)
    const { order: lastOfDay } = await paidCounterSale()
    t.clock.advance(HOUR) // 00:30 on 2026-03-02 in China, still 2026-03-01 in UTC
    const { order: nextDay } = await paidCounterSale()
    const member = await addMember(t.core, { phone: '13912345678', name: '王芳' })
    const address = await addAddress(t.core, {
      memberId: member.id,
      receiver: '王芳',
      phone: '13912345678',
      address: '杭州市西湖区 1 号',
      zip: '',
      isDefault: true,
    })
    const sku = await addSku(t.core, { stock: 10, priceFen: 900 })
    t.clock.now = Date.UTC(2026, 2, 1, 10)
    const delivery = await sell(t.core, cashier, [[sku, 1]], {
      fulfilment: 'delivery',
      memberId: member.id,
      addressId: address.id,
    })
    await payments.service.payCash(cashier, delivery.id, delivery.payFen, newKey())
    await shipOrder(t.core, admin, delivery.id)
    await receiveOrder(t.core, cashier, delivery.id)

    // Still 2026-03-02 in China: only the sale of 03-01 is closed.
    t.clock.now = Date.UTC(2026, 2, 2, 3)
    expect(await finishUnratedCounterSales(t.core, admin)).toEqual({ finished: 1 })
    expect((await orderRow(t.core, lastOfDay.id)).status).toBe(OrderStatus.FINISHED)
    expect(await eventsOf(t.core, lastOfDay.id)).toEqual(['created', 'paid', 'review_skipped'])
    expect((await orderRow(t.core, nextDay.id)).status).toBe(OrderStatus.UNREVIEWED)
    expect((await orderRow(t.core, delivery.id)).status).toBe(OrderStatus.UNREVIEWED)
    // Run again: nothing more to do. The next day, the other one closes too.
    expect(await finishUnratedCounterSales(t.core, admin)).toEqual({ finished: 0 })
    t.clock.now = Date.UTC(2026, 2, 2, 16, 1)
    expect(await finishUnratedCounterSales(t.core, admin)).toEqual({ finished: 1 })
    expect((await orderRow(t.core, nextDay.id)).status).toBe(OrderStatus.FINISHED)
    expect((await orderRow(t.core, delivery.id)).status).toBe(OrderStatus.UNREVIEWED)
  })
})
