// Parked sales (挂单) in the embedded store (docs/PARKED.md): a till's basket set aside with a
// label, to be recalled later by this till or another. Shared mode keeps them in Redis beside
// the carts; the tables are made on both stores so that either can be opened by either mode.
// A recalled sale keeps its row, marked with the till that took it, until it is pruned: a second
// till's recall then hears who has it instead of "not found".
import type { Kysely } from 'kysely'

const time = 'bigint'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('parked_sales')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('label', 'varchar(32)', (c) => c.notNull())
    .addColumn('member_id', 'integer')
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('username', 'varchar(80)', (c) => c.notNull())
    .addColumn('till_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('parked_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('recalled_by', 'varchar(16)')
    .addColumn('recalled_at', time)
    .execute()
  // The recall list: waiting ones, newest first.
  await db.schema.createIndex('parked_sales_waiting').on('parked_sales').columns(['recalled_by', 'id']).execute()
  await db.schema
    .createTable('parked_sale_lines')
    .addColumn('parked_id', 'integer', (c) => c.notNull().references('parked_sales.id').onDelete('cascade'))
    .addColumn('sku_id', 'integer', (c) => c.notNull())
    // Pieces or grams, as in the cart.
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('parked_sale_lines_pk', ['parked_id', 'sku_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('parked_sale_lines').ifExists().execute()
  await db.schema.dropTable('parked_sales').ifExists().execute()
}
