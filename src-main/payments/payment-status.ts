import type { PaymentStatusView } from '../../src-shared/contract'
import type { Actor, Core } from '../core/core'
import { findOrderFor } from '../orders/order-lifecycle.service'
import { paymentsOfOrder, toAttemptView } from './payments.repository'

/** The order's amounts and its latest payment attempt (the paid one, if any). */
export async function paymentStatus(core: Core, actor: Actor, orderId: number): Promise<PaymentStatusView> {
  const order = await findOrderFor(core, actor, orderId)
  const payments = await paymentsOfOrder(core.store.db, order.id)
  const latest = payments.find((p) => p.status === 'paid') ?? payments.at(-1)
  return {
    orderId: order.id,
    orderStatus: order.status,
    payFen: order.pay_fen,
    paidFen: order.paid_fen,
    refundedFen: order.refunded_fen,
    payment: latest ? toAttemptView(latest) : null,
  }
}
