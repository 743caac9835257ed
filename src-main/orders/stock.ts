// Taking and giving back stock. Every function here runs inside the order's transaction and
// touches SKUs in ascending id order: two orders sharing SKUs then lock them in the same order
// and cannot deadlock on each other.
import { sql } from 'kysely'
import { PosError } from '../../src-shared/errors'
import type { StockStrategy } from '../config'
import type { SkuRow } from '../db/schema'
import type { Trx } from '../db/transaction'

export interface StockLine {
  skuId: number
  count: number
  /** The price the customer agreed to; the stock is only taken at that price. */
  priceFen: number
}

const byId = (a: StockLine, b: StockLine) => a.skuId - b.skuId
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Pessimistic strategy, step one: lock the SKU rows before anything else is written. */
export async function lockSkus(trx: Trx, skuIds: readonly number[], canLockRows: boolean): Promise<SkuRow[]> {
  const query = trx
    .selectFrom('goods_sku')
    .selectAll()
    .where('id', 'in', [...skuIds])
    .orderBy('id')
  // SQLite has no FOR UPDATE; BEGIN IMMEDIATE already holds the database's write lock.
  return canLockRows ? query.forUpdate().execute() : query.execute()
}

/**
 * Takes stock for every line with the configured strategy, or throws (rolling the order back):
 * INSUFFICIENT_STOCK, SKU_OFF_SALE, CART_CHANGED (price moved), or STOCK_CONTENDED (optimistic
 * retries used up).
 */
export async function takeStock(trx: Trx, strategy: StockStrategy, lines: readonly StockLine[]): Promise<void> {
  for (const line of [...lines].sort(byId)) {
    if (strategy === 'optimistic') await takeOptimistically(trx, line)
    else if (strategy === 'pessimistic') await decrement(trx, line)
    else if (!(await takeIfAvailable(trx, line))) await explainRefusal(trx, line)
  }
}

/** `atomic`: one conditional statement; zero rows affected means the line cannot be had. */
async function takeIfAvailable(trx: Trx, line: StockLine): Promise<boolean> {
  const result = await trx
    .updateTable('goods_sku')
    .set((eb) => ({ stock: eb('stock', '-', line.count), sales: eb('sales', '+', line.count) }))
    .where('id', '=', line.skuId)
    .where('stock', '>=', line.count)
    .where('on_sale', '=', 1)
    .where('price_fen', '=', line.priceFen)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** `pessimistic`: the rows are locked and checked already; a plain decrement. */
async function decrement(trx: Trx, line: StockLine): Promise<void> {
  await trx
    .updateTable('goods_sku')
    .set((eb) => ({ stock: eb('stock', '-', line.count), sales: eb('sales', '+', line.count) }))
    .where('id', '=', line.skuId)
    .execute()
}

const OPTIMISTIC_ATTEMPTS = 8

/** `optimistic`: read, then write only if nobody changed the stock in between; retry a few times. */
async function takeOptimistically(trx: Trx, line: StockLine): Promise<void> {
  for (let attempt = 1; attempt <= OPTIMISTIC_ATTEMPTS; attempt++) {
    const sku = await readSku(trx, line.skuId)
    checkSellable(sku, line)
    const result = await trx
      .updateTable('goods_sku')
      .set({ stock: sku.stock - line.count, sales: sku.sales + line.count })
      .where('id', '=', line.skuId)
      .where('stock', '=', sku.stock)
      .where('sales', '=', sku.sales)
      .where('price_fen', '=', line.priceFen)
      .where('on_sale', '=', 1)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 1) return
    await sleep(Math.random() * 2 * attempt)
  }
  throw new PosError('STOCK_CONTENDED', undefined, { skuId: line.skuId, attempts: OPTIMISTIC_ATTEMPTS })
}

/** Checks rows already read (and, for the pessimistic strategy, locked). */
export function checkSellable(sku: SkuRow | undefined, line: StockLine): asserts sku is SkuRow {
  if (!sku) throw new PosError('SKU_NOT_FOUND', undefined, { skuId: line.skuId })
  if (sku.on_sale !== 1)
    throw new PosError('SKU_OFF_SALE', `${sku.name} is not on sale any more.`, { skuId: sku.id, name: sku.name })
  if (sku.price_fen !== line.priceFen)
    throw new PosError('CART_CHANGED', `The price of ${sku.name} changed.`, { skuId: sku.id })
  if (sku.stock < line.count) {
    throw new PosError('INSUFFICIENT_STOCK', `Only ${sku.stock} ${sku.unit} of ${sku.name} left.`, {
      skuId: sku.id,
      name: sku.name,
      asked: line.count,
      left: sku.stock,
    })
  }
}

async function readSku(trx: Trx, skuId: number): Promise<SkuRow | undefined> {
  return trx.selectFrom('goods_sku').selectAll().where('id', '=', skuId).executeTakeFirst()
}

/** The conditional update refused: read the row again and say why, as the cashier needs to hear. */
async function explainRefusal(trx: Trx, line: StockLine): Promise<never> {
  const sku = await readSku(trx, line.skuId)
  checkSellable(sku, line)
  // The row changed back between the update and this read: the stock is contended.
  throw new PosError('STOCK_CONTENDED', undefined, { skuId: line.skuId })
}

/** Gives stock and sales back (cancel, expiry, restocking refund). */
export async function restoreStock(trx: Trx, lines: readonly { skuId: number; count: number }[]): Promise<void> {
  const merged = new Map<number, number>()
  for (const l of lines) merged.set(l.skuId, (merged.get(l.skuId) ?? 0) + l.count)
  for (const skuId of [...merged.keys()].sort((a, b) => a - b)) {
    const count = merged.get(skuId) ?? 0
    await trx
      .updateTable('goods_sku')
      .set({ stock: sql`stock + ${count}`, sales: sql`case when sales >= ${count} then sales - ${count} else 0 end` })
      .where('id', '=', skuId)
      .execute()
  }
}
