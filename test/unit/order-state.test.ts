import { describe, expect, it } from 'vitest'
import { PosError } from '../../src-shared/errors'
import { availableActions, canApply, nextStatus, type OrderAction } from '../../src-shared/order-state'
import { type Fulfilment, isPaid, OrderStatus, orderStatuses } from '../../src-shared/order-status'

const { UNPAID, UNSHIPPED, UNRECEIVED, UNREVIEWED, FINISHED, CANCELLED, REFUNDED } = OrderStatus

const actions: OrderAction[] = [
  'pay',
  'payAfterCancel',
  'ship',
  'receive',
  'review',
  'skipReview',
  'cancel',
  'expire',
  'refundFull',
]
const fulfilments: Fulfilment[] = ['pickup', 'delivery']

// docs/ORDERS.md: every allowed (status, action, fulfilment) → next status. Anything else is illegal.
const allowed: [OrderStatus, OrderAction, Fulfilment, OrderStatus][] = [
  // paid: a delivery waits to be shipped, a counter pickup is finished (the shop's default: no
  // ratings asked; see the rules below)
  [UNPAID, 'pay', 'delivery', UNSHIPPED],
  [UNPAID, 'pay', 'pickup', FINISHED],
  // paid after it expired, stock taken again: the same split
  [CANCELLED, 'payAfterCancel', 'delivery', UNSHIPPED],
  [CANCELLED, 'payAfterCancel', 'pickup', FINISHED],
  [UNSHIPPED, 'ship', 'delivery', UNRECEIVED],
  [UNSHIPPED, 'ship', 'pickup', UNRECEIVED],
  [UNRECEIVED, 'receive', 'delivery', UNREVIEWED],
  [UNRECEIVED, 'receive', 'pickup', UNREVIEWED],
  [UNREVIEWED, 'review', 'pickup', FINISHED],
  [UNREVIEWED, 'review', 'delivery', FINISHED],
  [UNREVIEWED, 'skipReview', 'pickup', FINISHED],
  [UNREVIEWED, 'skipReview', 'delivery', FINISHED],
  [UNPAID, 'cancel', 'pickup', CANCELLED],
  [UNPAID, 'cancel', 'delivery', CANCELLED],
  [UNPAID, 'expire', 'pickup', CANCELLED],
  [UNPAID, 'expire', 'delivery', CANCELLED],
  ...([UNSHIPPED, UNRECEIVED, UNREVIEWED, FINISHED] as const).flatMap((from) =>
    fulfilments.map((f): [OrderStatus, OrderAction, Fulfilment, OrderStatus] => [from, 'refundFull', f, REFUNDED]),
  ),
]

const key = (status: OrderStatus, action: OrderAction, fulfilment: Fulfilment) => `${status}/${action}/${fulfilment}`
const allowedKeys = new Set(allowed.map(([s, a, f]) => key(s, a, f)))

describe('order status transitions', () => {
  it.each(allowed)('status %i --%s--> (%s) %i', (status, action, fulfilment, to) => {
    expect(canApply(status, action)).toBe(true)
    expect(nextStatus({ status, fulfilment }, action)).toBe(to)
  })

  const illegal = orderStatuses.flatMap((status) =>
    actions.flatMap((action) =>
      fulfilments
        .filter((f) => !allowedKeys.has(key(status, action, f)))
        .map((f): [OrderStatus, OrderAction, Fulfilment] => [status, action, f]),
    ),
  )

  it('when the shop asks for ratings a paid counter sale waits for its review; a delivery is unchanged', () => {
    const asking = { askForRatings: true }
    expect(nextStatus({ status: UNPAID, fulfilment: 'pickup' }, 'pay', asking)).toBe(UNREVIEWED)
    expect(nextStatus({ status: CANCELLED, fulfilment: 'pickup' }, 'payAfterCancel', asking)).toBe(UNREVIEWED)
    expect(nextStatus({ status: UNPAID, fulfilment: 'delivery' }, 'pay', asking)).toBe(UNSHIPPED)
    expect(nextStatus({ status: UNRECEIVED, fulfilment: 'delivery' }, 'receive', asking)).toBe(UNREVIEWED)
    expect(nextStatus({ status: UNPAID, fulfilment: 'pickup' }, 'pay', { askForRatings: false })).toBe(FINISHED)
  })

  it('the table covers every status × action × fulfilment (allowed + illegal = all)', () => {
    expect(allowed.length + illegal.length).toBe(orderStatuses.length * actions.length * fulfilments.length)
    expect(illegal.length).toBeGreaterThan(80)
  })

  it.each(illegal)('status %i --%s--> (%s) is ILLEGAL_TRANSITION', (status, action, fulfilment) => {
    expect(canApply(status, action)).toBe(false)
    let thrown: unknown
    try {
      nextStatus({ status, fulfilment }, action)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(PosError)
    expect((thrown as PosError).code).toBe('ILLEGAL_TRANSITION')
    expect((thrown as PosError).details).toEqual({ status, action })
  })

  it('an unpaid order cannot be finished by reviewing it (the original bug)', () => {
    expect(() => nextStatus({ status: UNPAID, fulfilment: 'pickup' }, 'review')).toThrow(PosError)
    expect(() => nextStatus({ status: UNPAID, fulfilment: 'pickup' }, 'skipReview')).toThrow(PosError)
  })

  it('finished, cancelled and refunded orders cannot be cancelled or paid again', () => {
    for (const status of [FINISHED, CANCELLED, REFUNDED]) {
      expect(canApply(status, 'cancel')).toBe(false)
      expect(canApply(status, 'pay')).toBe(false)
    }
    expect(availableActions(REFUNDED)).toEqual([])
  })

  it('offers the order list exactly the buttons its status allows', () => {
    expect(availableActions(UNPAID).sort()).toEqual(['cancel', 'pay'])
    expect(availableActions(UNSHIPPED).sort()).toEqual(['refundFull', 'ship'])
    expect(availableActions(UNRECEIVED).sort()).toEqual(['receive', 'refundFull'])
    expect(availableActions(UNREVIEWED).sort()).toEqual(['refundFull', 'review'])
    expect(availableActions(FINISHED)).toEqual(['refundFull'])
    expect(availableActions(CANCELLED)).toEqual([])
  })
})

describe('isPaid', () => {
  // Written out by hand, not derived from paidStatuses, so that a change to the list shows here.
  const expected: Record<OrderStatus, boolean> = {
    [UNPAID]: false,
    [UNSHIPPED]: true,
    [UNRECEIVED]: true,
    [UNREVIEWED]: true,
    [FINISHED]: true,
    [CANCELLED]: false,
    [REFUNDED]: false,
  }

  it.each(orderStatuses)('status %i', (status) => {
    expect(isPaid(status)).toBe(expected[status])
  })

  it('is false for a number that is no status', () => {
    for (const status of [0, 8, -1, 2.5]) expect(isPaid(status)).toBe(false)
  })

  it('is exactly where a full refund may start', () => {
    for (const status of orderStatuses) expect(canApply(status, 'refundFull')).toBe(isPaid(status))
  })
})
