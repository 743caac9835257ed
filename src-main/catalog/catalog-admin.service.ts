// Adding goods and changing stock: the admin's goods screen, the demo seed and the benchmarks.
import type { z } from 'zod'
import type {
  AdminSkuPage,
  adjustStockInput,
  GoodsView,
  SkuView,
  StockMovePage,
  StockMoveReason,
  StockMoveView,
  updateSkuInput,
} from '../../src-shared/contract'
import { maxStock } from '../../src-shared/bounds'
import { PosError } from '../../src-shared/errors'
import { unitGramsChoices, weightUnitName } from '../../src-shared/weight'
import type { Actor, Core } from '../core/core'
import { decodeCursor, encodeCursor } from '../core/paging'
import { dbErrorKind, duplicateKeyName } from '../db/errors'
import type { StockMoveRow } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { requireAdmin } from '../staff/staff.service'
import { findSkusByIds } from './catalog.repository'
import { toSkuView } from './catalog.service'
import {
  addToSkuStock,
  findStockMoves,
  insertGoods,
  insertSku,
  insertStockMove,
  searchSkusWithGoods,
  takenBarcodes,
  updateSkuFields,
} from './catalog-admin.repository'
import type { NewSku } from './catalog-admin.repository'

export type { NewSku }

export interface NewGoods {
  name: string
  description?: string
  skus: NewSku[]
}

/**
 * Adds one goods (SPU) with its SKUs in one transaction; returns the SKU ids in the given order.
 * Used by the admin's screen below, the demo seed and the benchmarks.
 */
export async function addGoods(core: Core, goods: NewGoods): Promise<number[]> {
  for (const sku of goods.skus) {
    if (!Number.isSafeInteger(sku.priceFen) || sku.priceFen < 0)
      throw new PosError('INVALID_INPUT', undefined, { fields: { priceFen: 'whole fen, not negative' } })
    if (!Number.isSafeInteger(sku.stock) || sku.stock < 0)
      throw new PosError('INVALID_INPUT', undefined, { fields: { stock: 'whole number, not negative' } })
    if (sku.saleMode === 'by_weight' && !unitGramsChoices.some((u) => u === sku.unitGrams))
      throw new PosError('INVALID_INPUT', undefined, { fields: { unitGrams: 'per 斤 (500) or kg (1000)' } })
  }
  const skus = goods.skus.map((sku) =>
    sku.saleMode === 'by_weight' ? { ...sku, unit: weightUnitName(sku.unitGrams ?? 0) } : sku,
  )
  const now = core.now()
  try {
    return await writeTransaction(core.store, async (trx) => {
      const goodsId = await insertGoods(trx, { name: goods.name, description: goods.description ?? '' }, now)
      const ids: number[] = []
      for (const sku of skus) ids.push(await insertSku(trx, goodsId, sku, now))
      return ids
    })
  } catch (error) {
    if (dbErrorKind(error) === 'duplicate-key' && duplicateKeyName(error).includes('scale_code')) throw scaleCodeTaken()
    if (dbErrorKind(error) === 'duplicate-key' && duplicateKeyName(error).includes('barcode')) {
      throw new PosError('ALREADY_EXISTS', 'Goods with this barcode already exist.', {
        barcodes: await takenBarcodes(
          core.store.db,
          goods.skus.map((s) => s.barcode),
        ),
      })
    }
    throw error
  }
}

// The admin's goods & stock screen. Every function checks the role itself as well: the
// dispatcher's check protects the contract, this one every other caller.

export async function addGoodsByAdmin(core: Core, actor: Actor, goods: NewGoods): Promise<GoodsView> {
  requireAdmin(actor)
  const ids = await addGoods(core, goods)
  const skus = await findSkusByIds(core.store.db, ids)
  const goodsId = skus[0]?.goods_id ?? 0
  return { id: goodsId, name: goods.name, description: goods.description ?? '', skus: skus.map(toSkuView) }
}

/**
 * Changes a SKU. Its sale mode changes only while it has no stock: stock and sales counted in
 * pieces would read as grams (or the other way round). A weight SKU's unit name follows its
 * unit_grams (斤, kg); a piece SKU has neither unit_grams nor a scale code.
 */
