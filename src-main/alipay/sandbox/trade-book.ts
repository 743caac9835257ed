// The sandbox's trades, in memory: Alipay's trade states and the moves between them. Gateway
// methods and the customer page both act through this one book, so the rules live in one place.
import { randomBytes, randomInt } from 'node:crypto'
import type { Fen } from '../../../src-shared/money'
import { chinaTime } from './formats'

export type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_FINISHED' | 'TRADE_CLOSED'

export interface Refund {
  outRequestNo: string
  refundFen: Fen
  reason: string | undefined
  atMs: number
  /** Where and by whom at the shop it was asked for (`store_id`, `terminal_id`, `operator_id`). */
  askedBy: ShopIds
}

export interface ShopIds {
  storeId?: string | undefined
  terminalId?: string | undefined
  operatorId?: string | undefined
}

export interface NotifyAttempt {
  atMs: number
  /** HTTP status, or the network error's message. */
  outcome: number | string
  /** The start of the merchant's reply body. */
  reply: string
}

export interface Notify {
  notifyId: string
  /** What it tells: the payment, or the refund with this out_request_no. */
  about: 'payment' | { refund: string }
  fields: Record<string, string>
  attempts: NotifyAttempt[]
  delivered: boolean
}

export interface Trade {
  outTradeNo: string
  tradeNo: string
  kind: 'qr' | 'barcode'
  subject: string
  totalFen: Fen
  status: TradeStatus
  /** A QR trade exists for query and close only once the customer has scanned the code, as at Alipay. */
  scanned: boolean
  qrToken: string | undefined
  authCode: string | undefined
  storeId: string | undefined
  terminalId: string | undefined
  /** Who at the shop started the trade (`operator_id`). */
  operatorId: string | undefined
  notifyUrl: string | undefined
  createdAtMs: number
  expiresAtMs: number
  paidAtMs: number | undefined
  closedAtMs: number | undefined
  /** How alipay.trade.cancel ended the trade, so a repeated cancel answers the same. */
  cancelAction: 'close' | 'refund' | undefined
  refunds: Map<string, Refund>
  refundedFen: Fen
  notifies: Notify[]
}

/** The one sandbox customer who scans and pays everything. */
export const sandboxBuyer = { logonId: '138****8000', userId: '2088102100000001' } as const
export const sandboxSellerId = '2088102100009999'

/** Alipay lets a paid trade be cancelled (refunded) only for a day. */
const cancelWindowMs = 24 * 3600_000

export class SandboxError extends Error {
  override name = 'SandboxError'
  constructor(
    message: string,
    readonly status: 404 | 409,
  ) {
    super(message)
  }
}

export interface TradeEvents {
  paid(trade: Trade): void
  refunded(trade: Trade, refund: Refund): void
}

export class TradeBook {
  private readonly byOutTradeNo = new Map<string, Trade>()
  private readonly byTradeNo = new Map<string, Trade>()
  private readonly byQrToken = new Map<string, Trade>()

  constructor(
    readonly now: () => number,
    private readonly events: TradeEvents,
  ) {}

  open(
    fields: Pick<
      Trade,
      | 'outTradeNo'
      | 'kind'
      | 'subject'
      | 'totalFen'
      | 'storeId'
      | 'terminalId'
      | 'operatorId'
      | 'notifyUrl'
      | 'authCode'
    > & { timeoutMs: number },
  ): Trade {
    const nowMs = this.now()
    const trade: Trade = {
      ...fields,
      tradeNo: this.newTradeNo(nowMs),
      status: 'WAIT_BUYER_PAY',
      scanned: fields.kind === 'barcode',
      qrToken: fields.kind === 'qr' ? `bax${randomBytes(12).toString('hex')}` : undefined,
      createdAtMs: nowMs,
      expiresAtMs: nowMs + fields.timeoutMs,
      paidAtMs: undefined,
      closedAtMs: undefined,
      cancelAction: undefined,
      refunds: new Map(),
      refundedFen: 0,
      notifies: [],
    }
    this.byOutTradeNo.set(trade.outTradeNo, trade)
    this.byTradeNo.set(trade.tradeNo, trade)
    if (trade.qrToken) this.byQrToken.set(trade.qrToken, trade)
    return trade
  }

