import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import { searchCatalog, skuByBarcode, skuById } from './catalog.service'

export const catalogHandlers = (core: Core) =>
  ({
    'catalog.search': (input) => searchCatalog(core, input),
    'catalog.byBarcode': (input) => skuByBarcode(core, input.barcode),
    'catalog.sku': (input) => skuById(core, input.skuId),
  }) satisfies Pick<StaffHandlers, 'catalog.search' | 'catalog.byBarcode' | 'catalog.sku'>
