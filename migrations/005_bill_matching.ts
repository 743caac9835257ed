// Daily bill matching (docs/PAYMENTS.md): the result of matching one China day's Alipay bill to
// our payments, kept so that a difference found once is not lost; one row per day, one per
// difference. Re-matching a day replaces both.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bill_matches')
    .addColumn('bill_date', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('matched_at', 'bigint', (c) => c.notNull())
    .addColumn('bill_payments', 'integer', (c) => c.notNull())
    .addColumn('bill_refunds', 'integer', (c) => c.notNull())
    .addColumn('differences', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('bill_differences')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('bill_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('out_trade_no', 'varchar(64)', (c) => c.notNull())
    .addColumn('out_request_no', 'varchar(64)')
    .addColumn('our_fen', 'integer')
    .addColumn('alipay_fen', 'integer')
    .execute()
  await db.schema.createIndex('bill_differences_day').on('bill_differences').columns(['bill_date', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bill_differences').ifExists().execute()
  await db.schema.dropTable('bill_matches').ifExists().execute()
}
