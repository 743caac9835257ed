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
import { attemptAmount, lockAmountDue, nextOutTradeNo, type PaymentContext } from './payment-attempts'
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
  context: PaymentContext,
  order: OrderRow,
  actor: Actor,
  channel: PaymentChannel,
  requestKey: RequestKey | undefined,
  amountFen: number | undefined,
): Promise<PaymentRow> {
  try {
    return await writeAlipayAttempt(context, order, actor, channel, requestKey, amountFen)
  } catch (error) {
    // It would fit but for a QR code still pending (shown earlier, or whose start was unclear):
    // the code is withdrawn first, then this is asked again once. A code that cannot be cancelled
    // yet keeps its amount, and a barcode payment the buyer is confirming always does.
    if (!heldByPending(error)) throw error
    await context.trades.withdrawQrCodes(order.id)
    return writeAlipayAttempt(context, order, actor, channel, requestKey, amountFen)
  }
}

function heldByPending(error: unknown): boolean {
  if (!(error instanceof PosError) || error.code !== 'AMOUNT_EXCEEDS_DUE') return false
  const { dueFen = 0, reservedFen = 0, amountFen = 0 } = error.details as Record<string, number | undefined>
  return reservedFen > 0 && amountFen <= dueFen
}

async function writeAlipayAttempt(
  { core, options }: PaymentContext,
  order: OrderRow,
  actor: Actor,
  channel: PaymentChannel,
  /** Barcode: the click's idempotency key (payment-keys.ts). */
  requestKey: RequestKey | undefined,
  /** The part to pay; everything still owed and not held by another pending attempt when absent. */
  amountFen: number | undefined,
): Promise<PaymentRow> {
  const id = await writeTransaction(core.store, async (trx) => {
    const shiftId = await requireOpenShift(trx, core.store.kind, actor.tillId)
    // Under the order's lock, counting the pending attempts: each holds its amount until it ends.
    const amount = attemptAmount(await lockAmountDue(trx, core, order.id), amountFen, false)
    const now = core.now()
    const outTradeNo = await nextOutTradeNo(trx, order)
    const id = await insertPayment(
      trx,
      {
        order_id: order.id,
        method: PayMethod.ALIPAY,
        channel,
        out_trade_no: outTradeNo,
        amount_fen: amount,
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
      detail: { paymentId: id, outTradeNo, channel, amountFen: amount },
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
