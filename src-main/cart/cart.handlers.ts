import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import { addToCart, clearCart, getCart, removeFromCart, setCartCount } from './cart.service'

export const cartHandlers = (core: Core) =>
  ({
    'cart.get': (_input, { actor }) => getCart(core, actor),
    'cart.add': (input, { actor }) => addToCart(core, actor, input.skuId, input.count),
    'cart.set': (input, { actor }) => setCartCount(core, actor, input.skuId, input.count),
    'cart.remove': (input, { actor }) => removeFromCart(core, actor, input.skuId),
    'cart.clear': (_input, { actor }) => clearCart(core, actor),
  }) satisfies Pick<StaffHandlers, 'cart.get' | 'cart.add' | 'cart.set' | 'cart.remove' | 'cart.clear'>
