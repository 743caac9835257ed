// Goods search by pinyin (src-main/catalog/search-key.ts): each SKU's name in pinyin, whole and as
// initials, kept beside the name and written with it. Existing SKUs get theirs here.
import type { Kysely } from 'kysely'
import { searchKeyOf } from '../src-main/catalog/search-key'

const PAGE = 500

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('goods_sku').addColumn('search_key', 'varchar(1024)').execute()
  for (let after = 0; ;) {
    const rows = (await db
      .selectFrom('goods_sku')
      .select(['id', 'name'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute()) as { id: number; name: string }[]
    if (rows.length === 0) break
    await db.transaction().execute(async (trx) => {
      for (const row of rows)
        await trx
          .updateTable('goods_sku')
          .set({ search_key: searchKeyOf(row.name) })
          .where('id', '=', row.id)
          .execute()
    })
    after = (rows.at(-1) as { id: number }).id
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('goods_sku').dropColumn('search_key').execute()
}
