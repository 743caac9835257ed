// alipay.trade.precreate: a QR code the customer scans, good until the attempt's deadline.
import QRCode from 'qrcode'
import type { AlipayQrView } from '../../src-shared/contract'
import { isSucceeded } from '../alipay/client/alipay-gateway'
import type { Actor } from '../core/core'
import type { PaymentRow } from '../db/schema'
import { afterUnclearStart, newAlipayAttempt, requireGateway, subjectOf } from './alipay-attempt'
import { type PaymentContext, unpaidOrder } from './payment-attempts'
import { noteGatewayAnswer, paymentsOfOrder, saveQrCode, toAttemptView } from './payments.repository'

export async function startAlipayQr(
  context: PaymentContext,
  actor: Actor,
  orderId: number,
  /** The part to pay (split tender); the rest of what is owed when absent. */
  amountFen?: number,
): Promise<AlipayQrView> {
  const { core, options, trades } = context
  const gateway = requireGateway(context)
  const order = await unpaidOrder(core, actor, orderId)
  const now = core.now()
  // The pay screen opened again: the code already shown is still good, if it is for the amount asked.
  const shown = (await paymentsOfOrder(core.store.db, order.id)).find(
    (p) =>
      p.status === 'pending' &&
      p.channel === 'qr' &&
      p.qr_code &&
      (p.deadline_at ?? 0) > now &&
      // The rest, when no part is asked: a code for more than that (a part was paid meanwhile) is not.
      p.amount_fen === (amountFen ?? order.pay_fen - order.paid_fen),
  )
  if (shown) return qrView(shown)

  const payment = await newAlipayAttempt(context, order, actor, 'qr', undefined, amountFen)
  const answer = await gateway.precreate({
    outTradeNo: payment.out_trade_no,
    amountFen: payment.amount_fen,
    subject: subjectOf(order),
    timeoutMinutes: Math.max(1, Math.ceil(options.qrTimeoutMs / 60_000)),
    operatorId: actor.username,
    notifyUrl: options.notifyUrl,
  })
  await noteGatewayAnswer(core.store.db, payment.id, answer, core.now())
  const qrCode = isSucceeded(answer) ? answer.body.qrCode : undefined
  if (typeof qrCode === 'string' && qrCode) {
    await saveQrCode(core.store.db, payment.id, qrCode)
    trades.watch(payment.id)
    return qrView({ ...payment, qr_code: qrCode })
  }
  return afterUnclearStart(context, payment, answer)
}

async function qrView(payment: PaymentRow): Promise<AlipayQrView> {
  const qrCode = payment.qr_code as string
  const qrImage = await QRCode.toDataURL(qrCode, { errorCorrectionLevel: 'M', margin: 1, width: 320 })
  return { ...toAttemptView(payment), qrCode, qrImage, expiresAt: payment.deadline_at ?? 0 }
}
