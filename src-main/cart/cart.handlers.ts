import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import { addToCart, clearCart, getCart, removeFromCart, setCartCount } from './cart.service'
import { scanIntoCart } from './scan.service'
import { newSale, parkedSales, parkSale, recallSale } from './parked.service'

export const cartHandlers = (core: Core) =>
  ({
    'cart.get': (_input, { actor }) => getCart(core, actor),
    'cart.add': (input, { actor }) => addToCart(core, actor, input.skuId, input.count),
    'cart.set': (input, { actor }) => setCartCount(core, actor, input.skuId, input.count),
    'cart.remove': (input, { actor }) => removeFromCart(core, actor, input.skuId),
    'cart.clear': (_input, { actor }) => clearCart(core, actor),
    'cart.scan': (input, { actor }) => scanIntoCart(core, actor, input.code),
    'cart.park': (input, { actor }) => parkSale(core, actor, input),
    'cart.parked': (_input, { actor }) => parkedSales(core, actor),
    'cart.recall': (input, { actor }) => recallSale(core, actor, input.id),
    'cart.newSale': (_input, { actor }) => newSale(core, actor),
  }) satisfies Pick<
    StaffHandlers,
    | 'cart.get'
    | 'cart.add'
    | 'cart.set'
    | 'cart.remove'
    | 'cart.clear'
    | 'cart.scan'
    | 'cart.park'
    | 'cart.parked'
    | 'cart.recall'
    | 'cart.newSale'
  >
