import { z } from 'zod'
import { text } from '../text'
import type { SaleMode } from '../weight'
import { cursor, id, method, pageSize } from './method'

export interface SkuView {
  id: number
  goodsId: number
  name: string
  barcode: string
  unit: string
  priceFen: number
  /** Pieces, or grams of a weight SKU: stock and sales are counted as the SKU is sold. */
  stock: number
  sales: number
  onSale: boolean
  saleMode: SaleMode
  /** Grams per priced unit of a weight SKU (500 斤, 1000 kg); null for pieces. */
  unitGrams: number | null
  /** The item code (PLU) the counter scale prints on this SKU's labels; null when none. */
  scaleCode: string | null
}

export interface SkuPage {
  skus: SkuView[]
  nextCursor: string | null
}

export const catalogMethods = {
  'catalog.search': method<SkuPage>()(
    'cashier',
    z.object({ query: text({ max: 64 }).default(''), cursor, limit: pageSize }),
  ),
  'catalog.byBarcode': method<SkuView>()(
    'cashier',
    z.object({
      barcode: z
        .string()
        .trim()
        .regex(/^[0-9A-Za-z-]{1,32}$/),
    }),
  ),
  'catalog.sku': method<SkuView>()('cashier', z.object({ skuId: id })),
}
