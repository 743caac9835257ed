// Following pending Alipay trades (docs/PAYMENTS.md): a poller per pending payment until the trade is
// paid, closed, or its QR time is up (then it is cancelled). The gateway's word is taken only when
// its signature verified; a lost or unverifiable answer leaves the payment pending for the poller
// or the reconciliation to find out.
import { PayMethod } from '../../src-shared/order-status'
import type { AlipayGateway, GatewayAnswer, TradeState } from '../alipay/client/alipay-gateway'
import { tradeStateOf } from '../alipay/client/alipay-gateway'
import { type Actor, type Core, systemActor } from '../core/core'
import type { PaymentRow } from '../db/schema'
import { cancelAlipayTrade } from './alipay-trade-cancel'
import type { PaymentSettings } from './payment-options'
import { PaymentPoller } from './payment-poller'
import {
  findPayment,
  findPaymentByOutTradeNo,
  noteTradeExists,
  paymentsOfOrder,
  pendingPayments,
  recentlyEndedPayments,
  refundsOfOrder,
} from './payments.repository'
import { type PaidTrade, type SettleOutcome, settlePaid, settleUnpaid } from './settle'

/** How long after an attempt ended unpaid its trade is still asked about by the reconciliation. */
const lateMoneyWindowMs = 24 * 3600_000

/** What one look at a pending trade found. */
export type CheckResult = 'paid' | 'closed' | 'flagged' | 'pending' | 'settled'

export class PendingTrades {
  /** Who settles what Alipay says. */
  readonly system: Actor
  private readonly poller: PaymentPoller

  constructor(
    private readonly core: Core,
    private readonly gateway: AlipayGateway | null,
    private readonly options: PaymentSettings,
    /** Refunds the money of a payment that could not pay its order (set by the refund service). */
    private readonly autoRefund: (refundId: number) => Promise<unknown>,
  ) {
    this.system = { ...systemActor(core.config.tillId), username: 'alipay' }
    this.poller = new PaymentPoller(core.log, options, (paymentId) => this.check(paymentId))
  }

  /**
   * One look at a pending Alipay payment: query it and settle what the verified answer says;
   * past its deadline, cancel the trade. Safe to run from the poller, a notify and the
   * reconciliation at once.
   */
  async check(paymentId: number): Promise<CheckResult> {
    const payment = await findPayment(this.core.store.db, paymentId)
    if (!payment || payment.status !== 'pending') return 'settled'
    const gateway = this.gateway
    if (!gateway) return 'pending'
    const answer = await gateway.query(payment.out_trade_no)
    const found = await this.applyQuery(payment, answer)
    if (found !== 'pending') return found
    if (payment.deadline_at !== null && this.core.now() >= payment.deadline_at)
      return this.cancel(gateway, payment, 'the QR code timed out')
    return 'pending'
  }

  /**
   * A verified notify's fields: treated exactly like a query that answered them. A payment for an
   * attempt already given up (failed or closed) is late money, never dropped: it settles as any
   * payment does — the order paid if it still can be, else refunded automatically.
   */
  async notified(fields: Record<string, string>): Promise<'ok' | 'unknown'> {
    const payment = await findPaymentByOutTradeNo(this.core.store.db, fields.out_trade_no ?? '')
    if (!payment) return 'unknown'
    const state = tradeStateOf(fields)
    const open = payment.status === 'pending' || payment.status === 'failed' || payment.status === 'closed'
    if (open && (state?.status === 'TRADE_SUCCESS' || state?.status === 'TRADE_FINISHED')) {
      await this.settle(payment, { totalFen: state.totalFen, tradeNo: state.tradeNo, source: 'notify', answer: fields })
    } else if (payment.status === 'pending' && state?.status === 'TRADE_CLOSED') {
      await this.check(payment.id)
    }
    return 'ok'
  }

  /**
   * Every pending payment, looked at once and settled (at start-up, after a crash, and by
   * `pos payments reconcile`); those still pending are followed by pollers when polling is on.
   * Every Alipay attempt that ended unpaid in the last 24 hours is asked about too: a cancel may
   * have raced the customer's payment, and that money settles late rather than being dropped.
   */
  async reconcile(): Promise<{ checked: number; paid: number; closed: number; pending: number; latePaid: number }> {
    const result = { checked: 0, paid: 0, closed: 0, pending: 0, latePaid: 0 }
    const since = this.core.now() - lateMoneyWindowMs
    for (const payment of await recentlyEndedPayments(this.core.store.db, since)) {
      if (payment.method !== PayMethod.ALIPAY || !this.gateway) continue
      const found = await this.lookAgain(this.gateway, payment).catch((error: unknown) => {
        this.core.log.warn({ err: error, paymentId: payment.id }, 'asking about an ended payment failed')
        return 'pending' as const
      })
      if (found === 'paid') result.latePaid++
    }
    for (const payment of await pendingPayments(this.core.store.db)) {
      if (payment.method !== PayMethod.ALIPAY) continue
      result.checked++
      const found = await this.check(payment.id).catch((error: unknown) => {
        this.core.log.warn({ err: error, paymentId: payment.id }, 'reconciling a payment failed; it stays pending')
        return 'pending' as const
      })
      if (found === 'paid') result.paid++
      else if (found === 'closed') result.closed++
      else if (found === 'pending') {
        result.pending++
        this.watch(payment.id)
      }
    }
    return result
  }

