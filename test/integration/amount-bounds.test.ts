// The one set of bounds (src-shared/bounds.ts), held the same on both stores: the largest order
// the contract allows is placed, paid and read back to the fen — past what 32-bit columns held —
// and one fen more is refused with AMOUNT_TOO_LARGE before anything is written. Stock likewise.
import { Migrator, sql } from 'kysely'
import { createConnection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrations } from '../../migrations'
import { ensureMysqlDatabase, migrateToLatest } from '../../src-main/db/migrator'
import { openStore } from '../../src-main/db/store'
import { maxOrderFen, maxStock, maxUnitPriceFen } from '../../src-shared/bounds'
import { maxLineGrams } from '../../src-shared/weight'
import type { CheckoutQuote, OrderView, SessionView } from '../../src-shared/contract'
import { OrderStatus, PayMethod } from '../../src-shared/order-status'
import { failed, invalid, ok } from '../support/results'
import { addSku, addWeightSku, type ContractClient, contractClient, newKey, snapshot, stockOf } from '../support/shop'
import { testId } from '../support/ids'
import { freshStore, MYSQL_ROOT, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('amount bounds (%s)', (kind) => {
  let t: TestStore
  let api: ContractClient
  let cashier: SessionView
  let admin: SessionView

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    cashier = await api.login('cashier')
    admin = await api.login('admin')
  })
  afterAll(async () => t?.dispose())

  /** The cashier's basket holds exactly these lines. */
  const fillCart = async (lines: [skuId: number, count: number][]) => {
    ok(await api.call('cart.clear', {}, cashier.token))
    for (const [skuId, count] of lines) ok(await api.call('cart.set', { skuId, count }, cashier.token))
  }
  const quote = (skuIds: number[]) => api.call('orders.quote', { skuIds, fulfilment: 'pickup' }, cashier.token)
  const quoteFor = async (lines: [skuId: number, count: number][]) => {
    await fillCart(lines)
    return quote(lines.map(([skuId]) => skuId))
  }
  const place = (skuIds: number[], fingerprint: string) =>
    api.call(
      'orders.place',
      { skuIds, fulfilment: 'pickup', payMethod: PayMethod.CARD, fingerprint, idempotencyKey: newKey() },
      cashier.token,
    )

  it('the largest order allowed is placed and paid, and every figure reads back to the fen', async () => {
    // 100 units at the highest unit price: exactly the most one order may come to, ¥100,000,000.00,
    // nearly five times what a 32-bit column holds.
    const sku = await addSku(t.core, { stock: 1_000, priceFen: maxUnitPriceFen })
    const quote = ok(await quoteFor([[sku, 100]])) as CheckoutQuote
    expect(quote.payFen).toBe(maxOrderFen)
    const order = ok(await place([sku], quote.fingerprint)) as OrderView
    expect(order).toMatchObject({ goodsFen: maxOrderFen, payFen: maxOrderFen })
    ok(await api.call('payments.payCard', { orderId: order.id, idempotencyKey: newKey() }, cashier.token))
    const paid = ok(
      await api.call('orders.get', { orderId: order.id, idempotencyKey: newKey() }, cashier.token),
    ) as OrderView
    expect(paid).toMatchObject({ status: OrderStatus.FINISHED, paidFen: maxOrderFen, payFen: maxOrderFen })
    expect(await stockOf(t.core, sku)).toEqual({ stock: 900, sales: 100 })
  })

  it('one fen beyond is refused with AMOUNT_TOO_LARGE at the quote and at placement, and nothing is written', async () => {
    const dear = await addSku(t.core, { stock: 1_000, priceFen: maxUnitPriceFen })
    const penny = await addSku(t.core, { stock: 1_000, priceFen: 1 })
    await fillCart([
      [dear, 100],
      [penny, 1],
    ])
    const before = await snapshot(t.core)
    const refused = failed(await quote([dear, penny]), 'AMOUNT_TOO_LARGE')
    expect(refused.details).toMatchObject({ payFen: maxOrderFen + 1, maxFen: maxOrderFen })
    failed(await place([dear, penny], 'f'.repeat(32)), 'AMOUNT_TOO_LARGE')
    expect(await snapshot(t.core)).toEqual(before)
    // Far beyond too: the figures stay exact integers, never wrapped or rounded into range.
    expect(failed(await quoteFor([[dear, 999]]), 'AMOUNT_TOO_LARGE').details).toMatchObject({
      payFen: 999 * maxUnitPriceFen,
    })
    expect(await stockOf(t.core, dear)).toEqual({ stock: 1_000, sales: 0 })
  })

  it('weighed at the bounds: the dearest 斤 over 50 kg is exactly the most one order may be; one gram more is refused', async () => {
    // ¥1,000,000.00 a 斤 × 50,000 g = 100 斤 = ¥100,000,000.00. price × grams itself (5 × 10^12) is
    // nowhere near 2^53 here, but at the most grams and stock the bounds allow it would be.
    const saffron = await addWeightSku(t.core, { stock: maxStock, priceFen: maxUnitPriceFen })
    const quoted = ok(await quoteFor([[saffron, 50_000]])) as CheckoutQuote
    expect(quoted).toMatchObject({ payFen: maxOrderFen, totalCount: 1 })
    const order = ok(await place([saffron], quoted.fingerprint)) as OrderView
    expect(order).toMatchObject({ goodsFen: maxOrderFen, payFen: maxOrderFen })
    expect(await stockOf(t.core, saffron)).toEqual({ stock: maxStock - 50_000, sales: 50_000 })

    await fillCart([[saffron, 50_001]])
    const before = await snapshot(t.core)
    // 100.002 斤: ¥2,000.00 more, exact to the fen, never rounded into range.
    expect(failed(await quote([saffron]), 'AMOUNT_TOO_LARGE').details).toMatchObject({ payFen: maxOrderFen + 2_000_00 })
    expect(await snapshot(t.core)).toEqual(before)
    // The most grams one line may hold, at the dearest price: still exact (≈ 2 × 10^11 fen).
    await fillCart([[saffron, maxLineGrams]])
    expect(failed(await quote([saffron]), 'AMOUNT_TOO_LARGE').details).toMatchObject({
      payFen: (maxUnitPriceFen * maxLineGrams) / 500,
    })
  })

  it('a cash tender past 2^31 fen is recorded exactly, with the change', async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 1_000 })
    const quote = ok(await quoteFor([[sku, 1]])) as CheckoutQuote
    const order = ok(
      await api.call(
        'orders.place',
        {
          skuIds: [sku],
          fulfilment: 'pickup',
          payMethod: PayMethod.CASH,
          fingerprint: quote.fingerprint,
          idempotencyKey: newKey(),
        },
        cashier.token,
      ),
    ) as OrderView
    const tenderedFen = 2_147_483_648
    const receipt = ok(
      await api.call('payments.payCash', { orderId: order.id, tenderedFen, idempotencyKey: newKey() }, cashier.token),
    )
    expect(receipt).toMatchObject({ payment: { status: 'paid' }, changeFen: tenderedFen - 1_000 })
    const row = await t.core.store.db
      .selectFrom('payments')
      .select(['tendered_fen', 'amount_fen'])
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ tendered_fen: tenderedFen, amount_fen: 1_000 })
    invalid(
      await api.call(
        'payments.payCash',
        { orderId: order.id, tenderedFen: maxOrderFen + 1, idempotencyKey: newKey() },
        cashier.token,
      ),
      'tenderedFen',
    )
  })

  it('prices and stock are bounded at the contract, and stock adjusted past the most is refused whole', async () => {
    const bad = (sku: Record<string, unknown>) =>
      api.call(
        'goods.add',
        { name: '大西瓜', skus: [{ name: '大西瓜', barcode: `69${Date.now()}`, unit: 'kg', ...sku }] },
        admin.token,
      )
    invalid(await bad({ priceFen: maxUnitPriceFen + 1, stock: 1 }), 'skus.0.priceFen')
    invalid(await bad({ priceFen: 100, stock: maxStock + 1 }), 'skus.0.stock')

    // The most stock one SKU may hold, as grams of a bulk good: far past 2^31, read back exactly.
    const sku = await addSku(t.core, { stock: maxStock - 5, priceFen: 300 })
    expect((await stockOf(t.core, sku)).stock).toBe(maxStock - 5)
    const adjust = (delta: number) =>
      api.call('goods.adjustStock', { skuId: sku, delta, reason: 'receive', note: '' }, admin.token)
    ok(await adjust(5))
    expect((await stockOf(t.core, sku)).stock).toBe(maxStock)
    const before = await snapshot(t.core)
    expect(failed(await adjust(1), 'AMOUNT_TOO_LARGE').details).toMatchObject({ maxStock })
    expect(await snapshot(t.core)).toEqual(before)
    expect((await stockOf(t.core, sku)).stock).toBe(maxStock)
  })
})

