// A split tender given up: the customer paid a part and cannot pay the rest, and the cashier
// cancels the order. Its parts cannot pay it any more, so each goes back by itself through its
// own method — the same automatic refund (writeAutomaticRefund, below) as money that came for an
// order it cannot pay (settle.ts): written in the cancel's own transaction, sent after the commit
// (pending-trades.ts), and found again by the reconciliation should the till stop in between.
import type { Actor, Core } from '../core/core'
import type { PaymentRow } from '../db/schema'
import type { Trx } from '../db/transaction'
import { appendOrderEvent } from '../orders/orders.repository'
import { insertRefund, refundablePayments } from './payments.repository'

/** Writes an automatic refund of every part that paid the order; the refunds' total in fen. */
export async function refundPartsOfCancelled(trx: Trx, core: Core, orderId: number, actor: Actor): Promise<number> {
  const reason = 'part of an order that was cancelled before the rest was paid'
  const now = core.now()
  let totalFen = 0
  for (const { payment } of await refundablePayments(trx, orderId)) {
    await writeAutomaticRefund(trx, payment, reason, actor, now, {
      paymentId: payment.id,
      outTradeNo: payment.out_trade_no,
      method: payment.method,
      amountFen: payment.amount_fen,
    })
    totalFen += payment.amount_fen
  }
  return totalFen
}

/**
 * The one way money that cannot pay its order goes back: a refund row of the whole payment
 * (pending, no request key: the order's own figures are not touched) and a `payment_refunding`
 * event; the refund is sent after the commit. Returns the refund's id.
 */
export async function writeAutomaticRefund(
  trx: Trx,
  payment: PaymentRow,
  reason: string,
  actor: Actor,
  now: number,
  detail: Record<string, unknown>,
): Promise<number> {
  const refundId = await insertRefund(
    trx,
    {
      order_id: payment.order_id,
      payment_id: payment.id,
      out_request_no: `${payment.out_trade_no}_AR`,
      amount_fen: payment.amount_fen,
      reason,
      status: 'pending',
      request_key: null,
      restock: 0,
    },
    now,
  )
  await appendOrderEvent(trx, {
    orderId: payment.order_id,
    type: 'payment_refunding',
    actor: actor.username,
    at: now,
    detail: { ...detail, refundId, reason },
  })
  return refundId
}
