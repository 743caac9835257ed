// The offline history copies orders changed since its watermark; without this index every
// sync of every till would scan all of order_info.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('order_info_updated').on('order_info').columns(['updated_at', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('order_info_updated').on('order_info').execute()
}
