import { z } from 'zod'
import { text } from '../text'
import { cursor, id, method, pageSize } from './method'

export interface SkuView {
  id: number
  goodsId: number
  name: string
  barcode: string
  unit: string
  priceFen: number
  stock: number
  sales: number
  onSale: boolean
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
