// What every way of paying shares: the order must be unpaid, each attempt is for at most what the
// order still owes (split tender: several payments, each for a part), and each attempt gets the
// next out_trade_no of that order.
import { PosError } from '../../src-shared/errors'
import { OrderStatus } from '../../src-shared/order-status'
import type { AlipayGateway } from '../alipay/client/alipay-gateway'
import type { Actor, Core } from '../core/core'
import type { OrderRow } from '../db/schema'
import type { Trx } from '../db/transaction'
import { findOrderFor } from '../orders/order-lifecycle.service'
import type { PaymentSettings } from './payment-options'
import { paymentsOfOrder } from './payments.repository'
import type { PendingTrades } from './pending-trades'
import { lockOrder } from './settle'

/** What taking a payment works with. */
export interface PaymentContext {
  core: Core
  gateway: AlipayGateway | null
  options: PaymentSettings
  trades: PendingTrades
}

export async function unpaidOrder(core: Core, actor: Actor, orderId: number): Promise<OrderRow> {
  return waitingForPayment(await findOrderFor(core, actor, orderId))
}

/** The order itself if it waits for payment; ILLEGAL_TRANSITION otherwise. */
function waitingForPayment(order: OrderRow): OrderRow {
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

/** What an unpaid order still owes, read under its lock (settle.ts lockOrder). */
export interface AmountDue {
  order: OrderRow
  /** pay_fen less what its settled payments paid. */
  dueFen: number
  /** Held by its Alipay attempts still pending: the customer may be paying them right now. */
  reservedFen: number
}

/** The order locked and what it still owes; ILLEGAL_TRANSITION unless it is unpaid. */
export async function lockAmountDue(trx: Trx, core: Core, orderId: number): Promise<AmountDue> {
  const order = waitingForPayment(await lockOrder(trx, core, orderId))
  const pending = (await paymentsOfOrder(trx, order.id)).filter((p) => p.status === 'pending')
  return {
    order,
    dueFen: order.pay_fen - order.paid_fen,
    reservedFen: pending.reduce((sum, p) => sum + p.amount_fen, 0),
  }
}

/**
 * The amount of a new attempt: the part asked for, or everything it may take. An Alipay attempt
 * may take only what no pending Alipay attempt holds, so two tills (or two screens) cannot both
 * ask the customer for the whole rest. Cash and card settle at once under the order's lock and
 * may take what a pending Alipay code holds: that code is then cancelled (pending-trades.ts), and
 * its money, should it come anyway, goes back by itself (settle.ts).
 */
export function attemptAmount(due: AmountDue, asked: number | undefined, counter: boolean): number {
  const reservedFen = counter ? 0 : due.reservedFen
  const free = due.dueFen - reservedFen
  const amountFen = asked ?? free
  if (amountFen < 1 || amountFen > free)
    throw new PosError('AMOUNT_EXCEEDS_DUE', undefined, { dueFen: due.dueFen, reservedFen, amountFen })
  return amountFen
}
