// Taking and giving back stock. The three stock strategies (docs: README, "Placing an order")
// live side by side in one table; everything that takes stock looks its strategy up there. Every
// function here runs inside the order's transaction and touches SKUs in ascending id order: two
// orders sharing SKUs then lock them in the same order and cannot deadlock on each other.
import { type CompiledQuery, sql } from 'kysely'
import { PosError } from '../../src-shared/errors'
import { findSkusByIds } from '../catalog/catalog.repository'
import type { StockStrategy } from '../config'
import { precompiled } from '../db/precompiled'
import type { SkuRow } from '../db/schema'
import type { Trx } from '../db/transaction'

export interface StockLine {
  skuId: number
  /** Pieces, or grams of a weight SKU. */
  count: number
  /** The price the customer agreed to; the stock is only taken at that price. */
  priceFen: number
  /** ...and per that unit: grams per priced unit of a weight SKU, null for pieces. */
  unitGrams: number | null
}

/** A SKU row still sells as the line was priced: its price, its sale mode and unit. */
function sameTerms(sku: SkuRow, line: StockLine): boolean {
  return sku.price_fen === line.priceFen && unitGramsOf(sku) === line.unitGrams
}

/** The SKU's grams per priced unit as a line records it: null for pieces. */
export function unitGramsOf(sku: Pick<SkuRow, 'sale_mode' | 'unit_grams'>): number | null {
  return sku.sale_mode === 'by_weight' ? sku.unit_grams : null
}

/** The same test in SQL: `coalesce` so that NULL (pieces) compares; a SKU switched to by_weight has its unit set. */
const unitMatches = (line: StockLine) =>
  sql<boolean>`(case when sale_mode = 'by_weight' then coalesce(unit_grams, 0) else 0 end) = ${line.unitGrams ?? 0}`

/** One line's stock taken by a single statement of the MySQL one-round-trip batch. */
export type TakeInOneRoundTrip = (line: StockLine) => CompiledQuery

export interface StockStrategyRules {
  /**
   * Reads the SKU rows the order is drafted from, before anything is written. `canLockRows`:
   * MySQL can lock single rows; on SQLite the transaction already holds the store's write lock.
   */
  readSkus(trx: Trx, skuIds: readonly number[], canLockRows: boolean): Promise<SkuRow[]>
  /** Refuses, before anything is written, the lines that the rows as read cannot cover. */
  checkBeforeWriting(skus: readonly SkuRow[], lines: readonly StockLine[]): void
  /** Takes one line's stock, or throws: INSUFFICIENT_STOCK, SKU_OFF_SALE, CART_CHANGED, STOCK_CONTENDED. */
  takeLine(trx: Trx, line: StockLine): Promise<void>
  /**
   * The same rule as one statement of the MySQL one-round-trip batch (db/batch.ts), or null when
   * the strategy needs a round trip between reading and writing. A batch cannot branch on "zero
   * rows affected", so the statement breaks the stock guard (db/errors.ts STOCK_GUARD) when the
   * line cannot be had; the failing statement stops the batch and rolls it back.
   */
  oneRoundTrip: TakeInOneRoundTrip | null
}

export const stockStrategyRules: Record<StockStrategy, StockStrategyRules> = {
  /** One conditional statement per line; zero rows affected means the line cannot be had. */
  atomic: {
    readSkus: (trx, skuIds) => findSkusByIds(trx, skuIds),
    checkBeforeWriting: () => undefined,
    takeLine: async (trx, line) => {
      if (!(await takeIfAvailable(trx, line))) explainRefusal(await findSkusByIds(trx, [line.skuId]), [line])
    },
    oneRoundTrip: (line) => takeOrBreakGuard({ ...line, unitGrams: line.unitGrams ?? 0 }),
  },
  /** Locks the SKU rows and checks them first; the decrement then cannot be refused. */
  pessimistic: {
    readSkus: lockSkus,
    checkBeforeWriting: (skus, lines) => {
      for (const line of lines)
        checkSellable(
          skus.find((s) => s.id === line.skuId),
          line,
        )
    },
    takeLine: decrement,
    oneRoundTrip: null,
  },
  /** Reads, then writes only if nobody changed the row in between; retries a few times. */
  optimistic: {
    readSkus: (trx, skuIds) => findSkusByIds(trx, skuIds),
    checkBeforeWriting: () => undefined,
    takeLine: takeOptimistically,
    oneRoundTrip: null,
  },
}

/**
 * atomic's decrement for the batch: the stock guard (stock ≥ 0) breaks unless the SKU is on sale
 * at the line's terms. `unitGrams` 0 for pieces, as unitMatches compares it.
 */
