// Taking payment for an order (docs/PAYMENTS.md): Alipay QR and barcode through the gateway, cash and
// card at the counter, and the pending Alipay trades followed until they are paid or closed.
// Each way of paying has its own file; this is the one object the handlers, the notify route and
// the order hooks talk to.
import type { AlipayQrView, PaidView, PaymentStatusView } from '../../src-shared/contract'
import type { AlipayGateway } from '../alipay/client/alipay-gateway'
import type { Actor, Core } from '../core/core'
import { payAlipayBarcode } from './alipay-barcode'
import { startAlipayQr } from './alipay-qr'
import { payCard, payCash } from './counter-payments'
import type { PaymentContext } from './payment-attempts'
import { type PaymentOptions, paymentSettings } from './payment-options'
import { paymentStatus } from './payment-status'
import { type CheckResult, PendingTrades } from './pending-trades'

export class PaymentService {
  private readonly context: PaymentContext
  private readonly trades: PendingTrades

  constructor(
    core: Core,
    gateway: AlipayGateway | null,
    options: PaymentOptions = {},
    /** Refunds the money of a payment that could not pay its order (set by the refund service). */
    autoRefund: (refundId: number) => Promise<unknown> = async () => undefined,
  ) {
    const settings = paymentSettings(options)
    this.trades = new PendingTrades(core, gateway, settings, autoRefund)
    this.context = { core, gateway, options: settings, trades: this.trades }
  }

  // ---- the counter ------------------------------------------------------------------------

  startAlipayQr(actor: Actor, orderId: number): Promise<AlipayQrView> {
    return startAlipayQr(this.context, actor, orderId)
  }

  payAlipayBarcode(actor: Actor, orderId: number, authCode: string): Promise<PaymentStatusView> {
    return payAlipayBarcode(this.context, actor, orderId, authCode)
  }

  payCash(actor: Actor, orderId: number, tenderedFen: number): Promise<PaidView> {
    return payCash(this.context, actor, orderId, tenderedFen)
  }

  payCard(actor: Actor, orderId: number): Promise<PaidView> {
    return payCard(this.context, actor, orderId)
  }

  status(actor: Actor, orderId: number): Promise<PaymentStatusView> {
    return paymentStatus(this.context.core, actor, orderId)
  }

  // ---- following pending trades (see pending-trades.ts) ---------------------------------------

  check(paymentId: number): Promise<CheckResult> {
    return this.trades.check(paymentId)
  }

  notified(fields: Record<string, string>): Promise<'ok' | 'unknown'> {
    return this.trades.notified(fields)
  }

  reconcile(): Promise<{ checked: number; paid: number; closed: number; pending: number }> {
    return this.trades.reconcile()
  }

  closePendingTrades(orderId: number): Promise<void> {
    return this.trades.closePendingTrades(orderId)
  }

  closePendingTradesLater(orderId: number): void {
    this.trades.closePendingTradesLater(orderId)
  }

  idle(): Promise<void> {
    return this.trades.idle()
  }

  close(): Promise<void> {
    return this.trades.close()
  }
}
