// alipay.trade.pay: the cashier scans the customer's payment code; paid at once, or the buyer
// still confirms on the phone and the trade is followed.
import type { PaymentStatusView } from '../../src-shared/contract'
import { tradeStateOf } from '../alipay/client/alipay-gateway'
import type { Actor } from '../core/core'
import { afterUnclearStart, newAlipayAttempt, requireGateway, subjectOf } from './alipay-attempt'
import { type PaymentContext, unpaidOrder } from './payment-attempts'
import { repeatable, type RequestKey } from './payment-keys'
import { paymentStatus } from './payment-status'
import { noteGatewayAnswer } from './payments.repository'

export async function payAlipayBarcode(
  context: PaymentContext,
  actor: Actor,
  orderId: number,
  authCode: string,
  idempotencyKey: string,
  /** The part to pay (split tender); the rest of what is owed when absent. */
  amountFen?: number,
): Promise<PaymentStatusView> {
  // The same click again (its answer was unclear) is the same attempt: its status, not a second trade.
  return repeatable(
    context.core,
    idempotencyKey,
    { channel: 'barcode', orderId, authCode, amountFen },
    (requestKey, written) => startBarcodePayment(context, actor, { orderId, authCode, amountFen }, requestKey, written),
    (payment) => paymentStatus(context.core, actor, payment.order_id),
  )
}

async function startBarcodePayment(
  context: PaymentContext,
  actor: Actor,
  { orderId, authCode, amountFen }: { orderId: number; authCode: string; amountFen: number | undefined },
  requestKey: RequestKey,
  written: () => void,
): Promise<PaymentStatusView> {
  const { core, options, trades } = context
  const gateway = requireGateway(context)
  const order = await unpaidOrder(core, actor, orderId)
  const payment = await newAlipayAttempt(context, order, actor, 'barcode', requestKey, amountFen)
  written()
  const answer = await gateway.pay({
    outTradeNo: payment.out_trade_no,
    authCode,
    amountFen: payment.amount_fen,
    subject: subjectOf(order),
    operatorId: actor.username,
    notifyUrl: options.notifyUrl,
  })
  await noteGatewayAnswer(core.store.db, payment.id, answer, core.now())
  if (answer.kind === 'succeeded' && answer.code === '10000') {
    // Paid at once, as the answer says; the amount is the one Alipay reports (asked for if the answer lacks it).
    const state = tradeStateOf({ tradeStatus: 'TRADE_SUCCESS', ...answer.body })
    if (state?.totalFen != null)
      await trades.settle(payment, { totalFen: state.totalFen, tradeNo: state.tradeNo, source: 'pay', answer })
    else if ((await trades.check(payment.id)) === 'pending') trades.watch(payment.id)
    return paymentStatus(core, actor, orderId)
  }
  if (answer.kind === 'succeeded') {
    // The buyer confirms on the phone: follow the trade.
    trades.watch(payment.id)
    return paymentStatus(core, actor, orderId)
  }
  await afterUnclearStart(context, payment, answer)
  return paymentStatus(core, actor, orderId)
}
