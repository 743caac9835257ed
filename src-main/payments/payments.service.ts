// Taking payment for an order (docs/PAYMENTS.md): Alipay QR and barcode through the gateway, cash and card at the
// counter, and the pending Alipay trades followed until they are paid or closed. Each way of
// paying has its own file of functions taking the PaymentContext; this binds them to one context,
// the one object the handlers, the notify handler and the order hooks talk to.
import type { AlipayQrView, BillMatchView, PaidView, PaymentStatusView } from '../../src-shared/contract'
import type { Actor } from '../core/core'
import { requireGateway } from './alipay-attempt'
import { payAlipayBarcode } from './alipay-barcode'
import { matchDayOrThrow } from './bill-matching.service'
import { startAlipayQr } from './alipay-qr'
import { payCard, payCash } from './counter-payments'
import type { PaymentContext } from './payment-attempts'
import { paymentStatus } from './payment-status'
import type { CheckResult } from './pending-trades'

export interface PaymentService {
  // ---- the counter ------------------------------------------------------------------------
  // `amountFen`: the part to pay (split tender); everything still owed when absent.
  startAlipayQr(actor: Actor, orderId: number, amountFen?: number): Promise<AlipayQrView>
  payAlipayBarcode(
    actor: Actor,
    orderId: number,
    authCode: string,
    idempotencyKey: string,
    amountFen?: number,
  ): Promise<PaymentStatusView>
  payCash(
    actor: Actor,
    orderId: number,
    tenderedFen: number,
    idempotencyKey: string,
    amountFen?: number,
  ): Promise<PaidView>
  payCard(actor: Actor, orderId: number, idempotencyKey: string, amountFen?: number): Promise<PaidView>
  status(actor: Actor, orderId: number): Promise<PaymentStatusView>
  // ---- following pending trades (see pending-trades.ts) ---------------------------------------
  check(paymentId: number): Promise<CheckResult>
  notified(fields: Record<string, string>): Promise<'ok' | 'unknown'>
  reconcile(): Promise<{ checked: number; paid: number; closed: number; pending: number; latePaid: number }>
  closePendingTrades(orderId: number): Promise<void>
  closePendingTradesLater(orderId: number): void
  // ---- the daily bill (see bill-matching.service.ts) ------------------------------------------
  matchDay(billDate: string): Promise<BillMatchView>
  idle(): Promise<void>
  close(): Promise<void>
}

export function paymentService(context: PaymentContext): PaymentService {
  const { trades } = context
  return {
    startAlipayQr: (actor, orderId, amountFen) => startAlipayQr(context, actor, orderId, amountFen),
    payAlipayBarcode: (actor, orderId, authCode, key, amountFen) =>
      payAlipayBarcode(context, actor, orderId, authCode, key, amountFen),
    payCash: (actor, orderId, tenderedFen, key, amountFen) =>
      payCash(context, actor, orderId, tenderedFen, key, amountFen),
    payCard: (actor, orderId, key, amountFen) => payCard(context, actor, orderId, key, amountFen),
    status: (actor, orderId) => paymentStatus(context.core, actor, orderId),
    check: (paymentId) => trades.check(paymentId),
    notified: (fields) => trades.notified(fields),
    reconcile: () => trades.reconcile(),
    closePendingTrades: (orderId) => trades.closePendingTrades(orderId),
    closePendingTradesLater: (orderId) => trades.closePendingTradesLater(orderId),
    matchDay: (billDate) => matchDayOrThrow(context.core, requireGateway(context), billDate),
    idle: () => trades.idle(),
    close: () => trades.close(),
  }
}
