import type { PaymentStatusView } from '../../src-shared/contract'
import { isPaid } from '../../src-shared/order-status'
import type { Actor, Core } from '../core/core'
import { findOrderFor } from '../orders/order-lifecycle.service'
import { paymentsOfOrder, toAttemptView } from './payments.repository'

/**
 * The order's amounts, its latest payment attempt (of a paid order: the payment that paid its
 * last part) and every attempt, for the pay screen of a split tender.
 */
export async function paymentStatus(core: Core, actor: Actor, orderId: number): Promise<PaymentStatusView> {
  const order = await findOrderFor(core, actor, orderId)
  const payments = await paymentsOfOrder(core.store.db, order.id)
  const latest = (isPaid(order.status) ? payments.findLast((p) => p.status === 'paid') : null) ?? payments.at(-1)
  return {
    orderId: order.id,
    orderStatus: order.status,
    payFen: order.pay_fen,
    paidFen: order.paid_fen,
    refundedFen: order.refunded_fen,
    payment: latest ? toAttemptView(latest) : null,
    payments: payments.map(toAttemptView),
  }
}
