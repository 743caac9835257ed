import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { setSkuOnSale, setSkuPrice, setSkuStock } from '../../src-main/catalog/catalog-admin.repository'
import { addToCart, clearCart, getCart, removeFromCart, setCartCount } from '../../src-main/cart/cart.service'
import { parkSale, recallSale } from '../../src-main/cart/parked.service'
import { placeOrder } from '../../src-main/orders/checkout.service'
import type { Actor } from '../../src-main/core/core'
import { failure } from '../support/failure'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { addSku, orderInput, staffActor, stockOf } from '../support/shop'

describe.each(testStores)('the cart on %s', (kind) => {
  let t: TestStore
  let cashier: Actor
  let otherTill: Actor

  beforeAll(async () => {
    t = await freshStore(kind)
    cashier = await staffActor(t.core, 'cashier', 'T1')
    otherTill = await staffActor(t.core, 'cashier', 'T2')
  })
  afterAll(() => t.dispose())
  beforeEach(async () => {
    await clearCart(t.core, cashier)
    await clearCart(t.core, otherTill)
  })

  const countsOf = async (actor: Actor) =>
    [...(await t.core.cart.lines(actor.tillId)).entries()].sort((a, b) => a[0] - b[0])

  it('adds, adds more of the same, sets, removes and clears', async () => {
    const apples = await addSku(t.core, { stock: 20, priceFen: 350 })
    const milk = await addSku(t.core, { stock: 10, priceFen: 1299 })

    let cart = await addToCart(t.core, cashier, apples, 2)
    expect(cart.lines.map((l) => [l.skuId, l.count])).toEqual([[apples, 2]])
    cart = await addToCart(t.core, cashier, apples, 3)
    expect(cart.lines.map((l) => [l.skuId, l.count])).toEqual([[apples, 5]])
    cart = await addToCart(t.core, cashier, milk, 1)
    expect(cart.lines.map((l) => [l.skuId, l.count])).toEqual([
      [apples, 5],
      [milk, 1],
    ])
    expect(cart.totalCount).toBe(6)
    expect(cart.goodsFen).toBe(5 * 350 + 1299)

    cart = await setCartCount(t.core, cashier, apples, 2)
    expect(cart.lines.find((l) => l.skuId === apples)?.count).toBe(2)
    expect(cart.goodsFen).toBe(2 * 350 + 1299)

    cart = await removeFromCart(t.core, cashier, apples)
    expect(cart.lines.map((l) => l.skuId)).toEqual([milk])

    cart = await clearCart(t.core, cashier)
    expect(cart).toEqual({ lines: [], totalCount: 0, goodsFen: 0 })
    expect(await countsOf(cashier)).toEqual([])
    // The cart is not a reservation: stock is untouched until an order commits.
    expect(await stockOf(t.core, apples)).toEqual({ stock: 20, sales: 0 })
  })

  it('keeps the lines in scan order, through counts, removals, a park and recall, and a sale of some lines', async () => {
    // Created in reverse, so that scan order and SKU order disagree.
    const [c, b, a] = [
      await addSku(t.core, { stock: 50 }),
      await addSku(t.core, { stock: 50 }),
      await addSku(t.core, { stock: 50 }),
    ] as [number, number, number]
    const order = async () => (await getCart(t.core, cashier)).lines.map((l) => l.skuId)
    await addToCart(t.core, cashier, a, 1)
    await addToCart(t.core, cashier, b, 1)
    await addToCart(t.core, cashier, c, 1)
    expect(await order()).toEqual([a, b, c])
    // More of a line, or a new count, keeps its place.
    await addToCart(t.core, cashier, a, 2)
    await setCartCount(t.core, cashier, b, 4)
    expect(await order()).toEqual([a, b, c])
    // Taken out and scanned again: last.
    await removeFromCart(t.core, cashier, a)
    await addToCart(t.core, cashier, a, 1)
    expect(await order()).toEqual([b, c, a])
    // Parked and recalled: as it was scanned.
    const parked = await parkSale(t.core, cashier, { label: '顺序' })
    expect(await order()).toEqual([])
    await recallSale(t.core, cashier, parked.sale.id)
    expect(await order()).toEqual([b, c, a])
    // A scan after the recall comes after the recalled lines.
    const d = await addSku(t.core, { stock: 50 })
    await addToCart(t.core, cashier, d, 1)
    expect(await order()).toEqual([b, c, a, d])
    // One line sold: the others keep their order.
    await placeOrder(t.core, cashier, await orderInput(t.core, cashier, [[c, 1]]))
    expect(await order()).toEqual([b, a, d])
  })

  it('reads current prices and the stock left, not what they were when the goods were added', async () => {
    const sku = await addSku(t.core, { stock: 8, priceFen: 500, name: '香蕉' })
    const added = await addToCart(t.core, cashier, sku, 2)
    expect(added.lines).toEqual([
      {
        skuId: sku,
        name: '香蕉',
        unit: '个',
        saleMode: 'by_piece',
        unitGrams: null,
        priceFen: 500,
        count: 2,
        labelFen: 0,
        labelGrams: 0,
        lineFen: 1000,
        // Discounts belong to the sale, not the cart (docs/DISCOUNTS.md).
        discountFen: 0,
        netFen: 1000,
        stockLeft: 8,
        onSale: true,
      },
    ])

    await setSkuPrice(t.core.store.db, sku, 450, t.core.now())
    await setSkuStock(t.core.store.db, sku, 3, t.core.now())
    const cart = await getCart(t.core, cashier)
    expect(cart.lines[0]).toMatchObject({ priceFen: 450, count: 2, lineFen: 900, stockLeft: 3, onSale: true })
    expect(cart.goodsFen).toBe(900)

    await setSkuOnSale(t.core.store.db, sku, false, t.core.now())
    expect((await getCart(t.core, cashier)).lines[0]?.onSale).toBe(false)
  })

  it('refuses an unknown SKU with SKU_NOT_FOUND and leaves the cart alone', async () => {
    const sku = await addSku(t.core, { stock: 5 })
    await addToCart(t.core, cashier, sku, 1)
    const error = await failure(addToCart(t.core, cashier, 987_654, 1))
    expect(error.code).toBe('SKU_NOT_FOUND')
    expect(error.details).toMatchObject({ skuId: 987_654 })
    expect((await failure(setCartCount(t.core, cashier, 987_654, 1))).code).toBe('SKU_NOT_FOUND')
    expect(await countsOf(cashier)).toEqual([[sku, 1]])
  })

  it('refuses an off-sale SKU with SKU_OFF_SALE', async () => {
    const off = await addSku(t.core, { stock: 5, onSale: false, name: '下架草莓' })
    const error = await failure(addToCart(t.core, cashier, off, 1))
    expect(error.code).toBe('SKU_OFF_SALE')
    expect(error.details).toMatchObject({ skuId: off, name: '下架草莓' })
    expect((await failure(setCartCount(t.core, cashier, off, 1))).code).toBe('SKU_OFF_SALE')
    expect(await countsOf(cashier)).toEqual([])
  })

  it('refuses more than the stock with INSUFFICIENT_STOCK {skuId, asked, left}, counting what is already in the cart', async () => {
    const sku = await addSku(t.core, { stock: 5 })
    let error = await failure(addToCart(t.core, cashier, sku, 6))
    expect(error.code).toBe('INSUFFICIENT_STOCK')
    expect(error.details).toMatchObject({ skuId: sku, asked: 6, left: 5 })
    expect(await countsOf(cashier)).toEqual([])

    await addToCart(t.core, cashier, sku, 3)
    error = await failure(addToCart(t.core, cashier, sku, 3))
    expect(error.code).toBe('INSUFFICIENT_STOCK')
    expect(error.details).toMatchObject({ skuId: sku, asked: 6, left: 5 })
    expect(await countsOf(cashier)).toEqual([[sku, 3]])

    error = await failure(setCartCount(t.core, cashier, sku, 9))
    expect(error.code).toBe('INSUFFICIENT_STOCK')
    expect(error.details).toMatchObject({ skuId: sku, asked: 9, left: 5 })
    expect(await countsOf(cashier)).toEqual([[sku, 3]])

    // Exactly the stock is fine.
    expect((await setCartCount(t.core, cashier, sku, 5)).lines[0]?.count).toBe(5)
  })

  it('refuses to add past 999 of one line with INVALID_INPUT naming the count, keeping 999', async () => {
    const sku = await addSku(t.core, { stock: 5000 })
    await addToCart(t.core, cashier, sku, 999)
    const error = await failure(addToCart(t.core, cashier, sku, 1))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.details?.fields).toHaveProperty('count')
    expect(await countsOf(cashier)).toEqual([[sku, 999]])

    await setCartCount(t.core, cashier, sku, 500)
    expect((await failure(addToCart(t.core, cashier, sku, 500))).code).toBe('INVALID_INPUT')
    expect(await countsOf(cashier)).toEqual([[sku, 500]])
    expect((await addToCart(t.core, cashier, sku, 499)).lines[0]?.count).toBe(999)
  })

  it('keeps one cart per till', async () => {
    const a = await addSku(t.core, { stock: 50, priceFen: 100 })
    const b = await addSku(t.core, { stock: 50, priceFen: 200 })
    await addToCart(t.core, cashier, a, 2)
    await addToCart(t.core, otherTill, a, 7)
    await addToCart(t.core, otherTill, b, 1)

    expect((await getCart(t.core, cashier)).lines.map((l) => [l.skuId, l.count])).toEqual([[a, 2]])
    expect((await getCart(t.core, otherTill)).lines.map((l) => [l.skuId, l.count])).toEqual([
      [a, 7],
      [b, 1],
    ])

    await clearCart(t.core, otherTill)
    expect(await countsOf(otherTill)).toEqual([])
    expect(await countsOf(cashier)).toEqual([[a, 2]])
    await removeFromCart(t.core, cashier, a)
    expect(await countsOf(cashier)).toEqual([])
  })

  it('counts stock per till: another till holding goods in its cart does not block this one', async () => {
    const sku = await addSku(t.core, { stock: 4 })
    await addToCart(t.core, otherTill, sku, 4)
    expect((await addToCart(t.core, cashier, sku, 4)).lines[0]?.count).toBe(4)
  })
})
