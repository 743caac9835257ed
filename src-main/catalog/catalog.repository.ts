import { type Kysely, type SqlBool, sql } from 'kysely'
import type { Database, SkuRow } from '../db/schema'

export async function findSkusByIds(db: Kysely<Database>, ids: readonly number[]): Promise<SkuRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('goods_sku')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute()
}

export async function findSkuByBarcode(db: Kysely<Database>, barcode: string): Promise<SkuRow | undefined> {
  return db.selectFrom('goods_sku').selectAll().where('barcode', '=', barcode).executeTakeFirst()
}

export async function searchSkus(
  db: Kysely<Database>,
  query: string,
  afterId: number,
  limit: number,
): Promise<SkuRow[]> {
  let q = db.selectFrom('goods_sku').selectAll().where('id', '>', afterId)
  if (query) {
    // '%' and '_' in the text match themselves. The escape character is given explicitly: SQLite's
    // LIKE has no default one, and '!' needs no quoting in either dialect's string literals.
    const like = `%${query.replace(/[!%_]/g, (c) => `!${c}`)}%`
    q = q.where((eb) => eb.or([sql<SqlBool>`${eb.ref('name')} like ${like} escape '!'`, eb('barcode', '=', query)]))
  }
  return q.orderBy('id').limit(limit).execute()
}

export async function hasAnySku(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('goods_sku').select('id').limit(1).executeTakeFirst()) !== undefined
}
