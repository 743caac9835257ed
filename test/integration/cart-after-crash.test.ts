// The bought lines leave the till's cart exactly once, even when the till process is killed
// between the order's commit and their removal: the order's transaction records the removal
// (cart_removals), and the next read of that till's cart — or the till's next start — finishes
// it. The next customer's lines, added in between, stay. Killed both before the lines were taken
// and just after (the removal's transaction then never commits: on Redis the lines are gone but
// the record is still there, and they must not be taken a second time).
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PosError } from '../../src-shared/errors'
import { OrderStatus } from '../../src-shared/order-status'
import { createApp } from '../../src-main/app'
import type { CartStore } from '../../src-main/cart/cart.store'
import type { Actor } from '../../src-main/core/core'
import { consoleLogger } from '../../src-main/logger'
import { placeOrder } from '../../src-main/orders/checkout.service'
import { addSku, orderInput, staffActor, stockOf } from '../support/shop'
import { cartKey } from '../../src-main/cart/redis-cart.store'
import { freshStore, REDIS_URL, type TestStore, testStores } from '../support/stores'
import { placeAndKill } from '../support/till-process'

describe.each(testStores)('bought lines after a till is killed (%s)', (kind) => {
  let t: TestStore, cashier: Actor

  beforeAll(async () => {
    t = await freshStore(kind)
    cashier = await staffActor(t.core)
  })
  afterAll(async () => {
    await t?.dispose()
  })

  const pendingRemovals = async () =>
    (await t.core.store.db.selectFrom('cart_removals').select('order_id').execute()).map((r) => r.order_id)

  /** A sale of 2 × `kept` and 1 × `gone` killed at `stopAt`; then the next customer scans 1 × `kept`. */
  async function killedSale(stopAt: 'before-taking' | 'after-taking') {
    const kept = await addSku(t.core, { stock: 10, priceFen: 300 })
    const gone = await addSku(t.core, { stock: 10, priceFen: 500 })
    const input = await orderInput(t.core, cashier, [
      [kept, 2],
      [gone, 1],
    ])
    const orderId = await placeAndKill(t, cashier, { input, stopAt })
    // The order committed whole, with its removal recorded.
    const order = await t.core.store.db
      .selectFrom('order_info')
      .select(['status', 'idempotency_key'])
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow()
    expect(order).toEqual({ status: OrderStatus.UNPAID, idempotency_key: input.idempotencyKey })
    expect(await stockOf(t.core, kept)).toEqual({ stock: 8, sales: 2 })
    expect(await pendingRemovals()).toEqual([orderId])
    // The next customer's first scan, before anyone reads the cart.
    await t.core.cart.add(cashier.tillId, kept, 1)
    return { kept, gone, orderId }
  }

  it('killed before the lines were taken: the next cart read takes them out, once', async () => {
    const { kept } = await killedSale('before-taking')
    expect([...(await t.core.cart.lines(cashier.tillId))]).toEqual([[kept, 1]])
    expect(await pendingRemovals()).toEqual([])
    expect([...(await t.core.cart.lines(cashier.tillId))]).toEqual([[kept, 1]])
    await t.core.cart.clear(cashier.tillId)
  })

  it('killed just after the lines were taken, before that was recorded: the next start finishes it, once', async () => {
    const { kept } = await killedSale('after-taking')
    const app = await createApp(t.config, { log: consoleLogger('silent'), sweep: false, historySync: false })
    try {
      await app.reconciled
      // Finished at start, before anyone read the cart.
      expect(await pendingRemovals()).toEqual([])
      expect([...(await app.core.cart.lines(cashier.tillId))]).toEqual([[kept, 1]])
    } finally {
      await app.close()
    }
    expect([...(await t.core.cart.lines(cashier.tillId))]).toEqual([[kept, 1]])
    await t.core.cart.clear(cashier.tillId)
  })

  it('killed before the lines were taken, and the next sale paid before anyone read the cart: placed on the cart as it is now', async () => {
    const { kept, orderId } = await killedSale('before-taking')
    // The next customer's one piece, quoted as any till would quote it: without the killed sale's lines.
    const input = await orderInput(t.core, await staffActor(t.core, 'cashier', 'T2'), [[kept, 1]])
    const placed = await placeOrder(t.core, cashier, input)
    expect(placed.id).not.toBe(orderId)
    expect(placed.lines.map((l) => [l.skuId, l.count])).toEqual([[kept, 1]])
    // The killed sale's lines were taken out once, before the order was placed; the new order's too.
    expect(await pendingRemovals()).toEqual([])
    expect((await t.core.cart.lines(cashier.tillId)).size).toBe(0)
    expect(await stockOf(t.core, kept)).toEqual({ stock: 7, sales: 3 })
    await t.core.cart.clear('T2')
  })

  it('killed before the lines were taken: a submit whose quote matches the cart with them is refused, not sold twice', async () => {
    const { kept } = await killedSale('before-taking')
    // What the cart holds before the killed sale's lines leave it: its 2 and the next customer's 1.
    const asLeft = await orderInput(t.core, await staffActor(t.core, 'cashier', 'T2'), [[kept, 3]])
    await expect(placeOrder(t.core, cashier, asLeft)).rejects.toMatchObject({ code: 'CART_CHANGED' })
    expect(await stockOf(t.core, kept)).toEqual({ stock: 8, sales: 2 })
    expect(await pendingRemovals()).toEqual([])
    expect([...(await t.core.cart.lines(cashier.tillId))]).toEqual([[kept, 1]])
    await t.core.cart.clear(cashier.tillId)
    await t.core.cart.clear('T2')
  })

  it('the cart refuses the removal just after the commit: the sale stands and is answered, the next read takes the lines out', async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 400 })
    const input = await orderInput(t.core, cashier, [[sku, 2]])
    // Redis goes away between the order's commit and the removal's script (a fault, injected).
    const cart = t.core.cart
    const refusing = Object.create(cart) as CartStore
    refusing.takeBought = () => Promise.reject(new PosError('CACHE_UNAVAILABLE'))
    t.core.cart = refusing
    const placed = await placeOrder(t.core, cashier, input).finally(() => {
      t.core.cart = cart
    })
    expect(placed.lines.map((l) => [l.skuId, l.count])).toEqual([[sku, 2]])
    expect(await stockOf(t.core, sku)).toEqual({ stock: 8, sales: 2 })
    expect(await pendingRemovals()).toEqual([placed.id])
    expect((await t.core.cart.lines(cashier.tillId)).size).toBe(0)
    expect(await pendingRemovals()).toEqual([])
  })

  it('a sale that is not interrupted leaves no removal behind', async () => {
    const sku = await addSku(t.core, { stock: 5, priceFen: 100 })
    const input = await orderInput(t.core, cashier, [[sku, 1]])
    await placeOrder(t.core, cashier, input)
    expect(await pendingRemovals()).toEqual([])
    expect((await t.core.cart.lines(cashier.tillId)).size).toBe(0)
  })
})

describe.runIf(testStores.includes('mysql'))('the Redis cart after many sales', () => {
  let t: TestStore, cashier: Actor, redis: Redis

  beforeAll(async () => {
    t = await freshStore('mysql')
    cashier = await staffActor(t.core)
    redis = new Redis(REDIS_URL, { keyPrefix: t.config.redisPrefix })
  })
  afterAll(async () => {
    redis?.disconnect()
    await t?.dispose()
  })

  it("keeps at most the last sale's mark: each removal drops the marks of the removals before it", async () => {
    const sku = await addSku(t.core, { stock: 50, priceFen: 200 })
    const marks = async () => (await redis.hkeys(cartKey(cashier.tillId))).filter((f) => f.startsWith('bought:'))
    const placed: number[] = []
    for (let sale = 0; sale < 4; sale++) {
      placed.push((await placeOrder(t.core, cashier, await orderInput(t.core, cashier, [[sku, 1]]))).id)
      expect(await marks()).toEqual([`bought:${placed.at(-1)}`])
    }
    expect(await stockOf(t.core, sku)).toEqual({ stock: 46, sales: 4 })
  })
})
