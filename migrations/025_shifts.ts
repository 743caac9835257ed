// Shifts and the cash drawer (docs/SHIFTS.md): a till sells only within an open shift, opened with
// the counted float and closed with a blind count. `open_till` holds the till id while the shift
// is open and NULL once it is closed: a unique index on it is "one open shift per till" on both
// stores (MySQL has no partial index; both allow many NULLs in a unique one).
// Sales, payments and refunds carry the shift they were made in, so a shift's figures are sums
// over its own rows. Orders from before this migration belong to shift 0, "before shifts";
// order_info.shift_id is NOT NULL so that the one-round-trip batch cannot write an order
// without a shift (its insert names the shift found in the same transaction, NULL if none).
import type { Kysely } from 'kysely'

const time = 'bigint'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shifts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('till_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('open_till', 'varchar(16)')
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('opened_at', time, (c) => c.notNull())
    .addColumn('float_fen', 'bigint', (c) => c.notNull())
    .addColumn('closed_by', 'integer')
    .addColumn('closed_at', time)
    .addColumn('counted_fen', 'bigint')
    .addColumn('expected_fen', 'bigint')
    .execute()
  await db.schema.createIndex('shifts_open_till').unique().on('shifts').column('open_till').execute()
  await db.schema.createIndex('shifts_till').on('shifts').columns(['till_id', 'id']).execute()
  await db.schema
    .createTable('cash_moves')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('shift_id', 'integer', (c) => c.notNull().references('shifts.id'))
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'varchar(200)', (c) => c.notNull())
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    // The admin who approved a cash out above the shop's limit at the till; NULL when none was needed.
    .addColumn('approved_by', 'integer')
    .addColumn('request_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('cash_moves_shift').on('cash_moves').column('shift_id').execute()
  await db.schema
    .alterTable('order_info')
    .addColumn('shift_id', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('payments').addColumn('shift_id', 'integer').execute()
  await db.schema.alterTable('refunds').addColumn('shift_id', 'integer').execute()
  for (const table of ['order_info', 'payments', 'refunds'])
    await db.schema.createIndex(`${table}_shift`).on(table).column('shift_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['refunds', 'payments', 'order_info']) {
    await db.schema.dropIndex(`${table}_shift`).on(table).execute()
    await db.schema.alterTable(table).dropColumn('shift_id').execute()
  }
  await db.schema.dropTable('cash_moves').execute()
  await db.schema.dropTable('shifts').execute()
}
