import { z } from 'zod'
import { cartCount, id, method } from './method'
import type { QuoteLine } from './orders'

/** A cart line is a quote line plus whether the goods are still on sale. */
export interface CartLineView extends QuoteLine {
  onSale: boolean
}

export interface CartView {
  lines: CartLineView[]
  totalCount: number
  goodsFen: number
}

export const cartMethods = {
  'cart.get': method<CartView>()('cashier', z.object({})),
  'cart.add': method<CartView>()('cashier', z.object({ skuId: id, count: cartCount.default(1) })),
  'cart.set': method<CartView>()('cashier', z.object({ skuId: id, count: cartCount })),
  'cart.remove': method<CartView>()('cashier', z.object({ skuId: id })),
  'cart.clear': method<CartView>()('cashier', z.object({})),
}
