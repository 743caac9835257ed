import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import type { OrderMirror } from '../history/mirror'
import { offlineHistory } from '../history/mirror.handlers'
import { memberIdOfPhone, withMemberId } from '../members/members.service'
import { reviewOrder } from '../reviews/reviews.service'
import { getQuote, placeOrder } from './checkout.service'
import { cancelOrder, type OrderHooks, receiveOrder, shipOrder, skipReview } from './order-lifecycle.service'
import { exportOrdersCsv } from './order-export.service'
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
  | 'orders.exportCsv'

/**
 * `hooks`: what other features do when an order moves (see OrderHooks). `mirror`: the offline order
 * history (shared mode). Reads fall back to it; writes are copied into it.
 */
export const orderHandlers = (core: Core, hooks: OrderHooks, mirror: OrderMirror | null = null) => {
  const history = offlineHistory(core, mirror)
  return {
    'orders.quote': async (input, { actor }) => getQuote(core, actor, await withMemberId(core, input)),
    'orders.place': async (input, { actor }) =>
      history.touched(placeOrder(core, actor, await withMemberId(core, input))),
    'orders.list': (input, { actor }) => history.read((from) => listOrders(from, actor, input)),
    // Live only: a file that silently came from the offline copy could be mistaken for the full list.
    'orders.exportCsv': (input, { actor }) => exportOrdersCsv(core, actor, input),
    'orders.get': (input, { actor }) => history.read((from) => getOrderDetail(from, actor, input.orderId)),
    'orders.cancel': (input, { actor }) => history.touched(cancelOrder(core, hooks, actor, input.orderId)),
    'orders.ship': (input, { actor }) => history.touched(shipOrder(core, actor, input.orderId)),
    'orders.receive': (input, { actor }) => history.touched(receiveOrder(core, actor, input.orderId)),
    'orders.review': (input, { actor }) => history.touched(reviewOrder(core, actor, input)),
    'orders.skipReview': (input, { actor }) => history.touched(skipReview(core, actor, input.orderId)),
    'orders.ofMember': ({ memberPhone, ...page }, { actor }) =>
      history.read(async (from) =>
        ordersOfMember(from, actor, { ...page, memberId: await memberIdOfPhone(from, memberPhone) }),
      ),
  } satisfies Pick<StaffHandlers, OrderMethods>
}
