import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import { reviewOrder } from '../reviews/reviews.service'
import { getQuote, placeOrder } from './checkout.service'
import { cancelOrder, receiveOrder, shipOrder, skipReview } from './order-lifecycle.service'
import { getOrderDetail, listOrders, ordersOfMember } from './order-query.service'

type OrderMethods =
  | 'orders.quote'
  | 'orders.place'
  | 'orders.list'
  | 'orders.get'
  | 'orders.cancel'
  | 'orders.ship'
  | 'orders.receive'
  | 'orders.review'
  | 'orders.skipReview'
  | 'orders.ofMember'

export const orderHandlers = (core: Core) =>
  ({
    'orders.quote': (input, { actor }) => getQuote(core, actor, input),
    'orders.place': (input, { actor }) => placeOrder(core, actor, input),
    'orders.list': (input, { actor }) => listOrders(core, actor, input),
    'orders.get': (input, { actor }) => getOrderDetail(core, actor, input.orderId),
    'orders.cancel': (input, { actor }) => cancelOrder(core, actor, input.orderId),
    'orders.ship': (input, { actor }) => shipOrder(core, actor, input.orderId),
    'orders.receive': (input, { actor }) => receiveOrder(core, actor, input.orderId),
    'orders.review': (input, { actor }) => reviewOrder(core, actor, input),
    'orders.skipReview': (input, { actor }) => skipReview(core, actor, input.orderId),
    'orders.ofMember': (input, { actor }) => ordersOfMember(core, actor, input),
  }) satisfies Pick<StaffHandlers, OrderMethods>
