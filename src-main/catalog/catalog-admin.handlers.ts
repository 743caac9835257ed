import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import { addGoodsByAdmin, adjustStock, listGoods, stockMovesOfSku, updateSku } from './catalog-admin.service'

export const catalogAdminHandlers = (core: Core) =>
  ({
    'goods.add': (input, { actor }) => addGoodsByAdmin(core, actor, input),
    'goods.updateSku': (input, { actor }) => updateSku(core, actor, input),
    'goods.adjustStock': (input, { actor }) => adjustStock(core, actor, input),
    'goods.list': (input, { actor }) => listGoods(core, actor, input),
    'goods.stockMoves': (input, { actor }) => stockMovesOfSku(core, actor, input),
  }) satisfies Pick<
    StaffHandlers,
    'goods.add' | 'goods.updateSku' | 'goods.adjustStock' | 'goods.list' | 'goods.stockMoves'
  >