describe('migration 006 on MariaDB', () => {
  const dbName = testId('wide_', 24).replace(/[^A-Za-z0-9_]/g, '_')
  afterAll(async () => {
    const conn = await createConnection({ uri: MYSQL_ROOT })
    await conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``)
    await conn.end()
  })

  it('widens the money and quantity columns to BIGINT and keeps every value', async () => {
    const location = { kind: 'mysql' as const, url: `${MYSQL_ROOT}/${dbName}` }
    await ensureMysqlDatabase(location)
    const store = openStore(location)
    try {
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: () => Promise.resolve(migrations) } })
      expect((await migrator.migrateTo('005_bill_matching')).error).toBeUndefined()
      // The largest values the 32-bit columns could hold, written before the upgrade.
      const top = 2_147_483_647
      await sql`insert into goods (name, description, created_at) values ('西瓜', '', 1)`.execute(store.db)
      await sql`insert into goods_sku (goods_id, name, barcode, unit, price_fen, stock, sales, on_sale, created_at, updated_at)
        values (1, '西瓜', '6900000000001', 'kg', ${top}, ${top}, ${top}, 1, 1, 1)`.execute(store.db)
      expect((await migrateToLatest(store)).error).toBeUndefined()
      const row = await store.db
        .selectFrom('goods_sku')
        .select(['price_fen', 'stock', 'sales'])
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ price_fen: top, stock: top, sales: top })
      const { rows } = await sql<{ COLUMN_NAME: string; DATA_TYPE: string }>`
        select COLUMN_NAME, DATA_TYPE from information_schema.COLUMNS
        where TABLE_SCHEMA = ${dbName} and TABLE_NAME in ('goods_sku', 'order_info', 'payments')
          and COLUMN_NAME in ('price_fen', 'stock', 'sales', 'goods_fen', 'pay_fen', 'paid_fen', 'refunded_fen', 'amount_fen', 'tendered_fen')`.execute(
        store.db,
      )
      expect(rows.length).toBeGreaterThanOrEqual(9)
      for (const column of rows) expect(column.DATA_TYPE, column.COLUMN_NAME).toBe('bigint')
      // The stock guard still stands after the change.
      await expect(sql`update goods_sku set stock = -1`.execute(store.db)).rejects.toThrow(/goods_sku_stock_nonneg/)
    } finally {
      await store.close()
    }
  })
})
