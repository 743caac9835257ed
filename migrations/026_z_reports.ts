// Z reports and the audit chain (docs/SHIFTS.md "Audit"). A Z row is written once and never
// changed: its figures as JSON, the SHA-256 of the till's previous Z, the SHA-256 of the rows it
// covers and its own. z_report_rows keeps one digest per covered row (an order event, or an
// order's money columns), so that `pos audit verify` can name the row that changed, not only the
// Z. order_events.z_id says which Z covers an event; events from before this migration are
// marked 0 ("before the audit began") so that the first Z does not hash a whole history.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('z_reports')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('till_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'char(64)', (c) => c.notNull())
    .addColumn('covered_hash', 'char(64)', (c) => c.notNull())
    .addColumn('hash', 'char(64)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('z_reports_number').unique().on('z_reports').columns(['till_id', 'number']).execute()
  await db.schema
    .createTable('z_report_rows')
    .addColumn('z_id', 'integer', (c) => c.notNull().references('z_reports.id'))
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('row_id', 'integer', (c) => c.notNull())
    .addColumn('digest', 'char(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('z_report_rows_pk', ['z_id', 'kind', 'row_id'])
    .execute()
  await db.schema.createIndex('z_report_rows_row').on('z_report_rows').columns(['kind', 'row_id']).execute()
  await db.schema.alterTable('order_events').addColumn('z_id', 'integer').execute()
  await sql`update order_events set z_id = 0`.execute(db)
  await db.schema.createIndex('order_events_z').on('order_events').column('z_id').execute()
  await db.schema.alterTable('shifts').addColumn('z_id', 'integer').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('shifts').dropColumn('z_id').execute()
  await db.schema.dropIndex('order_events_z').on('order_events').execute()
  await db.schema.alterTable('order_events').dropColumn('z_id').execute()
  await db.schema.dropTable('z_report_rows').execute()
  await db.schema.dropTable('z_reports').execute()
}
