// Returns by line (docs/RETURNS.md): goods a customer brings back, each line with how much of it
// came back, the money it gave back and whether it went back on the shelf or was written off as
// a loss (a bruised peach is not sold twice). A return from an order refunds through the order's
// payments, each refund row naming its return; a return without an order (admins only) pays cash
// and has no order. The idempotency key makes a retried click the same return.
import { sql, type Kysely } from 'kysely'

const time = 'bigint'
const money = 'bigint'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('returns')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.references('order_info.id'))
    .addColumn('till_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('username', 'varchar(80)', (c) => c.notNull())
    .addColumn('reason', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    // All the money the return gives back, and of it what is handed over in cash at the counter.
    .addColumn('refund_fen', money, (c) => c.notNull())
    .addColumn('cash_fen', money, (c) => c.notNull())
    .addColumn('request_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    // The till's open shift when it was made (migration 025): the drawer pays a return's cash.
    .addColumn('shift_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addCheckConstraint('returns_money', sql`refund_fen >= 0 and cash_fen >= 0 and cash_fen <= refund_fen`)
    .execute()
  await db.schema.createIndex('returns_order').on('returns').column('order_id').execute()
  await db.schema.createIndex('returns_till_time').on('returns').columns(['till_id', 'created_at']).execute()
  await db.schema.createIndex('returns_shift').on('returns').column('shift_id').execute()

  await db.schema
    .createTable('return_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('return_id', 'integer', (c) => c.notNull().references('returns.id'))
    // The order line it came back from; null for a return without an order.
    .addColumn('order_line_id', 'integer', (c) => c.references('order_goods.id'))
    .addColumn('sku_id', 'integer', (c) => c.notNull())
    .addColumn('sku_name', 'varchar(128)', (c) => c.notNull())
    // Pieces, or grams of a weight SKU.
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('refund_fen', money, (c) => c.notNull())
    // 1: back to stock; 0: a recorded loss.
    .addColumn('restock', 'integer', (c) => c.notNull())
    .addCheckConstraint('return_lines_positive', sql`count > 0 and refund_fen >= 0`)
    .execute()
  await db.schema.createIndex('return_lines_return').on('return_lines').column('return_id').execute()
  await db.schema.createIndex('return_lines_order_line').on('return_lines').column('order_line_id').execute()

  await db.schema.alterTable('refunds').addColumn('return_id', 'integer').execute()
  await db.schema.createIndex('refunds_return').on('refunds').column('return_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('refunds_return').on('refunds').execute()
  await db.schema.alterTable('refunds').dropColumn('return_id').execute()
  await db.schema.dropTable('return_lines').ifExists().execute()
  await db.schema.dropTable('returns').ifExists().execute()
}