const takeOrBreakGuard = precompiled<StockLine & { unitGrams: number }>(
  ['skuId', 'count', 'priceFen', 'unitGrams'],
  (line, db) =>
    db
      .updateTable('goods_sku')
      .set({
        sales: sql`sales + ${line.count}`,
        stock: sql`case when on_sale = 1 and price_fen = ${line.priceFen} and ${unitMatches(line)} then stock - ${line.count} else -1 end`,
      })
      .where('id', '=', line.skuId),
)

const byId = (a: StockLine, b: StockLine) => a.skuId - b.skuId
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Takes stock for every line with the strategy's rule, or throws (rolling the order back). */
export async function takeStock(trx: Trx, strategy: StockStrategy, lines: readonly StockLine[]): Promise<void> {
  const rules = stockStrategyRules[strategy]
  for (const line of [...lines].sort(byId)) await rules.takeLine(trx, line)
}

async function lockSkus(trx: Trx, skuIds: readonly number[], canLockRows: boolean): Promise<SkuRow[]> {
  const query = trx
    .selectFrom('goods_sku')
    .selectAll()
    .where('id', 'in', [...skuIds])
    .orderBy('id')
  return canLockRows ? query.forUpdate().execute() : query.execute()
}

async function takeIfAvailable(trx: Trx, line: StockLine): Promise<boolean> {
  const result = await trx
    .updateTable('goods_sku')
    .set((eb) => ({ stock: eb('stock', '-', line.count), sales: eb('sales', '+', line.count) }))
    .where('id', '=', line.skuId)
    .where('stock', '>=', line.count)
    .where('on_sale', '=', 1)
    .where('price_fen', '=', line.priceFen)
    .where(unitMatches(line))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

async function decrement(trx: Trx, line: StockLine): Promise<void> {
  await trx
    .updateTable('goods_sku')
    .set((eb) => ({ stock: eb('stock', '-', line.count), sales: eb('sales', '+', line.count) }))
    .where('id', '=', line.skuId)
    .execute()
}

const OPTIMISTIC_ATTEMPTS = 8

async function takeOptimistically(trx: Trx, line: StockLine): Promise<void> {
  for (let attempt = 1; attempt <= OPTIMISTIC_ATTEMPTS; attempt++) {
    const [sku] = await findSkusByIds(trx, [line.skuId])
    checkSellable(sku, line)
    const result = await trx
      .updateTable('goods_sku')
      .set({ stock: sku.stock - line.count, sales: sku.sales + line.count })
      .where('id', '=', line.skuId)
      .where('stock', '=', sku.stock)
      .where('sales', '=', sku.sales)
      .where('price_fen', '=', line.priceFen)
      .where(unitMatches(line))
      .where('on_sale', '=', 1)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 1) return
    await sleep(Math.random() * 2 * attempt)
  }
  throw new PosError('STOCK_CONTENDED', undefined, { skuId: line.skuId, attempts: OPTIMISTIC_ATTEMPTS })
}

/** Checks one line against its row as read (and, for the pessimistic strategy, locked). */
function checkSellable(sku: SkuRow | undefined, line: StockLine): asserts sku is SkuRow {
  if (!sku) throw new PosError('SKU_NOT_FOUND', undefined, { skuId: line.skuId })
  if (sku.on_sale !== 1)
    throw new PosError('SKU_OFF_SALE', `${sku.name} is not on sale any more.`, { skuId: sku.id, name: sku.name })
  if (!sameTerms(sku, line)) throw new PosError('CART_CHANGED', `The price of ${sku.name} changed.`, { skuId: sku.id })
  if (sku.stock < line.count) throw insufficientStock(sku, line.count)
}

/** INSUFFICIENT_STOCK for `asked` of `sku`: in pieces, or in grams of a weight SKU (`grams: true`). */
export function insufficientStock(sku: SkuRow, asked: number): PosError {
  const grams = sku.sale_mode === 'by_weight'
  return new PosError('INSUFFICIENT_STOCK', `Only ${sku.stock} ${grams ? 'g' : sku.unit} of ${sku.name} left.`, {
    skuId: sku.id,
    name: sku.name,
    asked,
    left: sku.stock,
    ...(grams && { grams: true, unitGrams: sku.unit_grams }),
  })
}

/**
 * The stock guard refused these lines (a conditional update changed nothing, or the batch broke
 * the CHECK). Given the rows as read again after the refusal, throws the error that says why, as
 * the cashier needs to hear it: SKU_NOT_FOUND, SKU_OFF_SALE, CART_CHANGED (a new price), or
 * INSUFFICIENT_STOCK naming the line. When every line looks sellable again, another till's order
 * rolled back in between: STOCK_CONTENDED, and the retry will most likely succeed.
 */
export function explainRefusal(skus: readonly SkuRow[], lines: readonly StockLine[]): never {
  for (const line of lines)
    checkSellable(
      skus.find((s) => s.id === line.skuId),
      line,
    )
  throw new PosError('STOCK_CONTENDED', undefined, { skuIds: lines.map((l) => l.skuId) })
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
