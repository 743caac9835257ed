// Migration 027 (line discounts) on a store that has sold goods before it: every order line keeps
// its list price and amount, gets discount_fen 0 and net_fen = line_fen, so each order's goods
// still equal the sum of its lines — on MariaDB and on SQLite.
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../src-main/db/migrator'
import { storeBeforeMigration } from '../support/migrated-store'
import { testStores } from '../support/stores'

describe.each(testStores)('migration 027 on %s', (kind) => {
  const before = storeBeforeMigration(kind, 'mig27')

  it('keeps every line as it was, with no discount and what it came to as what was paid', async () => {
    const store = await before.open('023_cart_scan_order')
    try {
      // Past 2^31 fen, as migration 006 allows; a weighed line whose amount is not price × count.
      const big = 3_000_000_000
      await sql`insert into goods (name, description, created_at) values ('水果', '', 1)`.execute(store.db)
      await sql`insert into goods_sku (goods_id, name, barcode, unit, price_fen, stock, sales, on_sale, created_at, updated_at)
        values (1, '金表', '6900000000012', '个', ${big}, 5, 2, 1, 1, 1)`.execute(store.db)
      await sql`insert into order_info (order_no, staff_id, till_id, fulfilment, pay_method, total_count, goods_fen, freight_fen, pay_fen, status, idempotency_key, request_hash, created_at, updated_at)
        values ('O1', 1, 'T1', 'pickup', 1, 3, ${2 * big + 382}, 0, ${2 * big + 382}, 1, 'key_000001', 'h', 1, 1)`.execute(
        store.db,
      )
      await sql`insert into order_goods (order_id, sku_id, sku_name, price_fen, count, line_fen, unit_grams)
        values (1, 1, '金表', ${big}, 2, ${2 * big}, null), (1, 1, '番茄', 520, 367, 382, 500)`.execute(store.db)

      await migrateToLatest(store)

      const lines = await store.db
        .selectFrom('order_goods')
        .select(['price_fen', 'count', 'line_fen', 'discount_fen', 'net_fen'])
        .orderBy('id')
        .execute()
      expect(lines.map((l) => Object.values(l).map(Number))).toEqual([
        [big, 2, 2 * big, 0, 2 * big],
        [520, 367, 382, 0, 382],
      ])
      const order = await store.db.selectFrom('order_info').select('goods_fen').executeTakeFirstOrThrow()
      expect(Number(order.goods_fen)).toBe(lines.reduce((sum, l) => sum + Number(l.net_fen), 0))
      // The database refuses a negative discount.
      await expect(sql`update order_goods set discount_fen = -1 where id = 1`.execute(store.db)).rejects.toThrow()
    } finally {
      await store.close()
    }
  })
})