  /** Any trade the sandbox knows, scanned or not (for precreate's idempotency and the sandbox API). */
  get(outTradeNo: string): Trade | undefined {
    return this.touch(this.byOutTradeNo.get(outTradeNo))
  }

  byQr(token: string): Trade | undefined {
    return this.touch(this.byQrToken.get(token))
  }

  /** A trade as Alipay's query, close, cancel and refund see it: an unscanned QR does not exist yet. */
  visible(ids: { outTradeNo?: string | undefined; tradeNo?: string | undefined }): Trade | undefined {
    const trade = ids.tradeNo
      ? this.byTradeNo.get(ids.tradeNo)
      : ids.outTradeNo
        ? this.byOutTradeNo.get(ids.outTradeNo)
        : undefined
    if (!trade || (ids.outTradeNo && trade.outTradeNo !== ids.outTradeNo)) return undefined
    return trade.scanned ? this.touch(trade) : undefined
  }

  /** The customer scans the QR: from now on the trade exists, waiting for the buyer to pay. */
  scan(trade: Trade): void {
    if (trade.status === 'TRADE_CLOSED') throw new SandboxError('this QR code has expired or was closed', 409)
    trade.scanned = true
  }

  /** The customer confirms the payment (after scanning the QR, or entering the password for a barcode). */
  pay(trade: Trade): void {
    if (trade.status === 'TRADE_CLOSED') throw new SandboxError('the trade is closed; it can no longer be paid', 409)
    if (trade.status !== 'WAIT_BUYER_PAY') throw new SandboxError('the trade is already paid', 409)
    trade.scanned = true
    trade.status = 'TRADE_SUCCESS'
    trade.paidAtMs = this.now()
    this.events.paid(trade)
  }

  close(trade: Trade): void {
    trade.status = 'TRADE_CLOSED'
    trade.closedAtMs = this.now()
  }

  /** Records one refund; a full refund closes the trade. The caller has checked the amount. */
  refund(trade: Trade, outRequestNo: string, refundFen: Fen, reason: string | undefined, askedBy: ShopIds): Refund {
    const refund: Refund = { outRequestNo, refundFen, reason, atMs: this.now(), askedBy }
    trade.refunds.set(outRequestNo, refund)
    trade.refundedFen += refundFen
    if (trade.refundedFen === trade.totalFen) this.close(trade)
    this.events.refunded(trade, refund)
    return refund
  }

  canStillCancelPaid(trade: Trade): boolean {
    return trade.paidAtMs !== undefined && this.now() - trade.paidAtMs <= cancelWindowMs
  }

  /** The end of the refund window, which Alipay reaches after months; the sandbox on request. */
  finish(trade: Trade): void {
    if (trade.status !== 'TRADE_SUCCESS')
      throw new SandboxError(`only a paid trade can finish (it is ${trade.status})`, 409)
    trade.status = 'TRADE_FINISHED'
  }

  all(): Trade[] {
    return [...this.byOutTradeNo.values()].map((trade) => this.touch(trade) as Trade)
  }

  // An unpaid trade past its time limit closes, as Alipay's does, whenever anyone looks at it.
  private touch(trade: Trade | undefined): Trade | undefined {
    if (trade && trade.status === 'WAIT_BUYER_PAY' && this.now() >= trade.expiresAtMs) this.close(trade)
    return trade
  }

  // 28 digits like Alipay's: the China date, a channel part, then random digits.
  private newTradeNo(nowMs: number): string {
    for (;;) {
      const digits = Array.from({ length: 15 }, () => randomInt(10)).join('')
      const tradeNo = `${chinaTime(nowMs).slice(0, 10).replaceAll('-', '')}22001${digits}`
      if (!this.byTradeNo.has(tradeNo)) return tradeNo
    }
  }
}
