// Two records that make a retry safe (docs/PAYMENTS.md, docs/ORDERS.md):
// - payments.request_key / request_hash: the idempotency key of a cash, card or barcode payment
//   and the hash of what it asked for, so that the same click sent again after an unclear answer
//   returns the payment it made, and the key with another payload is IDEMPOTENCY_CONFLICT. NULL
//   for attempts made before this migration and for Alipay QR attempts (they have no key).
// - cart_removals: an order whose bought lines have still to leave its till's cart, written in
//   the order's own transaction and deleted once they have left — so that a till that dies
//   between the commit and the removal finishes it at its next start or cart read.
import type { Kysely } from 'kysely'

const time = 'bigint'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payments').addColumn('request_key', 'varchar(64)').execute()
  await db.schema.alterTable('payments').addColumn('request_hash', 'varchar(64)').execute()
  // Unique: two racing repeats of one click cannot both insert a payment.
  await db.schema.createIndex('payments_request_key').unique().on('payments').column('request_key').execute()
  await db.schema
    .createTable('cart_removals')
    .addColumn('order_id', 'integer', (c) => c.primaryKey().references('order_info.id'))
    .addColumn('till_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('cart_removals_till').on('cart_removals').columns(['till_id', 'order_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cart_removals').execute()
  await db.schema.dropIndex('payments_request_key').on('payments').execute()
  await db.schema.alterTable('payments').dropColumn('request_hash').execute()
  await db.schema.alterTable('payments').dropColumn('request_key').execute()
}
