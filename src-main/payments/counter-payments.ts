// Cash and card at the counter: paid in the same transaction that records the attempt.
import type { PaidView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { PayMethod } from '../../src-shared/order-status'
import type { Actor } from '../core/core'
import type { OrderRow, PaymentChannel, PaymentRow } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { loadOrderView } from '../orders/order-view'
import { nextOutTradeNo, type PaymentContext, unpaidOrder } from './payment-attempts'
import { findPayment, insertPayment, toAttemptView } from './payments.repository'
import { settlePaidIn } from './settle'

export async function payCash(
  context: PaymentContext,
  actor: Actor,
  orderId: number,
  tenderedFen: number,
): Promise<PaidView> {
  const order = await unpaidOrder(context.core, actor, orderId)
  if (tenderedFen < order.pay_fen) {
    throw new PosError('INVALID_INPUT', 'Less cash than the amount to pay.', {
      fields: { tenderedFen: `at least ${order.pay_fen} fen` },
    })
  }
  return payAtCounter(context, actor, order, 'cash', PayMethod.CASH, tenderedFen)
}

export async function payCard(context: PaymentContext, actor: Actor, orderId: number): Promise<PaidView> {
  const order = await unpaidOrder(context.core, actor, orderId)
  return payAtCounter(context, actor, order, 'card', PayMethod.CARD, null)
}

async function payAtCounter(
  { core, trades }: PaymentContext,
  actor: Actor,
  order: OrderRow,
  channel: PaymentChannel,
  method: PayMethod,
  tenderedFen: number | null,
): Promise<PaidView> {
  const paymentId = await writeTransaction(core.store, async (trx) => {
    const now = core.now()
    const outTradeNo = await nextOutTradeNo(trx, order)
    const id = await insertPayment(
      trx,
      {
        order_id: order.id,
        method,
        channel,
        out_trade_no: outTradeNo,
        amount_fen: order.pay_fen,
        status: 'pending',
        tendered_fen: tenderedFen,
      },
      now,
    )
    const payment = (await findPayment(trx, id)) as PaymentRow
    const outcome = await settlePaidIn(
      trx,
      core,
      payment,
      { totalFen: order.pay_fen, tradeNo: null, source: channel === 'cash' ? 'cash' : 'card' },
      actor,
    )
    // Only an unpaid order takes cash or card; anything else rolls the whole attempt back.
    if (outcome.kind !== 'paid' || outcome.afterCancel)
      throw new PosError('ILLEGAL_TRANSITION', 'The order is no longer unpaid.', { action: 'pay' })
    return id
  })
  // The customer paid at the counter: a QR code still on the display must not take money too.
  trades.closePendingTradesLater(order.id)
  const payment = (await findPayment(core.store.db, paymentId)) as PaymentRow
  return {
    order: await loadOrderView(core.store.db, order.id),
    payment: toAttemptView(payment),
    changeFen: tenderedFen === null ? 0 : tenderedFen - order.pay_fen,
  }
}
