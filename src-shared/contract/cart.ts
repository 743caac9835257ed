import { z } from 'zod'
import { cartCount, id, method } from './method'

export interface CartLineView {
  skuId: number
  name: string
  unit: string
  priceFen: number
  count: number
  lineFen: number
  stockLeft: number
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
