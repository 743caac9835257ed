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

/** Where a paid order goes: a delivery waits to be shipped, a counter pickup waits for its review. */
function paidStatus(fulfilment: Fulfilment): OrderStatus {
  return fulfilment === 'delivery' ? UNSHIPPED : UNREVIEWED
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

export function nextStatus(order: { status: OrderStatus; fulfilment: Fulfilment }, action: OrderAction): OrderStatus {
  if (!canApply(order.status, action)) {
    throw new PosError('ILLEGAL_TRANSITION', undefined, { status: order.status, action })
  }
  switch (action) {
    case 'pay':
    case 'payAfterCancel':
      return paidStatus(order.fulfilment)
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
