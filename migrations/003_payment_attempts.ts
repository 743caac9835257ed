// Payment attempts (docs/PAYMENTS.md): how each was taken, until when a QR code may be paid (the poller
// cancels it then), when it was paid and, for cash, what was tendered.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('payments')
    .addColumn('channel', 'varchar(16)', (c) => c.notNull().defaultTo('qr'))
    .execute()
  await db.schema.alterTable('payments').addColumn('deadline_at', 'bigint').execute()
  await db.schema.alterTable('payments').addColumn('paid_at', 'bigint').execute()
  await db.schema.alterTable('payments').addColumn('tendered_fen', 'integer').execute()
  await db.schema.alterTable('refunds').addColumn('request_key', 'varchar(64)').execute()
  // Asked for with the refund, done when it succeeds — even if that is found out by reconciliation.
  await db.schema
    .alterTable('refunds')
    .addColumn('restock', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['channel', 'deadline_at', 'paid_at', 'tendered_fen'])
    await db.schema.alterTable('payments').dropColumn(column).execute()
  await db.schema.alterTable('refunds').dropColumn('request_key').execute()
  await db.schema.alterTable('refunds').dropColumn('restock').execute()
}
