import { type CompiledQuery, type Expression, type Kysely, type SqlBool, sql } from 'kysely'
import { searchKeyQuery } from './search-key'
import { precompiledFor } from '../db/precompiled'
import type { Database, SkuRow } from '../db/schema'

export async function findSkusByIds(db: Kysely<Database>, ids: readonly number[]): Promise<SkuRow[]> {
  if (ids.length === 0) return []
  if (ids.length > PRECOMPILED_ID_COUNTS) return skusByIds(db, ids).execute()
  const values = Object.fromEntries(ids.map((id, i) => [`id${i}`, id]))
  return (await db.executeQuery(skuRead(ids.length)(db, values))).rows
}

/** Every scan, cart view, quote and sale reads SKUs by id: compiled once per count of ids up to this many. */
const PRECOMPILED_ID_COUNTS = 64
const skuReads = new Map<number, (db: Kysely<Database>, ids: Record<string, number>) => CompiledQuery<SkuRow>>()

function skuRead(count: number) {
  let read = skuReads.get(count)
  if (!read) {
    const names = Array.from({ length: count }, (_, i) => `id${i}`)
    read = precompiledFor<Record<string, number>, SkuRow>(names, (ids, db) =>
      skusByIds(
        db,
        names.map((name) => ids[name] as number),
      ),
    )
    skuReads.set(count, read)
  }
  return read
}

/** The statement findSkusByIds runs, for callers that send it along with others (ids not empty). */
export function skusByIds(db: Kysely<Database>, ids: readonly number[]) {
  return db
    .selectFrom('goods_sku')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
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
    q = q.where((eb) => eb.or([...nameMatches(eb.ref('name'), eb.ref('search_key'), query), eb('barcode', '=', query)]))
  }
  return q.orderBy('id').limit(limit).execute()
}

/**
 * `LIKE '%text%'` with '%' and '_' in the text matching themselves. The escape character is given
 * explicitly: SQLite's LIKE has no default one, and '!' needs no quoting in either dialect.
 */
export const containing = (text: string) => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`

/**
 * A SKU's name contains the query, or — for letters and digits typed on a keyboard with no Chinese
 * input method — its pinyin, whole or as initials, does ("xiangjiao", "xj" for 香蕉).
 */
export function nameMatches(
  name: Expression<string>,
  searchKey: Expression<string | null>,
  query: string,
): Expression<SqlBool>[] {
  const byName = sql<SqlBool>`${name} like ${containing(query)} escape '!'`
  const typed = searchKeyQuery(query)
  if (!/^[0-9a-z]+$/.test(typed)) return [byName]
  return [byName, sql<SqlBool>`${searchKey} like ${containing(typed)} escape '!'`]
}

export async function hasAnySku(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('goods_sku').select('id').limit(1).executeTakeFirst()) !== undefined
}
