// A cart line's scale-label part in each cart store (the Redis hash, the table): added with its
// label, kept when grams are weighed on top, dropped when the line is set or removed, and taken
// out with what an order bought — lines and labels added since stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxLineGrams } from '../../src-shared/weight'
import { writeTransaction } from '../../src-main/db/transaction'
import { addWeightSku } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('scale-label parts of cart lines on %s', (kind) => {
  let t: TestStore
  let till = 0

  beforeAll(async () => {
    t = await freshStore(kind)
  })
  afterAll(async () => t?.dispose())

  const basket = async (tillId: string) => [...(await t.core.cart.basket(tillId))]
  const nextTill = () => `L${++till}`

  it('adds labels up, keeps them under grams weighed on top, and drops them with set and remove', async () => {
    const tillId = nextTill()
    const sku = await addWeightSku(t.core, { stock: 100_000 })
    expect(await t.core.cart.addLabel(tillId, sku, 367, 382, maxLineGrams)).toBe(367)
    expect(await t.core.cart.addLabel(tillId, sku, 500, 520, maxLineGrams)).toBe(867)
    expect(await t.core.cart.add(tillId, sku, 100, maxLineGrams)).toBe(967)
    expect(await basket(tillId)).toEqual([[sku, { count: 967, labelFen: 902, labelGrams: 867 }]])
    // Past the most one line holds: refused whole, nothing changes.
    expect(await t.core.cart.addLabel(tillId, sku, maxLineGrams, 1, maxLineGrams)).toBeNull()
    expect(await basket(tillId)).toEqual([[sku, { count: 967, labelFen: 902, labelGrams: 867 }]])
    await t.core.cart.set(tillId, sku, 400)
    expect(await basket(tillId)).toEqual([[sku, { count: 400, labelFen: 0, labelGrams: 0 }]])
    await t.core.cart.addLabel(tillId, sku, 367, 382, maxLineGrams)
    await t.core.cart.remove(tillId, sku)
    expect(await basket(tillId)).toEqual([])
    // Added again later, the line starts with no label part.
    await t.core.cart.add(tillId, sku, 250, maxLineGrams)
    expect(await basket(tillId)).toEqual([[sku, { count: 250, labelFen: 0, labelGrams: 0 }]])
    await t.core.cart.clear(tillId)
    expect(await basket(tillId)).toEqual([])
  })

  it("taking out what an order bought leaves the lines and labels added since, and a whole line's label goes with it", async () => {
    const tillId = nextTill()
    const sku = await addWeightSku(t.core, { stock: 100_000 })
    const other = await addWeightSku(t.core, { stock: 100_000 })
    await t.core.cart.addLabel(tillId, sku, 367, 382, maxLineGrams)
    await t.core.cart.addLabel(tillId, other, 200, 208, maxLineGrams)
    // Scanned after the order was placed: another label of the same goods, and grams typed on top.
    await t.core.cart.addLabel(tillId, sku, 500, 520, maxLineGrams)
    await t.core.cart.add(tillId, sku, 100, maxLineGrams)
    await writeTransaction(t.core.store, (trx) =>
      t.core.cart.takeBought(trx, tillId, 1, [
        { skuId: sku, count: 367, labelFen: 382, labelGrams: 367 },
        { skuId: other, count: 200, labelFen: 208, labelGrams: 200 },
      ]),
    )
    expect(await basket(tillId)).toEqual([[sku, { count: 600, labelFen: 520, labelGrams: 500 }]])
    await t.core.cart.clear(tillId)
  })
})
