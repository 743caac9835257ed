// After a race: what the database says was sold. Oversold units come from the order lines that
// were actually written, not from the bench's own counters, and every SKU must still add up:
// stock + sales = the stock it started with, and sales = the units in its order lines.
import { sql } from 'kysely'
import type { Core } from '../core/core'

export interface StockCheck {
  units_sold: number
  oversold: number
  /** stock + sales = initial stock and sales = units in order lines, for every SKU. */
  conserved: boolean
  stock_left: number
  sales: number
}

interface SkuTally {
  id: number
  stock: number
  sales: number
  sold: number
}

/**
 * Checks the SKUs of one goods (SPU). `fromOrders` false is for the raw ceiling, which sells by
 * bare UPDATEs and writes no order lines: its sold units are its sales.
 */
export async function checkGoodsStock(
  core: Core,
  goodsId: number,
  /** Every SKU's stock at the start, or per SKU (a shelf with goods sold by weight, in grams). */
  initialStock: number | ((skuId: number) => number),
  fromOrders = true,
): Promise<StockCheck & { sold_out_skus: number }> {
  const db = core.store.db
  const rows = await db
    .selectFrom('goods_sku as s')
    .leftJoin('order_goods as g', 'g.sku_id', 's.id')
    .select(['s.id', 's.stock', 's.sales', sql<number>`coalesce(sum(g.count), 0)`.as('sold')])
    .where('s.goods_id', '=', goodsId)
    .groupBy(['s.id', 's.stock', 's.sales'])
    .execute()
  const tallies: SkuTally[] = rows.map((r) => ({
    id: r.id,
    stock: Number(r.stock),
    sales: Number(r.sales),
    sold: Number(r.sold),
  }))
  let oversold = 0
  let conserved = tallies.length > 0
  for (const t of tallies) {
    const sold = fromOrders ? t.sold : t.sales
    const initial = typeof initialStock === 'number' ? initialStock : initialStock(t.id)
    oversold += Math.max(0, sold - initial)
    if (t.stock < 0 || t.stock + t.sales !== initial || (fromOrders && t.sales !== t.sold)) conserved = false
  }
  const sum = (pick: (t: SkuTally) => number) => tallies.reduce((n, t) => n + pick(t), 0)
  return {
    units_sold: fromOrders ? sum((t) => t.sold) : sum((t) => t.sales),
    oversold,
    conserved,
    stock_left: sum((t) => t.stock),
    sales: sum((t) => t.sales),
    sold_out_skus: tallies.filter((t) => t.stock === 0).length,
  }
}
