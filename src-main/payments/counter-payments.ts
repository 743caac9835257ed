// Cash and card at the counter: paid in the same transaction that records the attempt, with the
// click's idempotency key (payment-keys.ts): a repeat answers with the same receipt. Each is for
// the whole of what the order still owes or for a part of it (split tender); only the cash that
// pays the last of it may be more than its amount, and gives change.
import type { PaidView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { PayMethod } from '../../src-shared/order-status'
import type { Actor } from '../core/core'
import type { PaymentRow } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { loadOrderView } from '../orders/order-view'
import { attemptAmount, lockAmountDue, nextOutTradeNo, type PaymentContext, unpaidOrder } from './payment-attempts'
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
  /** The part this cash pays; everything still owed when absent. */
  amountFen?: number,
): Promise<PaidView> {
  const request: PaymentRequest = { channel: 'cash', orderId, tenderedFen, amountFen }
  return repeatable(
    context.core,
    idempotencyKey,
    request,
    async (requestKey) => {
      await unpaidOrder(context.core, actor, orderId)
      return payAtCounter(context, actor, orderId, { channel: 'cash', tenderedFen, amountFen }, requestKey)
    },
    (payment) => receipt(context, payment),
  )
}

export async function payCard(
  context: PaymentContext,
  actor: Actor,
  orderId: number,
  idempotencyKey: string,
  /** The part the card pays; everything still owed when absent. */
  amountFen?: number,
): Promise<PaidView> {
  return repeatable(
    context.core,
    idempotencyKey,
    { channel: 'card', orderId, amountFen },
    async (requestKey) => {
      await unpaidOrder(context.core, actor, orderId)
      return payAtCounter(context, actor, orderId, { channel: 'card', tenderedFen: null, amountFen }, requestKey)
    },
    (payment) => receipt(context, payment),
  )
}

interface CounterTender {
  channel: 'cash' | 'card'
  /** Cash: what the customer handed over. */
  tenderedFen: number | null
  amountFen: number | undefined
}

async function payAtCounter(
  { core, trades }: PaymentContext,
  actor: Actor,
  orderId: number,
  { channel, tenderedFen, amountFen }: CounterTender,
  requestKey: RequestKey,
): Promise<PaidView> {
  const method = channel === 'cash' ? PayMethod.CASH : PayMethod.CARD
  const paid = await writeTransaction(core.store, async (trx) => {
    const shiftId = await requireOpenShift(trx, core.store.kind, actor.tillId)
    // What is owed is read under the order's lock: two tills paying the rest at once cannot both take it.
    const due = await lockAmountDue(trx, core, orderId)
    const { order } = due
    const amount = attemptAmount(due, amountFen, true)
    // Money a pending Alipay code was waiting for is now paid here: that code must go.
    const closeCodes = amount > due.dueFen - due.reservedFen
    if (tenderedFen !== null) checkTender(tenderedFen, amount, due.dueFen)
    const now = core.now()
    const outTradeNo = await nextOutTradeNo(trx, order)
    const id = await insertPayment(
      trx,
      {
        order_id: order.id,
        method,
        channel,
        out_trade_no: outTradeNo,
        amount_fen: amount,
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
      { totalFen: amount, tradeNo: null, source: channel === 'cash' ? 'cash' : 'card' },
      actor,
    )
    // Only an unpaid order takes cash or card; anything else rolls the whole attempt back.
    if (outcome.kind !== 'partPaid' && (outcome.kind !== 'paid' || outcome.afterCancel))
      throw new PosError('ILLEGAL_TRANSITION', 'The order is no longer unpaid.', { action: 'pay' })
    return { id, closeCodes }
  })
  // The customer paid at the counter: a QR code still on the display must not take that money too.
  if (paid.closeCodes) trades.closePendingTradesLater(orderId)
  return receipt({ core }, (await findPayment(core.store.db, paid.id)) as PaymentRow)
}

/**
 * Cash must cover its amount; more than the amount (change) only from the cash that pays the
 * last of what is owed — change from a part would leave the drawer and the order disagreeing
 * about what was paid.
 */
function checkTender(tenderedFen: number, amountFen: number, dueFen: number): void {
  if (tenderedFen < amountFen)
    throw new PosError('INVALID_INPUT', 'Less cash than the amount to pay.', {
      fields: { tenderedFen: `at least ${amountFen} fen` },
    })
  if (tenderedFen > amountFen && amountFen < dueFen)
    throw new PosError('INVALID_INPUT', 'Change is given only by the cash that pays the rest of the order.', {
      fields: { tenderedFen: `exactly ${amountFen} fen for a part payment` },
    })
}

/** The receipt of a counter payment: the first answer, and the same one for every repeat. */
async function receipt({ core }: Pick<PaymentContext, 'core'>, payment: PaymentRow): Promise<PaidView> {
  return {
    order: await loadOrderView(core.store.db, payment.order_id),
    payment: toAttemptView(payment),
    changeFen: payment.tendered_fen === null ? 0 : payment.tendered_fen - payment.amount_fen,
  }
}
