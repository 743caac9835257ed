// Weighed goods and scale labels (docs/STOCK.md "Weighed goods", docs/ORDERS.md "Scale labels"):
// - goods_sku.sale_mode: 'by_piece' or 'by_weight'. Every SKU there is today was sold by the piece
//   and stays so (the column's default). A weight SKU keeps stock and sales in grams and is priced
//   per unit_grams (500 a 斤, 1000 a kg; NULL for pieces). scale_code is the item code (PLU) a
//   counter scale prints on its labels; unique where set.
// - order_goods.line_fen: what the line came to, kept with the line. A weighed line's amount is
//   rounded and a scale label's amount is printed, so price × count no longer says it; every line
//   written before this migration was price × count, and is filled so. unit_grams copies the
//   SKU's at order time (NULL: pieces), so that the line reads the same after the SKU changes.
// - order_goods / cart_lines / parked_sale_lines.label_fen / label_grams: of a line's grams, those
//   that came on scale labels and what the labels said they cost (0 and 0: no label).
// - settings.value widens to 2000 characters on MySQL (SQLite does not hold a varchar to its
//   length): the scale label formats are a list, longer than the 255 the other settings needed.
// Only ADD COLUMN, one per statement (SQLite takes no more), and checks on one column each
// (MySQL 8 refuses a column check that names another column): the rest is the service's rule.
import { type Kysely, MysqlAdapter, sql } from 'kysely'

const labelled = ['order_goods', 'cart_lines', 'parked_sale_lines']

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('goods_sku')
    .addColumn('sale_mode', 'varchar(16)', (c) =>
      c
        .notNull()
        .defaultTo('by_piece')
        .check(sql`sale_mode in ('by_piece', 'by_weight')`),
    )
    .execute()
  await db.schema
    .alterTable('goods_sku')
    .addColumn('unit_grams', 'integer', (c) => c.check(sql`unit_grams is null or unit_grams in (500, 1000)`))
    .execute()
  await db.schema.alterTable('goods_sku').addColumn('scale_code', 'varchar(8)').execute()
  await db.schema.createIndex('goods_sku_scale_code').unique().on('goods_sku').column('scale_code').execute()

  await db.schema
    .alterTable('order_goods')
    .addColumn('line_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('order_goods').addColumn('unit_grams', 'integer').execute()
  await sql`update order_goods set line_fen = price_fen * count`.execute(db)

  if (db.getExecutor().adapter instanceof MysqlAdapter)
    await sql`ALTER TABLE settings MODIFY COLUMN value VARCHAR(2000) NOT NULL`.execute(db)

  for (const table of labelled) {
    await db.schema
      .alterTable(table)
      .addColumn('label_fen', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema
      .alterTable(table)
      .addColumn('label_grams', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of labelled) {
    await db.schema.alterTable(table).dropColumn('label_grams').execute()
    await db.schema.alterTable(table).dropColumn('label_fen').execute()
  }
  await db.schema.alterTable('order_goods').dropColumn('unit_grams').execute()
  await db.schema.alterTable('order_goods').dropColumn('line_fen').execute()
  await db.schema.dropIndex('goods_sku_scale_code').on('goods_sku').execute()
  await db.schema.alterTable('goods_sku').dropColumn('scale_code').execute()
  await db.schema.alterTable('goods_sku').dropColumn('unit_grams').execute()
  await db.schema.alterTable('goods_sku').dropColumn('sale_mode').execute()
}
