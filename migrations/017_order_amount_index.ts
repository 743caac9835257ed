// The order list sorted by amount pages on (pay_fen, id); without this index a sort by amount
// would read and sort every order of the shop for each page.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('order_info_amount').on('order_info').columns(['pay_fen', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('order_info_amount').on('order_info').execute()
}
