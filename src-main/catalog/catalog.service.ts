import type { SkuPage, SkuView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Core } from '../core/core'
import { decodeCursor, encodeCursor } from '../core/paging'
import type { SkuRow } from '../db/schema'
import { findSkuByBarcode, findSkusByIds, searchSkus } from './catalog.repository'

export function toSkuView(row: SkuRow): SkuView {
  return {
    id: row.id,
    goodsId: row.goods_id,
    name: row.name,
    barcode: row.barcode,
    unit: row.unit,
    priceFen: row.price_fen,
    stock: row.stock,
    sales: row.sales,
    onSale: row.on_sale === 1,
    saleMode: row.sale_mode,
    unitGrams: row.sale_mode === 'by_weight' ? row.unit_grams : null,
    scaleCode: row.scale_code,
  }
}

export async function searchCatalog(
  core: Core,
  input: { query: string; cursor?: string; limit: number },
): Promise<SkuPage> {
  const [afterId = 0] = decodeCursor(input.cursor, 1) ?? []
  const rows = await searchSkus(core.store.db, input.query, afterId, input.limit + 1)
  const page = rows.slice(0, input.limit)
  const last = page.at(-1)
  return { skus: page.map(toSkuView), nextCursor: rows.length > input.limit && last ? encodeCursor([last.id]) : null }
}

export async function skuByBarcode(core: Core, barcode: string): Promise<SkuView> {
  const row = await findSkuByBarcode(core.store.db, barcode)
  if (!row) throw new PosError('SKU_NOT_FOUND', undefined, { barcode })
  return toSkuView(row)
}

export async function skuById(core: Core, skuId: number): Promise<SkuView> {
  const [row] = await findSkusByIds(core.store.db, [skuId])
  if (!row) throw new PosError('SKU_NOT_FOUND', undefined, { skuId })
  return toSkuView(row)
}