export async function updateSku(core: Core, actor: Actor, input: z.output<typeof updateSkuInput>): Promise<SkuView> {
  requireAdmin(actor)
  const [current] = await findSkusByIds(core.store.db, [input.skuId])
  if (!current) throw new PosError('SKU_NOT_FOUND', undefined, { skuId: input.skuId })
  const saleMode = input.saleMode ?? current.sale_mode
  const unitGrams = saleMode === 'by_weight' ? (input.unitGrams ?? current.unit_grams) : null
  if (saleMode === 'by_weight' && !unitGramsChoices.some((u) => u === unitGrams))
    throw new PosError('INVALID_INPUT', undefined, { fields: { unitGrams: 'per 斤 (500) or kg (1000)' } })
  if (saleMode === 'by_piece' && (input.unitGrams || input.scaleCode))
    throw new PosError('INVALID_INPUT', 'A SKU sold by the piece has no unit in grams nor a scale code.', {
      fields: { [input.unitGrams ? 'unitGrams' : 'scaleCode']: 'only for a weight SKU' },
    })
  const changes = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.unit !== undefined && { unit: input.unit }),
    ...(input.priceFen !== undefined && { price_fen: input.priceFen }),
    ...(input.onSale !== undefined && { on_sale: input.onSale ? 1 : 0 }),
    sale_mode: saleMode,
    unit_grams: unitGrams,
    ...(saleMode === 'by_weight' && { unit: weightUnitName(unitGrams ?? 0) }),
    ...(saleMode === 'by_piece'
      ? { scale_code: null }
      : input.scaleCode !== undefined && { scale_code: input.scaleCode }),
    updated_at: core.now(),
  }
  const modeChanges = saleMode !== current.sale_mode
  try {
    if (!(await updateSkuFields(core.store.db, input.skuId, changes, modeChanges)) && modeChanges)
      throw new PosError('INVALID_INPUT', 'The sale mode changes only while the SKU has no stock.', {
        fields: { saleMode: 'only with no stock: adjust the stock to 0 first' },
      })
  } catch (error) {
    if (dbErrorKind(error) === 'duplicate-key' && duplicateKeyName(error).includes('scale_code')) throw scaleCodeTaken()
    throw error
  }
  const [row] = await findSkusByIds(core.store.db, [input.skuId])
  if (!row) throw new PosError('SKU_NOT_FOUND', undefined, { skuId: input.skuId })
  return toSkuView(row)
}

const scaleCodeTaken = () =>
  new PosError('ALREADY_EXISTS', 'Another SKU has this scale code.', { fields: { scaleCode: 'taken by another SKU' } })

/**
 * Receives goods (+) or writes off shrinkage and damage (−) with a reason, in one transaction
 * with its audit row. `stock = stock + delta` is a single statement, so it never loses a sale
 * made at a till meanwhile; the table's CHECK (stock >= 0) refuses to go below zero.
 */
export async function adjustStock(
  core: Core,
  actor: Actor,
  input: z.output<typeof adjustStockInput>,
): Promise<{ sku: SkuView; move: StockMoveView }> {
  requireAdmin(actor)
  const now = core.now()
  return writeTransaction(core.store, async (trx) => {
    try {
      if (!(await addToSkuStock(trx, input.skuId, input.delta, now)))
        throw new PosError('SKU_NOT_FOUND', undefined, { skuId: input.skuId })
    } catch (error) {
      if (dbErrorKind(error) !== 'stock-guard') throw error
      const [row] = await findSkusByIds(trx, [input.skuId])
      throw new PosError('INSUFFICIENT_STOCK', `Only ${row?.stock ?? 0} left: cannot remove ${-input.delta}.`, {
        skuId: input.skuId,
        asked: -input.delta,
        left: row?.stock ?? 0,
      })
    }
    const [row] = await findSkusByIds(trx, [input.skuId])
    if (!row) throw new PosError('SKU_NOT_FOUND', undefined, { skuId: input.skuId })
    // Thrown inside the transaction: the added stock is rolled back with it.
    if (row.stock > maxStock)
      throw new PosError('AMOUNT_TOO_LARGE', `One SKU holds at most ${maxStock}.`, {
        skuId: row.id,
        stock: row.stock - input.delta,
        maxStock,
      })
    const move = {
      sku_id: row.id,
      delta: input.delta,
      reason: input.reason,
      note: input.note,
      stock_after: row.stock,
      staff_id: actor.staffId,
      created_at: now,
    }
    const id = await insertStockMove(trx, move)
    return { sku: toSkuView(row), move: toStockMoveView({ id, ...move }) }
  })
}

export async function listGoods(
  core: Core,
  actor: Actor,
  input: { query: string; cursor?: string; limit: number },
): Promise<AdminSkuPage> {
  requireAdmin(actor)
  const [afterId = 0] = decodeCursor(input.cursor, 1) ?? []
  const rows = await searchSkusWithGoods(core.store.db, input.query, afterId, input.limit + 1)
  const page = rows.slice(0, input.limit)
  const last = page.at(-1)
  return {
    skus: page.map((r) => ({ ...toSkuView(r), goodsName: r.goods_name })),
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.id]) : null,
  }
}

/** A SKU's stock changes by hand, newest first. */
export async function stockMovesOfSku(
  core: Core,
  actor: Actor,
  input: { skuId: number; cursor?: string; limit: number },
): Promise<StockMovePage> {
  requireAdmin(actor)
  const [beforeId] = decodeCursor(input.cursor, 1) ?? []
  const rows = await findStockMoves(core.store.db, input.skuId, beforeId, input.limit + 1)
  const page = rows.slice(0, input.limit)
  const last = page.at(-1)
  return {
    moves: page.map(toStockMoveView),
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.id]) : null,
  }
}

function toStockMoveView(row: StockMoveRow): StockMoveView {
  return {
    id: row.id,
    skuId: row.sku_id,
    delta: row.delta,
    reason: row.reason as StockMoveReason,
    note: row.note,
    stockAfter: row.stock_after,
    staffId: row.staff_id,
    createdAt: Number(row.created_at),
  }
}
