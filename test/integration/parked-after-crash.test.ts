// A till killed half-way through parking or recalling in shared mode, where a basket moves
// between the till's Redis cart and the parked sale in several one-key steps
// (redis-parked.store.ts): the basket is never lost and never lands twice, and the till's next
// start (or its next park, recall, list or new sale) finishes what it left. The embedded store
// needs no such test: there, parking and recalling are one transaction each.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src-main/app'
import { newSale, parkedSales, parkSale, recallSale } from '../../src-main/cart/parked.service'
import type { RedisParkedSales } from '../../src-main/cart/redis-parked.store'
import type { Actor } from '../../src-main/core/core'
import { consoleLogger } from '../../src-main/logger'
import { failure } from '../support/failure'
import { parkedStepAndKill } from '../support/parked-process'
import { addSku, staffActor } from '../support/shop'
import { freshStore, type TestStore } from '../support/stores'

describe('parked sales after a till is killed half-way (shared mode: Redis carts)', () => {
  let t: TestStore
  let one: Actor, two: Actor
  let apples: number, milk: number

  beforeAll(async () => {
    t = await freshStore('mysql')
    one = await staffActor(t.core, 'cashier', 'T1')
    two = await staffActor(t.core, 'cashier', 'T2')
    apples = await addSku(t.core, { stock: 100, priceFen: 350 })
    milk = await addSku(t.core, { stock: 100, priceFen: 1299 })
  })
  afterAll(() => t?.dispose())
  beforeEach(async () => {
    await newSale(t.core, one)
    await newSale(t.core, two)
    for (const sale of await parkedSales(t.core, one)) {
      await recallSale(t.core, one, sale.id)
      await newSale(t.core, one)
    }
  })

  const lines = async (tillId: string) => [...(await t.core.cart.lines(tillId))].sort((a, b) => a[0] - b[0])
  const basket = async () => {
    await t.core.cart.set('T1', apples, 3)
    await t.core.cart.set('T1', milk, 1)
  }

  it('killed after the lines left the cart, before the sale was written: the next start parks it, once', async () => {
    await basket()
    await parkedStepAndKill(t, one, { kind: 'park', label: '半路', stopAt: 'before-storing' })
    // Out of the cart, not yet on the list: kept in the cart's own hash, not lost.
    expect(await lines('T1')).toEqual([])
    expect(await parkedSales(t.core, two)).toEqual([])

    const app = await createApp(
      { ...t.config, tillId: 'T1' },
      { log: consoleLogger('silent'), now: () => t.clock.now, sweep: false, historySync: false },
    )
    try {
      await app.reconciled
    } finally {
      await app.close()
    }
    const [sale, ...more] = await parkedSales(t.core, two)
    expect(more).toEqual([])
    expect(sale).toMatchObject({ label: '半路', lineCount: 2, totalCount: 4, tillId: 'T1' })
    await recallSale(t.core, two, sale!.id)
    expect(await lines('T2')).toEqual([
      [apples, 3],
      [milk, 1],
    ])
    expect(await lines('T1')).toEqual([])
  })

  it('killed after the sale was written, before it was listed: recalled meanwhile, finishing does not bring it back', async () => {
    await basket()
    await parkedStepAndKill(t, one, { kind: 'park', label: '写了一半', stopAt: 'before-listing' })
    expect(await lines('T1')).toEqual([])
    // Another till recalls it by its number (the park had written it, under the next id).
    const id = Number(await (t.core.parked as RedisParkedSales).redis.get('parked-seq'))
    await recallSale(t.core, two, id)
    expect(await lines('T2')).toEqual([
      [apples, 3],
      [milk, 1],
    ])
    // T1 finishes its park on its next list: the sale is not parked a second time.
    expect(await parkedSales(t.core, one)).toEqual([])
    expect(await lines('T1')).toEqual([])
    expect((await failure(recallSale(t.core, one, id))).code).toBe('PARKED_SALE_TAKEN')
  })

  it('killed after claiming, before the lines landed: the sale is that till’s, lands on its next call, once', async () => {
    await basket()
    const parked = await parkSale(t.core, one, { label: '取了一半' })
    await parkedStepAndKill(t, two, { kind: 'recall', id: parked.sale.id, stopAt: 'before-landing' })
    expect(await lines('T2')).toEqual([])
    expect(await parkedSales(t.core, one)).toEqual([])
    // Claimed by T2: nobody else gets it meanwhile.
    const taken = await failure(recallSale(t.core, one, parked.sale.id))
    expect(taken.code).toBe('PARKED_SALE_TAKEN')
    expect(taken.details).toMatchObject({ tillId: 'T2' })
    // T2's next recall of it (the cashier trying again) finishes the landing; again changes nothing.
    const recalled = await recallSale(t.core, two, parked.sale.id)
    expect(recalled.cart.lines.map((l) => [l.skuId, l.count])).toEqual([
      [apples, 3],
      [milk, 1],
    ])
    await recallSale(t.core, two, parked.sale.id)
    await parkedSales(t.core, two)
    expect(await lines('T2')).toEqual([
      [apples, 3],
      [milk, 1],
    ])
  })
})
