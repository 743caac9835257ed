// The CHECK (stock >= 0) on goods_sku is the one CHECK that means "out of stock". Any other CHECK
// failing means a row was written that never should have been: a bug, reported as INTERNAL with
// a trace id, never as INSUFFICIENT_STOCK or a retryable STOCK_CONTENDED.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckoutQuote } from '../../src-shared/contract'
import { PayMethod } from '../../src-shared/order-status'
import type { StockStrategy } from '../../src-main/config'
import { failed, ok } from '../support/results'
import { addSku, type ContractClient, contractClient, countRows, newKey, snapshot, stockOf } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

const strategies: StockStrategy[] = ['atomic', 'pessimistic', 'optimistic']
const SHELF = 1000

describe.each(testStores)('CHECK failures on %s', (kind) => {
  let t: TestStore
  let admin: { token: string }
  let api: ContractClient

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    admin = await api.login('admin')
    // A rule the code knows nothing about, as a shop's own database might add: every stock level
    // is logged in a table whose CHECK says it fits on the shelf.
    const db = t.core.store.db
    await sql`create table shelf_log (sku_id integer not null, stock integer not null,
      constraint shelf_log_fits check (stock <= ${sql.lit(SHELF)}))`.execute(db)
    const log = sql`insert into shelf_log (sku_id, stock) values (new.id, new.stock)`
    await (
      kind === 'mysql'
        ? sql`create trigger goods_sku_shelf_log after update on goods_sku for each row ${log}`
        : sql`create trigger goods_sku_shelf_log after update on goods_sku begin ${log}; end`
    ).execute(db)
  })
  afterAll(() => t.dispose())

  it('receiving more than the shelf rule allows is INTERNAL with a trace id, not INSUFFICIENT_STOCK', async () => {
    const sku = await addSku(t.core, { stock: 10 })
    const before = await snapshot(t.core)
    const error = failed(
      await api.call('goods.adjustStock', { skuId: sku, delta: SHELF, reason: 'receive', note: '' }, admin.token),
      'INTERNAL',
    )
    expect(error.details?.traceId).toEqual(expect.any(String))
    expect(await snapshot(t.core)).toEqual(before)
  })

  it('taking more stock than there is still breaks the stock guard: INSUFFICIENT_STOCK', async () => {
    const sku = await addSku(t.core, { stock: 10 })
    const error = failed(
      await api.call('goods.adjustStock', { skuId: sku, delta: -11, reason: 'damage', note: '' }, admin.token),
      'INSUFFICIENT_STOCK',
    )
    expect(error.details).toMatchObject({ skuId: sku, asked: 11, left: 10 })
  })

  describe.each(strategies)('selling with the %s strategy', (strategy) => {
    let till: ContractClient
    let cashier: { token: string }

    beforeAll(async () => {
      till = contractClient({ ...t.core, config: { ...t.core.config, stockStrategy: strategy } })
      cashier = await till.login('cashier')
    })

    /** Puts `count` of the SKU in the till's cart, quotes it and places the order. */
    async function place(sku: number, count: number) {
      ok(await till.call('cart.clear', {}, cashier.token))
      ok(await till.call('cart.set', { skuId: sku, count }, cashier.token))
      const request = { skuIds: [sku], fulfilment: 'pickup' }
      const quote = ok(await till.call('orders.quote', request, cashier.token)) as CheckoutQuote
      const order = { ...request, payMethod: PayMethod.CASH, fingerprint: quote.fingerprint, idempotencyKey: newKey() }
      return till.call('orders.place', order, cashier.token)
    }

    it('a sale that breaks another CHECK is INTERNAL with a trace id and writes nothing', async () => {
      // Stocked before the rule could see it: the next sale logs a level that does not fit.
      const sku = await addSku(t.core, { stock: SHELF + 50 })
      const before = await countRows(t.core)
      const error = failed(await place(sku, 1), 'INTERNAL')
      expect(error.details?.traceId).toEqual(expect.any(String))
      expect(await stockOf(t.core, sku)).toEqual({ stock: SHELF + 50, sales: 0 })
      expect(await countRows(t.core)).toEqual(before)
    })

    it('a sale short of stock is still INSUFFICIENT_STOCK naming the line', async () => {
      const sku = await addSku(t.core, { stock: 5 })
      ok(await till.call('cart.set', { skuId: sku, count: 3 }, cashier.token))
      await sql`update goods_sku set stock = 2 where id = ${sku}`.execute(t.core.store.db)
      const request = { skuIds: [sku], fulfilment: 'pickup' }
      const quote = ok(await till.call('orders.quote', request, cashier.token)) as CheckoutQuote
      const order = { ...request, payMethod: PayMethod.CASH, fingerprint: quote.fingerprint, idempotencyKey: newKey() }
      const error = failed(await till.call('orders.place', order, cashier.token), 'INSUFFICIENT_STOCK')
      expect(error.details).toMatchObject({ skuId: sku, asked: 3, left: 2 })
      ok(await till.call('cart.clear', {}, cashier.token))
    })
  })
})
