import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { OrderStatus, PayMethod } from '../../src-shared/order-status'
import { setSkuOnSale, setSkuStock } from '../../src-main/catalog/catalog-admin.repository'
import type { StockStrategy } from '../../src-main/config'
import type { Actor } from '../../src-main/core/core'
import { addAddress, addMember, updateAddress } from '../../src-main/members/members.service'
import { getQuote, placeOrder } from '../../src-main/orders/checkout.service'
import { failure } from '../support/failure'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { addSku, newKey, sell, snapshot, staffActor, stockOf, submit } from '../support/shop'

const strategies: StockStrategy[] = ['atomic', 'pessimistic', 'optimistic']

describe.each(testStores)('checkout rules on %s', (kind) => {
  describe.each(strategies)('with the %s stock strategy', (strategy) => {
    let t: TestStore
    let cashier: Actor

    beforeAll(async () => {
      t = await freshStore(kind, { strategy })
      cashier = await staffActor(t.core)
    })
    afterAll(() => t.dispose())
    beforeEach(() => t.core.cart.clear(cashier.tillId))

    it('refuses an order whose last line lacks stock with INSUFFICIENT_STOCK naming it, and writes nothing', async () => {
      expect(t.config.stockStrategy).toBe(strategy)
      const first = await addSku(t.core, { stock: 10, priceFen: 300 })
      const second = await addSku(t.core, { stock: 10, priceFen: 400 })
      const last = await addSku(t.core, { stock: 10, priceFen: 500, name: '最后一行' })
      expect(last).toBeGreaterThan(second)
      for (const [sku, count] of [
        [first, 2],
        [second, 3],
        [last, 4],
      ] as const) {
        await t.core.cart.set(cashier.tillId, sku, count)
      }
      const quote = await getQuote(t.core, cashier, { skuIds: [last, first, second], fulfilment: 'pickup' })
      // Another till sells the last SKU down after the quote was shown.
      await setSkuStock(t.core.store.db, last, 3, t.core.now())
      const before = await snapshot(t.core, [cashier.tillId])

      const error = await failure(
        placeOrder(t.core, cashier, {
          skuIds: [last, first, second],
          fulfilment: 'pickup',
          payMethod: PayMethod.CASH,
          fingerprint: quote.fingerprint,
          idempotencyKey: newKey(),
        }),
      )
      expect(error.code).toBe('INSUFFICIENT_STOCK')
      expect(error.details).toMatchObject({ skuId: last, name: '最后一行', asked: 4, left: 3 })
      // No order row, no line, no event; the first two SKUs' stock untouched; the cart as it was.
      expect(await snapshot(t.core, [cashier.tillId])).toEqual(before)
      expect(await stockOf(t.core, first)).toEqual({ stock: 10, sales: 0 })
      expect(await stockOf(t.core, second)).toEqual({ stock: 10, sales: 0 })
      expect(await stockOf(t.core, last)).toEqual({ stock: 3, sales: 0 })
      expect(before.carts[cashier.tillId]).toEqual([
        [first, 2],
        [second, 3],
        [last, 4],
      ])

      // With the stock back, the very same cart orders fine (nothing was left half-done).
      await setSkuStock(t.core.store.db, last, 4, t.core.now())
      const order = await submit(t.core, cashier, [first, second, last])
      expect(order.lines.map((l) => [l.skuId, l.count])).toEqual([
        [first, 2],
        [second, 3],
        [last, 4],
      ])
      expect(await stockOf(t.core, last)).toEqual({ stock: 0, sales: 4 })
      expect(await stockOf(t.core, first)).toEqual({ stock: 8, sales: 2 })
    })

    it('refuses a SKU set off sale after the quote with SKU_OFF_SALE, and writes nothing', async () => {
      const keep = await addSku(t.core, { stock: 10 })
      const gone = await addSku(t.core, { stock: 10, name: '刚下架' })
      await t.core.cart.set(cashier.tillId, keep, 1)
      await t.core.cart.set(cashier.tillId, gone, 2)
      const quote = await getQuote(t.core, cashier, { skuIds: [keep, gone], fulfilment: 'pickup' })
      await setSkuOnSale(t.core.store.db, gone, false, t.core.now())
      const before = await snapshot(t.core, [cashier.tillId])

      const error = await failure(
        placeOrder(t.core, cashier, {
          skuIds: [keep, gone],
          fulfilment: 'pickup',
          payMethod: PayMethod.ALIPAY,
          fingerprint: quote.fingerprint,
          idempotencyKey: newKey(),
        }),
      )
      expect(error.code).toBe('SKU_OFF_SALE')
      expect(error.details).toMatchObject({ skuId: gone })
      expect(await snapshot(t.core, [cashier.tillId])).toEqual(before)
    })
  })

  describe('fulfilment, addresses, pay methods and empty carts', () => {
    let t: TestStore
    let cashier: Actor
    let member: number
    let memberAddress: number
    let stranger: number
    let strangerAddress: number

    beforeAll(async () => {
      t = await freshStore(kind)
      cashier = await staffActor(t.core)
      member = (await addMember(t.core, { phone: '13800000001', name: '王小明' })).id
      memberAddress = (
        await addAddress(t.core, {
          memberId: member,
          receiver: '王小明',
          phone: '13800000001',
          address: '上海市徐汇区漕溪北路 1 号 3 楼',
          zip: '200030',
          isDefault: true,
        })
      ).id
      stranger = (await addMember(t.core, { phone: '13900000002', name: '李四' })).id
      strangerAddress = (
        await addAddress(t.core, {
          memberId: stranger,
          receiver: '李四',
          phone: '13900000002',
          address: '北京市海淀区中关村大街 27 号',
          zip: '',
          isDefault: true,
        })
      ).id
    })
    afterAll(() => t.dispose())
    beforeEach(() => t.core.cart.clear(cashier.tillId))

    it('charges the flat delivery freight below the threshold and copies the address onto the order', async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 2000 })
      const order = await sell(t.core, cashier, [[sku, 2]], {
        fulfilment: 'delivery',
        memberId: member,
        addressId: memberAddress,
      })
      expect(order.fulfilment).toBe('delivery')
      expect(order.goodsFen).toBe(4000)
      expect(order.freightFen).toBe(t.config.freightFen)
      expect(order.freightFen).toBe(1000)
      expect(order.payFen).toBe(5000)
      expect(order.memberId).toBe(member)
      expect(order).toMatchObject({
        receiver: '王小明',
        receiverPhone: '13800000001',
        address: '上海市徐汇区漕溪北路 1 号 3 楼',
      })
      const row = await t.core.store.db
        .selectFrom('order_info')
        .selectAll()
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({
        address_id: memberAddress,
        receiver: '王小明',
        receiver_phone: '13800000001',
        freight_fen: 1000,
        pay_fen: 5000,
      })

      // A snapshot: editing the address later does not rewrite the order.
      await updateAddress(t.core, {
        memberId: member,
        addressId: memberAddress,
        receiver: '王大明',
        phone: '13800000009',
        address: '新地址',
        zip: '',
        isDefault: true,
      })
      const again = await t.core.store.db
        .selectFrom('order_info')
        .selectAll()
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow()
      expect(again).toMatchObject({
        receiver: '王小明',
        receiver_phone: '13800000001',
        address: '上海市徐汇区漕溪北路 1 号 3 楼',
      })
      await updateAddress(t.core, {
        memberId: member,
        addressId: memberAddress,
        receiver: '王小明',
        phone: '13800000001',
        address: '上海市徐汇区漕溪北路 1 号 3 楼',
        zip: '200030',
        isDefault: true,
      })
    })

    it('waives the freight at and above the threshold', async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 3300 })
      const atThreshold = await sell(t.core, cashier, [[sku, 3]], {
        fulfilment: 'delivery',
        memberId: member,
        addressId: memberAddress,
      })
      expect(atThreshold.goodsFen).toBe(9900)
      expect(atThreshold.freightFen).toBe(0)
      expect(atThreshold.payFen).toBe(9900)
      const above = await sell(t.core, cashier, [[sku, 4]], {
        fulfilment: 'delivery',
        memberId: member,
        addressId: memberAddress,
      })
      expect(above.goodsFen).toBe(13200)
      expect(above.freightFen).toBe(0)
      expect(above.payFen).toBe(13200)
    })

    it('charges no freight and stores no address for pickup', async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 100 })
      const order = await sell(t.core, cashier, [[sku, 1]], { fulfilment: 'pickup', memberId: member })
      expect(order).toMatchObject({
        fulfilment: 'pickup',
        freightFen: 0,
        payFen: 100,
        receiver: null,
        receiverPhone: null,
        address: null,
        memberId: member,
      })
    })

    it("refuses another member's address with ADDRESS_NOT_FOUND, at the quote and at the order, writing nothing", async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 2000 })
      await t.core.cart.set(cashier.tillId, sku, 1)
      const quoteError = await failure(
        getQuote(t.core, cashier, {
          skuIds: [sku],
          fulfilment: 'delivery',
          memberId: member,
          addressId: strangerAddress,
        }),
      )
      expect(quoteError.code).toBe('ADDRESS_NOT_FOUND')
      const good = await getQuote(t.core, cashier, {
        skuIds: [sku],
        fulfilment: 'delivery',
        memberId: member,
        addressId: memberAddress,
      })
      const before = await snapshot(t.core, [cashier.tillId])
      const error = await failure(
        placeOrder(t.core, cashier, {
          skuIds: [sku],
          fulfilment: 'delivery',
          memberId: member,
          addressId: strangerAddress,
          payMethod: PayMethod.CASH,
          fingerprint: good.fingerprint,
          idempotencyKey: newKey(),
        }),
      )
      expect(error.code).toBe('ADDRESS_NOT_FOUND')
      expect(error.details).toMatchObject({ addressId: strangerAddress })
      expect(await snapshot(t.core, [cashier.tillId])).toEqual(before)
    })

    it('refuses delivery without an address (or without a member) with INVALID_INPUT naming the field', async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 2000 })
      await t.core.cart.set(cashier.tillId, sku, 1)
      const before = await snapshot(t.core, [cashier.tillId])
      const noAddress = await failure(
        placeOrder(t.core, cashier, {
          skuIds: [sku],
          fulfilment: 'delivery',
          memberId: member,
          payMethod: PayMethod.CASH,
          fingerprint: 'a'.repeat(32),
          idempotencyKey: newKey(),
        }),
      )
      expect(noAddress.code).toBe('INVALID_INPUT')
      expect(Object.keys(noAddress.details?.fields as object)).toEqual(['addressId'])
      const noMember = await failure(
        getQuote(t.core, cashier, { skuIds: [sku], fulfilment: 'delivery', addressId: memberAddress }),
      )
      expect(noMember.code).toBe('INVALID_INPUT')
      expect(Object.keys(noMember.details?.fields as object)).toEqual(['memberPhone'])
      expect(await snapshot(t.core, [cashier.tillId])).toEqual(before)
    })

    it('refuses WeChat Pay with PAY_METHOD_UNAVAILABLE, writing nothing', async () => {
      const sku = await addSku(t.core, { stock: 10 })
      await t.core.cart.set(cashier.tillId, sku, 1)
      const quote = await getQuote(t.core, cashier, { skuIds: [sku], fulfilment: 'pickup' })
      const before = await snapshot(t.core, [cashier.tillId])
      const error = await failure(
        placeOrder(t.core, cashier, {
          skuIds: [sku],
          fulfilment: 'pickup',
          payMethod: PayMethod.WECHAT,
          fingerprint: quote.fingerprint,
          idempotencyKey: newKey(),
        }),
      )
      expect(error.code).toBe('PAY_METHOD_UNAVAILABLE')
      expect(await snapshot(t.core, [cashier.tillId])).toEqual(before)
      // Cash, Alipay and card all work.
      for (const payMethod of [PayMethod.CASH, PayMethod.ALIPAY, PayMethod.CARD]) {
        const order = await sell(t.core, cashier, [[sku, 1]], { payMethod })
        expect(order.payMethod).toBe(payMethod)
        expect(order.status).toBe(OrderStatus.UNPAID)
      }
    })

    it('refuses an empty cart with CART_EMPTY, at the quote and at the order', async () => {
      const sku = await addSku(t.core, { stock: 10 })
      expect((await failure(getQuote(t.core, cashier, { skuIds: [sku], fulfilment: 'pickup' }))).code).toBe(
        'CART_EMPTY',
      )
      const before = await snapshot(t.core, [cashier.tillId])
      const error = await failure(
        placeOrder(t.core, cashier, {
          skuIds: [sku],
          fulfilment: 'pickup',
          payMethod: PayMethod.CASH,
          fingerprint: 'b'.repeat(32),
          idempotencyKey: newKey(),
        }),
      )
      expect(error.code).toBe('CART_EMPTY')
      expect(await snapshot(t.core, [cashier.tillId])).toEqual(before)
    })

    it('refuses SKUs that are only in another till’s cart with CART_EMPTY', async () => {
      const sku = await addSku(t.core, { stock: 10 })
      await t.core.cart.set('T2', sku, 3)
      expect((await failure(getQuote(t.core, cashier, { skuIds: [sku], fulfilment: 'pickup' }))).code).toBe(
        'CART_EMPTY',
      )
      await t.core.cart.clear('T2')
    })
  })
})
