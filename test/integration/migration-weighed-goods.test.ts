// Migration 019 (weighed goods, scale labels) on a store that has sold goods before it: every
// SKU there is stays sold by the piece, every order line keeps what it came to, carts keep their
// lines — on MariaDB and on SQLite.
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../src-main/db/migrator'
import { storeBeforeMigration } from '../support/migrated-store'
import { testStores } from '../support/stores'

describe.each(testStores)('migration 019 on %s', (kind) => {
  const before = storeBeforeMigration(kind, 'mig19')

  it('keeps every SKU by the piece, fills each order line with what it came to, keeps the carts', async () => {
    const store = await before.open('017_order_amount_index')
    try {
      // A shop's data before the upgrade: two SKUs, an order of both, a cart line. The second
      // line's amount is past 2^31 fen, as migration 006 allows.
      const big = 3_000_000_000
      await sql`insert into goods (name, description, created_at) values ('水果', '', 1)`.execute(store.db)
      await sql`insert into goods_sku (goods_id, name, barcode, unit, price_fen, stock, sales, on_sale, created_at, updated_at)
        values (1, '苹果', '6900000000011', '个', 350, 10, 3, 1, 1, 1), (1, '金表', '6900000000012', '个', ${big}, 5, 2, 1, 1, 1)`.execute(
        store.db,
      )
      await sql`insert into order_info (order_no, staff_id, till_id, fulfilment, pay_method, total_count, goods_fen, freight_fen, pay_fen, status, idempotency_key, request_hash, created_at, updated_at)
        values ('O1', 1, 'T1', 'pickup', 1, 5, ${1050 + 2 * big}, 0, ${1050 + 2 * big}, 1, 'key_000001', 'h', 1, 1)`.execute(
        store.db,
      )
      await sql`insert into order_goods (order_id, sku_id, sku_name, price_fen, count) values (1, 1, '苹果', 350, 3), (1, 2, '金表', ${big}, 2)`.execute(
        store.db,
      )
      await sql`insert into cart_lines (till_id, sku_id, count, updated_at) values ('T1', 1, 4, 1)`.execute(store.db)

      await migrateToLatest(store)

      const skus = await store.db
        .selectFrom('goods_sku')
        .select(['id', 'price_fen', 'stock', 'sales', 'sale_mode', 'unit_grams', 'scale_code'])
        .orderBy('id')
        .execute()
      expect(skus).toEqual([
        { id: 1, price_fen: 350, stock: 10, sales: 3, sale_mode: 'by_piece', unit_grams: null, scale_code: null },
        { id: 2, price_fen: big, stock: 5, sales: 2, sale_mode: 'by_piece', unit_grams: null, scale_code: null },
      ])
      const lines = await store.db
        .selectFrom('order_goods')
        .select(['sku_id', 'count', 'line_fen', 'unit_grams', 'label_fen', 'label_grams'])
        .orderBy('id')
        .execute()
      expect(lines.map((l) => ({ ...l, line_fen: Number(l.line_fen), label_fen: Number(l.label_fen) }))).toEqual([
        { sku_id: 1, count: 3, line_fen: 1050, unit_grams: null, label_fen: 0, label_grams: 0 },
        { sku_id: 2, count: 2, line_fen: 2 * big, unit_grams: null, label_fen: 0, label_grams: 0 },
      ])
      const cart = await store.db.selectFrom('cart_lines').select(['sku_id', 'count', 'label_fen']).execute()
      expect(cart.map((c) => ({ ...c, label_fen: Number(c.label_fen) }))).toEqual([
        { sku_id: 1, count: 4, label_fen: 0 },
      ])
      // The database refuses a sale mode or a unit it does not know.
      await expect(sql`update goods_sku set sale_mode = 'by_volume' where id = 1`.execute(store.db)).rejects.toThrow()
      await expect(sql`update goods_sku set unit_grams = 250 where id = 1`.execute(store.db)).rejects.toThrow()
      // Two SKUs cannot share a scale code.
      await sql`update goods_sku set scale_code = '00123' where id = 1`.execute(store.db)
      await expect(sql`update goods_sku set scale_code = '00123' where id = 2`.execute(store.db)).rejects.toThrow()
    } finally {
      await store.close()
    }
  })
})
