import { type Insertable, type Kysely, type Selectable, type SqlBool, sql } from 'kysely'
import type { Database, SkuRow, StockMovesTable } from '../db/schema'
import type { Trx } from '../db/transaction'

export async function insertStockMove(db: Trx, move: Insertable<StockMovesTable>): Promise<number> {
  const result = await db.insertInto('stock_moves').values(move).executeTakeFirstOrThrow()
  return Number(result.insertId)
}

export async function findStockMoves(
  db: Kysely<Database>,
  skuId: number,
  beforeId: number | undefined,
  limit: number,
): Promise<Selectable<StockMovesTable>[]> {
  let q = db.selectFrom('stock_moves').selectAll().where('sku_id', '=', skuId)
  if (beforeId !== undefined) q = q.where('id', '<', beforeId)
  return q.orderBy('id', 'desc').limit(limit).execute()
}

/** SKUs with their goods' name, by id; `query` matches a name (SKU or goods) or is a barcode. */
export async function searchSkusWithGoods(
  db: Kysely<Database>,
  query: string,
  afterId: number,
  limit: number,
): Promise<(SkuRow & { goods_name: string })[]> {
  let q = db
    .selectFrom('goods_sku as s')
    .innerJoin('goods as g', 'g.id', 's.goods_id')
    .selectAll('s')
    .select('g.name as goods_name')
    .where('s.id', '>', afterId)
  if (query) {
    // As in catalog.repository: '!' escapes '%' and '_' so that they match themselves.
    const like = `%${query.replace(/[!%_]/g, (c) => `!${c}`)}%`
    q = q.where((eb) =>
      eb.or([
        sql<SqlBool>`${eb.ref('s.name')} like ${like} escape '!'`,
        sql<SqlBool>`${eb.ref('g.name')} like ${like} escape '!'`,
        eb('s.barcode', '=', query),
      ]),
    )
  }
  return q.orderBy('s.id').limit(limit).execute()
}