  /**
   * The order was cancelled or expired: its pending Alipay trades are cancelled so that nobody
   * pays them any more (a trade paid meanwhile is settled instead, as paid after cancel).
   */
  async closePendingTrades(orderId: number, only?: 'qr', reason = 'the order was cancelled'): Promise<void> {
    for (const payment of await paymentsOfOrder(this.core.store.db, orderId)) {
      if (payment.status !== 'pending' || payment.method !== PayMethod.ALIPAY || !this.gateway) continue
      if (only && payment.channel !== only) continue
      const found = await this.applyQuery(payment, await this.gateway.query(payment.out_trade_no))
      if (found === 'pending' && (await this.cancel(this.gateway, payment, reason)) === 'pending')
        this.watch(payment.id)
    }
    // A cancelled split tender: its parts go back (written with the cancel, part-refunds.ts).
    if (only) return
    for (const refund of await refundsOfOrder(this.core.store.db, orderId))
      if (refund.status === 'pending' && refund.request_key === null) await this.autoRefund(refund.id)
  }

  /**
   * The cashier asks for another Alipay payment while QR codes of the order still hold the
   * amount: those codes are withdrawn — settled if the customer paid them, else cancelled — so
   * that no two codes ask for the same money. A barcode payment the buyer is confirming is left.
   */
  withdrawQrCodes(orderId: number): Promise<void> {
    return this.closePendingTrades(orderId, 'qr', 'another payment was asked for instead')
  }

  /** Runs `closePendingTrades` in the background, logging rather than throwing. */
  closePendingTradesLater(orderId: number): void {
    if (this.poller.closed) return
    this.poller.track(
      this.closePendingTrades(orderId).catch((error: unknown) =>
        this.core.log.warn({ err: error, orderId }, 'cancelling the pending trade failed; the poller retries'),
      ),
    )
  }

  /** Settles a paid trade; money the order cannot take is refunded in the background. */
  async settle(payment: PaymentRow, paid: PaidTrade): Promise<SettleOutcome> {
    const outcome = await settlePaid(this.core, payment.id, paid, this.system)
    if (outcome.kind === 'refundNeeded') {
      this.poller.track(
        this.autoRefund(outcome.refundId).catch((error: unknown) =>
          this.core.log.error(
            { err: error, refundId: outcome.refundId },
            'automatic refund failed; reconciliation retries',
          ),
        ),
      )
    }
    return outcome
  }

  watch(paymentId: number): void {
    this.poller.watch(paymentId)
  }

  /** Waits for the background work under way (cancels, automatic refunds, checks) to end. */
  idle(): Promise<void> {
    return this.poller.idle()
  }

  /** Stops every poller and waits for the checks under way. */
  close(): Promise<void> {
    return this.poller.close()
  }

  /** An attempt given up (failed or closed): only a verified paid trade changes anything. */
  private async lookAgain(gateway: AlipayGateway, payment: PaymentRow): Promise<CheckResult> {
    const answer = await gateway.query(payment.out_trade_no)
    const state = answer.kind === 'succeeded' ? tradeStateOf(answer.body) : null
    if (state?.status !== 'TRADE_SUCCESS' && state?.status !== 'TRADE_FINISHED') return 'settled'
    this.core.log.warn({ paymentId: payment.id, status: payment.status }, 'money came for a payment given up')
    return this.settleQueried(payment, state, answer)
  }

  /** A query said the trade is paid: settle it. */
  private async settleQueried(payment: PaymentRow, state: TradeState, answer: GatewayAnswer): Promise<CheckResult> {
    const outcome = await this.settle(payment, {
      totalFen: state.totalFen,
      tradeNo: state.tradeNo,
      source: 'query',
      answer,
    })
    return outcome.kind === 'flagged' ? 'flagged' : outcome.kind === 'already' ? 'settled' : 'paid'
  }

  private async applyQuery(payment: PaymentRow, answer: GatewayAnswer): Promise<CheckResult> {
    // ACQ.TRADE_NOT_EXIST: a QR code not scanned yet. Any other refusal or an unknown: look again later.
    if (answer.kind !== 'succeeded') {
      if (answer.kind === 'unknown' || answer.subCode !== 'ACQ.TRADE_NOT_EXIST')
        this.core.log.info({ paymentId: payment.id, answer }, 'payment query gave no usable answer; still pending')
      return 'pending'
    }
    const state = tradeStateOf(answer.body)
    if (state?.status === 'TRADE_SUCCESS' || state?.status === 'TRADE_FINISHED')
      return this.settleQueried(payment, state, answer)
    if (state?.status === 'TRADE_CLOSED') {
      return (await settleUnpaid(this.core, payment, 'closed', this.system, { reason: 'the trade was closed' }))
        ? 'closed'
        : 'settled'
    }
    if (state?.status === 'WAIT_BUYER_PAY' && state.tradeNo !== null)
      await noteTradeExists(this.core.store.db, payment.id, state.tradeNo)
    return 'pending'
  }

  private cancel(gateway: AlipayGateway, payment: PaymentRow, reason: string): Promise<CheckResult> {
    return cancelAlipayTrade(this.core, gateway, this.options, this.system, payment, reason)
  }
}
