// An Alipay attempt (QR or barcode): its row with a deadline, and what follows a start whose
// answer was not a clear yes.
import { PosError } from '../../src-shared/errors'
import { PayMethod } from '../../src-shared/order-status'
import type { AlipayGateway, GatewayAnswer } from '../alipay/client/alipay-gateway'
import type { Actor } from '../core/core'
import { dbErrorKind } from '../db/errors'
import type { OrderRow, PaymentChannel, PaymentRow } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { appendOrderEvent } from '../orders/orders.repository'
import { nextOutTradeNo, type PaymentContext } from './payment-attempts'
import type { RequestKey } from './payment-keys'
import { findPayment, insertPayment } from './payments.repository'
import { settleUnpaid } from './settle'
import { requireOpenShift } from '../shifts/open-shift'

export function requireGateway({ gateway }: PaymentContext): AlipayGateway {
  if (!gateway)
    throw new PosError(
      'PAY_METHOD_UNAVAILABLE',
      'Alipay is not set up on this till: an admin sets its app id and keys in the till settings (or POS_ALIPAY_SANDBOX=1 for the built-in sandbox, no real money).',
      { payMethod: PayMethod.ALIPAY },
    )
  return gateway
}

export function subjectOf(order: OrderRow): string {
  return `FreshTill 订单 ${order.order_no}`
}

export async function newAlipayAttempt(
  { core, options }: PaymentContext,
  order: OrderRow,
  actor: Actor,
  channel: PaymentChannel,
  /** Barcode: the click's idempotency key (payment-keys.ts). */
  requestKey?: RequestKey,
): Promise<PaymentRow> {
  const id = await writeTransaction(core.store, async (trx) => {
    const shiftId = await requireOpenShift(trx, core.store.kind, actor.tillId)
    const now = core.now()
    const outTradeNo = await nextOutTradeNo(trx, order)
    const id = await insertPayment(
      trx,
      {
        order_id: order.id,
        method: PayMethod.ALIPAY,
        channel,
        out_trade_no: outTradeNo,
        amount_fen: order.pay_fen,
        status: 'pending',
        deadline_at: now + (channel === 'barcode' ? options.barcodeWaitMs : options.qrTimeoutMs),
        shift_id: shiftId,
        ...requestKey,
      },
      now,
    )
    await appendOrderEvent(trx, {
      orderId: order.id,
      type: 'payment_started',
      actor: actor.username,
      at: now,
      detail: { paymentId: id, outTradeNo, channel, amountFen: order.pay_fen },
    })
    return id
  }).catch((error: unknown) => {
    // Two tills starting an attempt at once chose the same number: the loser tries again. (The
    // same click twice is found by its key: payment-keys.ts looks it up after this refusal.)
    if (dbErrorKind(error) === 'duplicate-key')
      throw new PosError('PAYMENT_PENDING', 'Another payment of this order is starting. Try again.')
    throw error
  })
  return (await findPayment(core.store.db, id)) as PaymentRow
}

/**
 * After a start whose answer was not a clear yes: only a refusal ends the attempt. An unknown
 * outcome never fails it — the trade may exist — so it is queried and followed by a poller, which
 * cancels it only when its deadline passes.
 */
export async function afterUnclearStart(
  { core, trades }: PaymentContext,
  payment: PaymentRow,
  answer: GatewayAnswer,
): Promise<never> {
  if (answer.kind === 'refused') {
    await settleUnpaid(core, payment, 'failed', trades.system, {
      code: answer.code,
      subCode: answer.subCode,
      subMsg: answer.subMsg,
      reason: answer.reason,
    })
    throw new PosError('PAYMENT_FAILED', answer.reason, { subCode: answer.subCode, reason: answer.reason })
  }
  trades.watch(payment.id)
  const found = await trades.check(payment.id).catch(() => 'pending' as const)
  if (found === 'paid' || found === 'settled')
    throw new PosError('PAYMENT_PENDING', 'The payment went through; check the order status.', {
      paymentId: payment.id,
    })
  if (answer.kind === 'unknown') throw new PosError(answer.error, undefined, { paymentId: payment.id })
  throw new PosError('PAYMENT_PENDING', undefined, { paymentId: payment.id })
}
