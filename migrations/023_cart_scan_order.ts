// The cart keeps scan order in the embedded store too: each line's number in the order lines came
// into the till's cart, and each parked line's place in its basket, so a recalled basket comes
// back as it was scanned. Lines from before this migration have 0 and fall back to SKU order.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cart_lines')
    .addColumn('added_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .alterTable('parked_sale_lines')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('parked_sale_lines').dropColumn('position').execute()
  await db.schema.alterTable('cart_lines').dropColumn('added_seq').execute()
}
