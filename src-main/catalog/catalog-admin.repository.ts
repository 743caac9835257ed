import { type Insertable, type Kysely, type SqlBool, sql } from 'kysely'
import type { Database, SkuRow, StockMoveRow, StockMovesTable } from '../db/schema'
import type { Trx } from '../db/transaction'
import type { SaleMode } from '../../src-shared/weight'
import { containing, nameMatches } from './catalog.repository'
import { searchKeyOf } from './search-key'

export async function insertStockMove(db: Trx, move: Insertable<StockMovesTable>): Promise<number> {
  const result = await db.insertInto('stock_moves').values(move).executeTakeFirstOrThrow()
  return Number(result.insertId)
}

export async function findStockMoves(
  db: Kysely<Database>,
  skuId: number,
  beforeId: number | undefined,
  limit: number,
): Promise<StockMoveRow[]> {
  let q = db.selectFrom('stock_moves').selectAll().where('sku_id', '=', skuId)
  if (beforeId !== undefined) q = q.where('id', '<', beforeId)
  return q.orderBy('id', 'desc').limit(limit).execute()
}

/** SKUs with their goods' name, by id; `query` matches a name (SKU or goods; the SKU's in pinyin too) or a barcode. */
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
    q = q.where((eb) =>
      eb.or([
        ...nameMatches(eb.ref('s.name'), eb.ref('s.search_key'), query),
        sql<SqlBool>`${eb.ref('g.name')} like ${containing(query)} escape '!'`,
        eb('s.barcode', '=', query),
      ]),
    )
  }
  return q.orderBy('s.id').limit(limit).execute()
}

/** The new goods' (SPU's) id. */
export async function insertGoods(trx: Trx, goods: { name: string; description: string }, at: number): Promise<number> {
  const result = await trx
    .insertInto('goods')
    .values({ name: goods.name, description: goods.description, created_at: at })
    .executeTakeFirstOrThrow()
  return Number(result.insertId)
}

/** A SKU as it is added (goods admin, demo catalogue, bench): one shape for the service and its insert. */
export interface NewSku {
  name: string
  barcode: string
  /** For a weight SKU, the name of its unit (斤, kg) is taken from unitGrams. */
  unit: string
  priceFen: number
  /** Pieces, or grams of a weight SKU. */
  stock: number
  onSale?: boolean
  saleMode?: SaleMode
  unitGrams?: number | null
  scaleCode?: string | null
}

/** The new SKU's id; a barcode already taken fails with the driver's duplicate-key error. */
export async function insertSku(trx: Trx, goodsId: number, sku: NewSku, at: number): Promise<number> {
  const result = await trx
    .insertInto('goods_sku')
    .values({
      goods_id: goodsId,
      name: sku.name,
      search_key: searchKeyOf(sku.name),
      barcode: sku.barcode,
      unit: sku.unit,
      price_fen: sku.priceFen,
      stock: sku.stock,
      sales: 0,
      on_sale: sku.onSale === false ? 0 : 1,
      sale_mode: sku.saleMode ?? 'by_piece',
      unit_grams: sku.saleMode === 'by_weight' ? (sku.unitGrams ?? null) : null,
      scale_code: sku.scaleCode ?? null,
      created_at: at,
      updated_at: at,
    })
    .executeTakeFirstOrThrow()
  return Number(result.insertId)
}

/** Which of these barcodes some SKU already has. */
export async function takenBarcodes(db: Kysely<Database>, barcodes: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('goods_sku')
    .select('barcode')
    .where('barcode', 'in', [...barcodes])
    .execute()
  return rows.map((r) => r.barcode)
}

export type SkuChanges = Partial<
  Pick<SkuRow, 'name' | 'unit' | 'price_fen' | 'on_sale' | 'sale_mode' | 'unit_grams' | 'scale_code'>
> & { updated_at: number }

/** False when nothing changed: no such SKU, or `onlyWithoutStock` and it has stock. */
export async function updateSkuFields(
  db: Kysely<Database>,
  skuId: number,
  changes: SkuChanges,
  onlyWithoutStock = false,
): Promise<boolean> {
  const renamed = changes.name === undefined ? {} : { search_key: searchKeyOf(changes.name) }
  let q = db
    .updateTable('goods_sku')
    .set({ ...changes, ...renamed })
    .where('id', '=', skuId)
  if (onlyWithoutStock) q = q.where('stock', '=', 0)
  const result = await q.executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Which SKU has this scale code, if any. */
export async function findSkuByScaleCode(db: Kysely<Database>, code: string): Promise<SkuRow | undefined> {
  return db.selectFrom('goods_sku').selectAll().where('scale_code', '=', code).executeTakeFirst()
}

/**
 * `stock = stock + delta` in one statement, so a sale made at a till meanwhile is never lost; the
 * table's CHECK (stock >= 0) makes the driver fail when it would go below zero. False when there
 * is no such SKU.
 */
export async function addToSkuStock(trx: Trx, skuId: number, delta: number, at: number): Promise<boolean> {
  const result = await trx
    .updateTable('goods_sku')
    .set((eb) => ({ stock: eb('stock', '+', delta), updated_at: at }))
    .where('id', '=', skuId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

// Set by the tests and tools that stage a shop (a price changed, goods taken off sale, stock
// counted) without an admin's session.

export async function setSkuOnSale(db: Kysely<Database>, skuId: number, onSale: boolean, at: number): Promise<void> {
  await updateSkuFields(db, skuId, { on_sale: onSale ? 1 : 0, updated_at: at })
}

export async function setSkuPrice(db: Kysely<Database>, skuId: number, priceFen: number, at: number): Promise<void> {
  await updateSkuFields(db, skuId, { price_fen: priceFen, updated_at: at })
}

export async function setSkuStock(db: Kysely<Database>, skuId: number, stock: number, at: number): Promise<void> {
  await db.updateTable('goods_sku').set({ stock, updated_at: at }).where('id', '=', skuId).execute()
}
