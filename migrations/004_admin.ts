// The admin side: an audit trail of every stock change made by hand, the shop's settings, and
// the index the daily report reads paid orders by.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stock_moves')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // No foreign key to goods_sku, as for order_goods: InnoDB would share-lock the SKU row on
    // every insert, and the row is the hottest one in the shop.
    .addColumn('sku_id', 'integer', (c) => c.notNull())
    .addColumn('delta', 'integer', (c) => c.notNull())
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('stock_after', 'integer', (c) => c.notNull())
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('stock_moves_delta_nonzero', sql`delta <> 0`)
    .addCheckConstraint('stock_moves_reason_known', sql`reason in ('receive', 'shrinkage', 'damage', 'count')`)
    .execute()
  await db.schema.createIndex('stock_moves_sku').on('stock_moves').columns(['sku_id', 'id']).execute()

  await db.schema
    .createTable('settings')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'varchar(255)', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema.createIndex('order_info_paid').on('order_info').columns(['paid_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('order_info_paid').on('order_info').execute()
  await db.schema.dropTable('settings').ifExists().execute()
  await db.schema.dropTable('stock_moves').ifExists().execute()
}
