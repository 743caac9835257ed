// The one owner of order status transitions. Anything not listed here is ILLEGAL_TRANSITION —
// the original let an unpaid order be "completed" by commenting on it.
import { PosError } from './errors'
import { OrderStatus, type Fulfilment, paidStatuses } from './order-status'

export type OrderAction =
  | 'pay' // a payment settled in full
  | 'payAfterCancel' // a payment arrived after the order expired and its stock could be taken again
  | 'ship'
  | 'receive'
  | 'review'
  | 'skipReview'
  | 'cancel'
  | 'expire'
  | 'refundFull'

const { UNPAID, UNSHIPPED, UNRECEIVED, UNREVIEWED, FINISHED, CANCELLED, REFUNDED } = OrderStatus

/** What the shop decides about transitions (shop settings). */
export interface ShopRules {
  /** A paid counter sale waits for the customer's 1–5 star rating (docs/ORDERS.md "Ratings"). */
  askForRatings: boolean
}

/** The shop's default: a counter sale is finished once paid. */
export const defaultShopRules: ShopRules = { askForRatings: false }

/**
 * Where a paid order goes: a delivery waits to be shipped; a counter pickup is finished, or waits
 * for its rating when the shop asks for ratings.
 */
function paidStatus(fulfilment: Fulfilment, rules: ShopRules): OrderStatus {
  if (fulfilment === 'delivery') return UNSHIPPED
  return rules.askForRatings ? UNREVIEWED : FINISHED
}

const allowedFrom: Record<OrderAction, readonly OrderStatus[]> = {
  pay: [UNPAID],
  payAfterCancel: [CANCELLED],
  ship: [UNSHIPPED],
  receive: [UNRECEIVED],
  review: [UNREVIEWED],
  skipReview: [UNREVIEWED],
  cancel: [UNPAID],
  expire: [UNPAID],
  refundFull: paidStatuses,
}

export function canApply(status: OrderStatus, action: OrderAction): boolean {
  return allowedFrom[action].includes(status)
}

export function nextStatus(
  order: { status: OrderStatus; fulfilment: Fulfilment },
  action: OrderAction,
  rules: ShopRules = defaultShopRules,
): OrderStatus {
  if (!canApply(order.status, action)) {
    throw new PosError('ILLEGAL_TRANSITION', undefined, { status: order.status, action })
  }
  switch (action) {
    case 'pay':
    case 'payAfterCancel':
      return paidStatus(order.fulfilment, rules)
    case 'ship':
      return UNRECEIVED
    case 'receive':
      return UNREVIEWED
    case 'review':
    case 'skipReview':
      return FINISHED
    case 'cancel':
    case 'expire':
      return CANCELLED
    case 'refundFull':
      return REFUNDED
  }
}

/** Actions a user may start on an order in this status (the buttons on the order list). */
export function availableActions(status: OrderStatus): OrderAction[] {
  const manual: OrderAction[] = ['pay', 'cancel', 'ship', 'receive', 'review', 'refundFull']
  return manual.filter((action) => canApply(status, action))
}
