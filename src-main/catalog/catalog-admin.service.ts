// Adding goods and changing stock: the admin's goods screen, the demo seed and the benchmarks.
import type { Kysely } from 'kysely'
import { PosError } from '../../src-shared/errors'
import type { Database } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import type { Store } from '../db/store'

export interface NewSku {
  name: string
  barcode: string
  unit: string
  priceFen: number
  stock: number
  onSale?: boolean
}

export interface NewGoods {
  name: string
  description?: string
  skus: NewSku[]
}

/** Adds one goods (SPU) with its SKUs in one transaction; returns the SKU ids in the given order. */
export async function addGoods(store: Store, goods: NewGoods, now: number): Promise<number[]> {
  for (const sku of goods.skus) {
    if (!Number.isSafeInteger(sku.priceFen) || sku.priceFen < 0) throw new PosError('INVALID_INPUT', undefined, { fields: { priceFen: 'whole fen, not negative' } })
    if (!Number.isSafeInteger(sku.stock) || sku.stock < 0) throw new PosError('INVALID_INPUT', undefined, { fields: { stock: 'whole number, not negative' } })
  }
  return writeTransaction(store, async (trx) => {
    const result = await trx.insertInto('goods').values({ name: goods.name, description: goods.description ?? '', created_at: now }).executeTakeFirstOrThrow()
    const goodsId = Number(result.insertId)
    const ids: number[] = []
    for (const sku of goods.skus) ids.push(await insertSku(trx, goodsId, sku, now))
    return ids
  })
}

async function insertSku(db: Kysely<Database>, goodsId: number, sku: NewSku, now: number): Promise<number> {
  const result = await db
    .insertInto('goods_sku')
    .values({
      goods_id: goodsId,
      name: sku.name,
      barcode: sku.barcode,
      unit: sku.unit,
      price_fen: sku.priceFen,
      stock: sku.stock,
      sales: 0,
      on_sale: sku.onSale === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    })
    .executeTakeFirstOrThrow()
  return Number(result.insertId)
}

export async function setSkuOnSale(store: Store, skuId: number, onSale: boolean, now: number): Promise<void> {
  await store.db.updateTable('goods_sku').set({ on_sale: onSale ? 1 : 0, updated_at: now }).where('id', '=', skuId).execute()
}

export async function setSkuPrice(store: Store, skuId: number, priceFen: number, now: number): Promise<void> {
  await store.db.updateTable('goods_sku').set({ price_fen: priceFen, updated_at: now }).where('id', '=', skuId).execute()
}

export async function setSkuStock(store: Store, skuId: number, stock: number, now: number): Promise<void> {
  await store.db.updateTable('goods_sku').set({ stock, updated_at: now }).where('id', '=', skuId).execute()
}
