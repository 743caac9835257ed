// Alipay's asynchronous notify: a signed form POSTed to the trade's notify_url after a payment or
// a refund, sent again on a schedule until the merchant's reply body is exactly `success`.
// Alipay waits 4m, 10m, 10m, 1h, 2h, 6h, 15h between tries; the sandbox the same steps, shortened.
import { type KeyObject, randomBytes } from 'node:crypto'
import { fenToYuanString } from '../../../src-shared/money'
import { chinaTime } from './formats'
import { signingString, signRsa2 } from './signing'
import { type Notify, type Refund, sandboxBuyer, sandboxSellerId, type Trade } from './trade-book'

export const defaultNotifyRetryMs = [200, 500, 1000, 2000, 4000, 8000, 16000]

/** How long one delivery may take before it counts as failed. */
const deliveryTimeoutMs = 5000

export class Notifier {
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly inFlight = new Set<AbortController>()
  private closed = false

  constructor(
    private readonly appId: string,
    private readonly sandboxPrivateKey: KeyObject,
    private readonly retryMs: readonly number[],
    private readonly now: () => number,
  ) {}

  paid(trade: Trade): void {
    this.start(trade, 'payment', {})
  }

  refunded(trade: Trade, refund: Refund): void {
    this.start(
      trade,
      { refund: refund.outRequestNo },
      {
        refund_fee: fenToYuanString(trade.refundedFen),
        gmt_refund: chinaTime(refund.atMs, true),
        out_biz_no: refund.outRequestNo,
      },
    )
  }

  close(): void {
    this.closed = true
    for (const timer of this.timers) clearTimeout(timer)
    for (const controller of this.inFlight) controller.abort()
  }

  private start(trade: Trade, about: Notify['about'], extra: Record<string, string>): void {
    if (!trade.notifyUrl || this.closed) return
    const paidFen = trade.paidAtMs === undefined ? 0 : trade.totalFen
    const fields: Record<string, string> = {
      notify_type: 'trade_status_sync',
      notify_id: randomBytes(16).toString('hex'),
      app_id: this.appId,
      charset: 'utf-8',
      version: '1.0',
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      buyer_id: sandboxBuyer.userId,
      buyer_logon_id: sandboxBuyer.logonId,
      seller_id: sandboxSellerId,
      trade_status: trade.status,
      total_amount: fenToYuanString(trade.totalFen),
      receipt_amount: fenToYuanString(paidFen),
      invoice_amount: fenToYuanString(paidFen),
      buyer_pay_amount: fenToYuanString(paidFen),
      point_amount: '0.00',
      subject: trade.subject,
      gmt_create: chinaTime(trade.createdAtMs),
      ...(trade.paidAtMs === undefined ? {} : { gmt_payment: chinaTime(trade.paidAtMs) }),
      ...(trade.closedAtMs === undefined ? {} : { gmt_close: chinaTime(trade.closedAtMs) }),
      fund_bill_list: JSON.stringify([{ amount: fenToYuanString(paidFen), fundChannel: 'ALIPAYACCOUNT' }]),
      ...extra,
    }
    const notify: Notify = { notifyId: fields.notify_id as string, about, fields, attempts: [], delivered: false }
    trade.notifies.push(notify)
    this.schedule(0, () => this.deliver(trade.notifyUrl as string, notify, 0))
  }

  private async deliver(url: string, notify: Notify, attempt: number): Promise<void> {
    // Each try is stamped and signed anew; sign and sign_type are not signed, empty fields never sent.
    const fields = { ...notify.fields, notify_time: chinaTime(this.now()) }
    notify.fields = fields
    const form = new URLSearchParams({
      ...fields,
      sign_type: 'RSA2',
      sign: signRsa2(signingString(fields, ['sign', 'sign_type']), this.sandboxPrivateKey),
    })
    const controller = new AbortController()
    this.inFlight.add(controller)
    const timeout = setTimeout(() => controller.abort(), deliveryTimeoutMs)
    let outcome: number | string
    let reply = ''
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: form.toString(),
        signal: controller.signal,
      })
      outcome = response.status
      reply = await response.text()
    } catch (error) {
      outcome = error instanceof Error ? error.message : String(error)
    } finally {
      clearTimeout(timeout)
      this.inFlight.delete(controller)
    }
    if (this.closed) return
    notify.attempts.push({ atMs: this.now(), outcome, reply: reply.slice(0, 200) })
    // Alipay takes nothing but the exact body `success` as "received", whatever the HTTP status.
    if (reply === 'success') {
      notify.delivered = true
      return
    }
    const wait = this.retryMs[attempt]
    if (wait !== undefined) this.schedule(wait, () => this.deliver(url, notify, attempt + 1))
  }

  private schedule(ms: number, run: () => Promise<void>): void {
    if (this.closed) return
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      void run()
    }, ms)
    this.timers.add(timer)
  }
}
