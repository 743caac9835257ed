// What every way of paying shares: the order must be unpaid, and each attempt gets the next
// out_trade_no of that order.
import { PosError } from '../../src-shared/errors'
import { OrderStatus } from '../../src-shared/order-status'
import type { AlipayGateway } from '../alipay/client/alipay-gateway'
import type { Actor, Core } from '../core/core'
import type { OrderRow } from '../db/schema'
import { findOrderFor } from '../orders/order-lifecycle.service'
import type { PaymentSettings } from './payment-options'
import { paymentsOfOrder } from './payments.repository'
import type { PendingTrades } from './pending-trades'

/** What taking a payment works with. */
export interface PaymentContext {
  core: Core
  gateway: AlipayGateway | null
  options: PaymentSettings
  trades: PendingTrades
}

export async function unpaidOrder(core: Core, actor: Actor, orderId: number): Promise<OrderRow> {
  const order = await findOrderFor(core, actor, orderId)
  if (order.status !== OrderStatus.UNPAID)
    throw new PosError('ILLEGAL_TRANSITION', 'The order is not waiting for payment.', {
      status: order.status,
      action: 'pay',
    })
  return order
}

/** out_trade_no: the order number and the attempt's number — at most 32 + 4 of [A-Za-z0-9_]. */
export async function nextOutTradeNo(trx: Parameters<typeof paymentsOfOrder>[0], order: OrderRow): Promise<string> {
  const attempts = await paymentsOfOrder(trx, order.id)
  return `${order.order_no}_${attempts.length + 1}`
}
