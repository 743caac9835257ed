// Taking payment for an order (SPEC §4.5): Alipay QR and barcode through the gateway, cash and
// card at the counter. Alipay attempts are followed by a poller per pending payment (timers with
// back-off, never a blocking loop) until the trade is paid, closed, or its QR time is up (then it
// is cancelled). The gateway's word is taken only when its signature verified; a lost or
// unverifiable answer leaves the payment pending for the poller or the reconciliation to find out.
import QRCode from 'qrcode'
import type { AlipayQrView, PaidView, PaymentStatusView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { OrderStatus, PayMethod } from '../../src-shared/order-status'
import type { AlipayGateway, GatewayAnswer } from '../alipay/client/alipay-gateway'
import { isSuccess, tradeStateOf } from '../alipay/client/alipay-gateway'
import { type Actor, type Core, systemActor } from '../core/core'
import { dbErrorKind } from '../db/errors'
import type { OrderRow, PaymentChannel, PaymentRow } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { findOrderFor } from '../orders/order-lifecycle.service'
import { loadOrderView } from '../orders/order-view'
import { appendOrderEvent } from '../orders/orders.repository'
import { findPayment, findPaymentByOutTradeNo, insertPayment, noteGatewayAnswer, paymentsOfOrder, pendingPayments, toAttemptView } from './payments.repository'
import { type PaidTrade, type SettleOutcome, settlePaid, settlePaidIn, settleUnpaid } from './settle'

export interface PaymentOptions {
  /** First wait between queries of a pending trade; doubles up to pollMaxMs. */
  pollInitialMs?: number
  pollMaxMs?: number
  /** How long a QR code (or a barcode payment waiting for the password) may be paid. */
  qrTimeoutMs?: number
  /** Tries of alipay.trade.cancel while its answer says retry_flag Y or cannot be had. */
  cancelAttempts?: number
  cancelRetryMs?: number
  /** Where Alipay posts notices; none when the till has no public address. */
  notifyUrl?: string | null
  /** Follow pending payments with pollers (the app does; a one-off command does not). */
  poll?: boolean
}

const defaults = { pollInitialMs: 1000, pollMaxMs: 8000, qrTimeoutMs: 5 * 60_000, cancelAttempts: 4, cancelRetryMs: 1000 }

/** What one look at a pending trade found. */
export type CheckResult = 'paid' | 'closed' | 'flagged' | 'pending' | 'settled'

export class PaymentService {
  private readonly options: typeof defaults & PaymentOptions
  private readonly polls = new Map<number, NodeJS.Timeout>()
  private readonly running = new Set<Promise<unknown>>()
  private closed = false
  private readonly system: Actor

  constructor(
    private readonly core: Core,
    private readonly gateway: AlipayGateway | null,
    options: PaymentOptions = {},
    /** Refunds the money of a payment that could not pay its order (set by the refund service). */
    private readonly autoRefund: (refundId: number) => Promise<unknown> = async () => undefined,
  ) {
    this.options = { ...defaults, ...options }
    this.system = { ...systemActor(core.config.tillId), username: 'alipay' }
  }

  // ---- the counter ------------------------------------------------------------------------

  async startAlipayQr(actor: Actor, orderId: number): Promise<AlipayQrView> {
    const gateway = this.requireGateway()
    const order = await this.unpaidOrder(actor, orderId)
    const now = this.core.now()
    // The pay screen opened again: the code already shown is still good.
    const shown = (await paymentsOfOrder(this.core.store.db, order.id)).find((p) => p.status === 'pending' && p.channel === 'qr' && p.qr_code && (p.deadline_at ?? 0) > now)
    if (shown) return qrView(shown)

    const payment = await this.newAttempt(order, actor, 'qr', PayMethod.ALIPAY)
    const answer = await gateway.precreate({
      outTradeNo: payment.out_trade_no,
      amountFen: payment.amount_fen,
      subject: subjectOf(order),
      timeoutMinutes: Math.max(1, Math.ceil(this.options.qrTimeoutMs / 60_000)),
      notifyUrl: this.options.notifyUrl,
    })
    await noteGatewayAnswer(this.core.store.db, payment.id, answer, this.core.now())
    const qrCode = isSuccess(answer) ? answer.body.qrCode : undefined
    if (typeof qrCode === 'string' && qrCode) {
      await this.core.store.db.updateTable('payments').set({ qr_code: qrCode }).where('id', '=', payment.id).where('status', '=', 'pending').execute()
      this.watch(payment.id)
      return qrView({ ...payment, qr_code: qrCode })
    }
    return this.afterUnclearStart(payment, answer)
  }

  async payAlipayBarcode(actor: Actor, orderId: number, authCode: string): Promise<PaymentStatusView> {
    const gateway = this.requireGateway()
    const order = await this.unpaidOrder(actor, orderId)
    const payment = await this.newAttempt(order, actor, 'barcode', PayMethod.ALIPAY)
    const answer = await gateway.pay({ outTradeNo: payment.out_trade_no, authCode, amountFen: payment.amount_fen, subject: subjectOf(order), notifyUrl: this.options.notifyUrl })
    await noteGatewayAnswer(this.core.store.db, payment.id, answer, this.core.now())
    if (isSuccess(answer)) {
      // Paid at once, as the answer says; the amount is the one Alipay reports (asked for if the answer lacks it).
      const state = tradeStateOf({ tradeStatus: 'TRADE_SUCCESS', ...answer.body })
      if (state?.totalFen != null) await this.settle(payment, { totalFen: state.totalFen, tradeNo: state.tradeNo, source: 'pay', answer })
      else if ((await this.check(payment.id)) === 'pending') this.watch(payment.id)
      return this.status(actor, orderId)
    }
    if (answer.ok && answer.code === '10003') {
      // The buyer confirms on the phone: follow the trade.
      this.watch(payment.id)
      return this.status(actor, orderId)
    }
    await this.afterUnclearStart(payment, answer)
    return this.status(actor, orderId)
  }

  async payCash(actor: Actor, orderId: number, tenderedFen: number): Promise<PaidView> {
    const order = await this.unpaidOrder(actor, orderId)
    if (tenderedFen < order.pay_fen) {
      throw new PosError('INVALID_INPUT', 'Less cash than the amount to pay.', { fields: { tenderedFen: `at least ${order.pay_fen} fen` } })
    }
    return this.payAtCounter(actor, order, 'cash', PayMethod.CASH, tenderedFen)
  }

  async payCard(actor: Actor, orderId: number): Promise<PaidView> {
    const order = await this.unpaidOrder(actor, orderId)
    return this.payAtCounter(actor, order, 'card', PayMethod.CARD, null)
  }

  async status(actor: Actor, orderId: number): Promise<PaymentStatusView> {
    const order = await findOrderFor(this.core, actor, orderId)
    const payments = await paymentsOfOrder(this.core.store.db, order.id)
    const latest = payments.find((p) => p.status === 'paid') ?? payments.at(-1)
    return {
      orderId: order.id,
      orderStatus: order.status,
      payFen: order.pay_fen,
      paidFen: order.paid_fen,
      refundedFen: order.refunded_fen,
      payment: latest ? toAttemptView(latest) : null,
    }
  }

  // ---- following pending trades ---------------------------------------------------------------

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
    if (payment.deadline_at !== null && this.core.now() >= payment.deadline_at) return this.cancelTrade(payment, 'the QR code timed out')
    return 'pending'
  }

  /** A verified notify's fields: treated exactly like a query that answered them. */
  async notified(fields: Record<string, string>): Promise<'ok' | 'unknown'> {
    const payment = await findPaymentByOutTradeNo(this.core.store.db, fields.out_trade_no ?? '')
    if (!payment) return 'unknown'
    const state = tradeStateOf(fields)
    if (payment.status === 'pending' && (state?.status === 'TRADE_SUCCESS' || state?.status === 'TRADE_FINISHED')) {
      await this.settle(payment, { totalFen: state.totalFen, tradeNo: state.tradeNo, source: 'notify', answer: fields })
    } else if (payment.status === 'pending' && state?.status === 'TRADE_CLOSED') {
      await this.check(payment.id)
    }
    return 'ok'
  }

  /**
   * Every pending payment, looked at once and settled (at start-up, after a crash, and by
   * `pos payments reconcile`); those still pending are followed by pollers when polling is on.
   */
  async reconcile(): Promise<{ checked: number; paid: number; closed: number; pending: number }> {
    const result = { checked: 0, paid: 0, closed: 0, pending: 0 }
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
  async closePendingTrades(orderId: number): Promise<void> {
    for (const payment of await paymentsOfOrder(this.core.store.db, orderId)) {
      if (payment.status !== 'pending' || payment.method !== PayMethod.ALIPAY || !this.gateway) continue
      const found = await this.applyQuery(payment, await this.gateway.query(payment.out_trade_no))
      if (found === 'pending' && (await this.cancelTrade(payment, 'the order was cancelled')) === 'pending') this.watch(payment.id)
    }
  }

  /** Runs `closePendingTrades` in the background, logging rather than throwing. */
  closePendingTradesLater(orderId: number): void {
    if (this.closed) return
    this.track(this.closePendingTrades(orderId).catch((error: unknown) => this.core.log.warn({ err: error, orderId }, 'cancelling the pending trade failed; the poller retries')))
  }

  /** Waits for the background work under way (cancels, automatic refunds, checks) to end. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }

  /** Stops every poller and waits for the checks under way. */
  async close(): Promise<void> {
    this.closed = true
    for (const timer of this.polls.values()) clearTimeout(timer)
    this.polls.clear()
    await Promise.allSettled([...this.running])
  }

  // ---- internals ------------------------------------------------------------------------------

  private async applyQuery(payment: PaymentRow, answer: GatewayAnswer): Promise<CheckResult> {
    if (!answer.ok || (answer.code !== '10000' && answer.subCode !== 'ACQ.TRADE_NOT_EXIST')) {
      this.core.log.info({ paymentId: payment.id, answer }, 'payment query gave no usable answer; still pending')
      return 'pending'
    }
    const state = answer.code === '10000' ? tradeStateOf(answer.body) : null
    if (state?.status === 'TRADE_SUCCESS' || state?.status === 'TRADE_FINISHED') {
      const outcome = await this.settle(payment, { totalFen: state.totalFen, tradeNo: state.tradeNo, source: 'query', answer })
      return outcome.kind === 'flagged' ? 'flagged' : outcome.kind === 'already' ? 'settled' : 'paid'
    }
    if (state?.status === 'TRADE_CLOSED') {
      return (await settleUnpaid(this.core, payment, 'closed', this.system, { reason: 'the trade was closed' })) ? 'closed' : 'settled'
    }
    return 'pending'
  }

  private async settle(payment: PaymentRow, paid: PaidTrade): Promise<SettleOutcome> {
    const outcome = await settlePaid(this.core, payment.id, paid, this.system)
    if (outcome.kind === 'refundNeeded') {
      this.track(this.autoRefund(outcome.refundId).catch((error: unknown) => this.core.log.error({ err: error, refundId: outcome.refundId }, 'automatic refund failed; reconciliation retries')))
    }
    return outcome
  }

  /** alipay.trade.cancel, again while it says retry_flag Y or gives no usable answer. */
  private async cancelTrade(payment: PaymentRow, reason: string): Promise<CheckResult> {
    const gateway = this.requireGateway()
    for (let attempt = 1; attempt <= this.options.cancelAttempts; attempt++) {
      const answer = await gateway.cancel(payment.out_trade_no)
      if (isSuccess(answer)) {
        // action "refund": the customer paid just before, and Alipay gave the money back.
        const action = String(answer.body.action ?? 'close')
        const detail = { reason, action, ...(action === 'refund' ? { refundedByAlipay: true } : {}) }
        return (await settleUnpaid(this.core, payment, 'closed', this.system, detail)) ? 'closed' : 'settled'
      }
      const retry = answer.ok && (answer.body.retryFlag === 'Y' || answer.subCode === 'ACQ.SYSTEM_ERROR')
      if (answer.ok && !retry) {
        this.core.log.warn({ paymentId: payment.id, answer }, 'the trade could not be cancelled')
        return 'pending'
      }
      if (attempt < this.options.cancelAttempts) await sleep(this.options.cancelRetryMs)
    }
    return 'pending'
  }

  /** After a start whose answer did not give the code: a refusal ends the attempt; anything unclear is followed up. */
  private async afterUnclearStart(payment: PaymentRow, answer: GatewayAnswer): Promise<never> {
    // ACQ.TRADE_HAS_SUCCESS: the SDK resent a request whose first answer was lost — maybe paid.
    if (answer.ok && answer.subCode !== 'ACQ.TRADE_HAS_SUCCESS' && answer.subCode !== 'ACQ.SYSTEM_ERROR') {
      await settleUnpaid(this.core, payment, 'failed', this.system, { code: answer.code, subCode: answer.subCode, subMsg: answer.subMsg })
      throw new PosError('PAYMENT_FAILED', answer.subMsg ?? undefined, { subCode: answer.subCode })
    }
    this.watch(payment.id)
    const found = await this.check(payment.id).catch(() => 'pending' as const)
    if (found === 'paid' || found === 'settled') throw new PosError('PAYMENT_PENDING', 'The payment went through; check the order status.', { paymentId: payment.id })
    if (!answer.ok) throw new PosError(answer.error, undefined, { paymentId: payment.id })
    throw new PosError('PAYMENT_PENDING', undefined, { paymentId: payment.id })
  }

  private async payAtCounter(actor: Actor, order: OrderRow, channel: PaymentChannel, method: PayMethod, tenderedFen: number | null): Promise<PaidView> {
    const paymentId = await writeTransaction(this.core.store, async (trx) => {
      const now = this.core.now()
      const outTradeNo = await nextOutTradeNo(trx, order)
      const id = await insertPayment(trx, { order_id: order.id, method, channel, out_trade_no: outTradeNo, amount_fen: order.pay_fen, status: 'pending', tendered_fen: tenderedFen }, now)
      const payment = (await findPayment(trx, id)) as PaymentRow
      const outcome = await settlePaidIn(trx, this.core, payment, { totalFen: order.pay_fen, tradeNo: null, source: channel === 'cash' ? 'cash' : 'card' }, actor)
      // Only an unpaid order takes cash or card; anything else rolls the whole attempt back.
      if (outcome.kind !== 'paid' || outcome.afterCancel) throw new PosError('ILLEGAL_TRANSITION', 'The order is no longer unpaid.', { action: 'pay' })
      return id
    })
    // The customer paid at the counter: a QR code still on the display must not take money too.
    this.closePendingTradesLater(order.id)
    const payment = (await findPayment(this.core.store.db, paymentId)) as PaymentRow
    return { order: await loadOrderView(this.core.store.db, order.id), payment: toAttemptView(payment), changeFen: tenderedFen === null ? 0 : tenderedFen - order.pay_fen }
  }

  private async newAttempt(order: OrderRow, actor: Actor, channel: PaymentChannel, method: PayMethod): Promise<PaymentRow> {
    const id = await writeTransaction(this.core.store, async (trx) => {
      const now = this.core.now()
      const outTradeNo = await nextOutTradeNo(trx, order)
      const id = await insertPayment(
        trx,
        { order_id: order.id, method, channel, out_trade_no: outTradeNo, amount_fen: order.pay_fen, status: 'pending', deadline_at: now + this.options.qrTimeoutMs },
        now,
      )
      await appendOrderEvent(trx, { orderId: order.id, type: 'payment_started', actor: actor.username, at: now, detail: { paymentId: id, outTradeNo, channel, amountFen: order.pay_fen } })
      return id
    }).catch((error: unknown) => {
      // Two tills starting an attempt at once chose the same number: the loser tries again.
      if (dbErrorKind(error) === 'duplicate-key') throw new PosError('PAYMENT_PENDING', 'Another payment of this order is starting. Try again.')
      throw error
    })
    return (await findPayment(this.core.store.db, id)) as PaymentRow
  }

  private async unpaidOrder(actor: Actor, orderId: number): Promise<OrderRow> {
    const order = await findOrderFor(this.core, actor, orderId)
    if (order.status !== OrderStatus.UNPAID) throw new PosError('ILLEGAL_TRANSITION', 'The order is not waiting for payment.', { status: order.status, action: 'pay' })
    return order
  }

  private requireGateway(): AlipayGateway {
    if (!this.gateway) throw new PosError('GATEWAY_UNAVAILABLE', 'Alipay is not set up on this till.')
    return this.gateway
  }

  /** Follows a pending payment: checks with growing waits until it is settled or the service closes. */
  private watch(paymentId: number, delay = this.options.pollInitialMs): void {
    if (this.closed || this.options.poll === false || this.polls.has(paymentId)) return
    const timer = setTimeout(() => {
      const run = this.check(paymentId).then(
        (found) => found === 'pending',
        (error: unknown) => {
          this.core.log.warn({ err: error, paymentId }, 'checking a pending payment failed; trying again')
          return true
        },
      )
      this.track(
        run.then((again) => {
          this.polls.delete(paymentId)
          if (again) this.watch(paymentId, Math.min(delay * 2, this.options.pollMaxMs))
        }),
      )
    }, delay)
    timer.unref()
    this.polls.set(paymentId, timer)
  }

  private track(work: Promise<unknown>): void {
    this.running.add(work)
    void work.finally(() => this.running.delete(work))
  }
}

/** out_trade_no: the order number and the attempt's number — at most 32 + 4 of [A-Za-z0-9_]. */
async function nextOutTradeNo(trx: Parameters<typeof paymentsOfOrder>[0], order: OrderRow): Promise<string> {
  const attempts = await paymentsOfOrder(trx, order.id)
  return `${order.order_no}_${attempts.length + 1}`
}

function subjectOf(order: OrderRow): string {
  return `FreshTill 订单 ${order.order_no}`
}

async function qrView(payment: PaymentRow): Promise<AlipayQrView> {
  const qrCode = payment.qr_code as string
  const qrImage = await QRCode.toDataURL(qrCode, { errorCorrectionLevel: 'M', margin: 1, width: 320 })
  return { ...toAttemptView(payment), qrCode, qrImage, expiresAt: payment.deadline_at ?? 0 }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

