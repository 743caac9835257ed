// Cash and card at the counter: paid in the same transaction that records the attempt, with the
// click's idempotency key (payment-keys.ts): a repeat answers with the same receipt.
import type { PaidView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { PayMethod } from '../../src-shared/order-status'
import type { Actor } from '../core/core'
import type { OrderRow, PaymentRow } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { loadOrderView } from '../orders/order-view'
import { nextOutTradeNo, type PaymentContext, unpaidOrder } from './payment-attempts'
import { type PaymentRequest, repeatable, type RequestKey } from './payment-keys'
import { findPayment, insertPayment, toAttemptView } from './payments.repository'
import { settlePaidIn } from './settle'
import { requireOpenShift } from '../shifts/open-shift'

export async function payCash(
  context: PaymentContext,
  actor: Actor,
  orderId: number,
  tenderedFen: number,
  idempotencyKey: string,
): Promise<PaidView> {
  const request: PaymentRequest = { channel: 'cash', orderId, tenderedFen }
  return repeatable(
    context.core,
    idempotencyKey,
    request,
    async (requestKey) => {
      const order = await unpaidOrder(context.core, actor, orderId)
      if (tenderedFen < order.pay_fen) {
        throw new PosError('INVALID_INPUT', 'Less cash than the amount to pay.', {
          fields: { tenderedFen: `at least ${order.pay_fen} fen` },
        })
      }
      return payAtCounter(context, actor, order, 'cash', tenderedFen, requestKey)
    },
    (payment) => receipt(context, payment),
  )
}

export async function payCard(
  context: PaymentContext,
  actor: Actor,
  orderId: number,
  idempotencyKey: string,
): Promise<PaidView> {
  return repeatable(
    context.core,
    idempotencyKey,
    { channel: 'card', orderId },
    async (requestKey) => {
      const order = await unpaidOrder(context.core, actor, orderId)
      return payAtCounter(context, actor, order, 'card', null, requestKey)
    },
    (payment) => receipt(context, payment),
  )
}

async function payAtCounter(
  { core, trades }: PaymentContext,
  actor: Actor,
  order: OrderRow,
  channel: 'cash' | 'card',
  tenderedFen: number | null,
  requestKey: RequestKey,
): Promise<PaidView> {
  const method = channel === 'cash' ? PayMethod.CASH : PayMethod.CARD
  const paymentId = await writeTransaction(core.store, async (trx) => {
    const shiftId = await requireOpenShift(trx, core.store.kind, actor.tillId)
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
        shift_id: shiftId,
        ...requestKey,
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
  return receipt({ core }, (await findPayment(core.store.db, paymentId)) as PaymentRow)
}

/** The receipt of a counter payment: the first answer, and the same one for every repeat. */
async function receipt({ core }: Pick<PaymentContext, 'core'>, payment: PaymentRow): Promise<PaidView> {
  return {
    order: await loadOrderView(core.store.db, payment.order_id),
    payment: toAttemptView(payment),
    changeFen: payment.tendered_fen === null ? 0 : payment.tendered_fen - payment.amount_fen,
  }
}
