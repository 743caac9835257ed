// A trade as the sandbox API shows it to tests and to a developer debugging a payment.
import { fenToYuanString } from '../../../src-shared/money'
import { chinaTime } from './formats'
import type { ShopIds, Trade } from './trade-book'

export interface TradeView {
  outTradeNo: string
  tradeNo: string
  kind: Trade['kind']
  status: Trade['status']
  scanned: boolean
  subject: string
  totalFen: number
  totalAmount: string
  refundedFen: number
  storeId?: string
  terminalId?: string
  operatorId?: string
  qrToken?: string
  authCode?: string
  notifyUrl?: string
  createdAt: string
  expiresAt: string
  paidAt?: string
  closedAt?: string
  refunds: { outRequestNo: string; refundFen: number; reason?: string; at: string; askedBy: ShopIds }[]
  notifies: {
    notifyId: string
    about: string
    delivered: boolean
    fields: Record<string, string>
    attempts: { at: string; outcome: number | string; reply: string }[]
  }[]
}

export function tradeView(trade: Trade): TradeView {
  return {
    outTradeNo: trade.outTradeNo,
    tradeNo: trade.tradeNo,
    kind: trade.kind,
    status: trade.status,
    scanned: trade.scanned,
    subject: trade.subject,
    totalFen: trade.totalFen,
    totalAmount: fenToYuanString(trade.totalFen),
    refundedFen: trade.refundedFen,
    ...(trade.storeId ? { storeId: trade.storeId } : {}),
    ...(trade.terminalId ? { terminalId: trade.terminalId } : {}),
    ...(trade.operatorId ? { operatorId: trade.operatorId } : {}),
    ...(trade.qrToken ? { qrToken: trade.qrToken } : {}),
    ...(trade.authCode ? { authCode: trade.authCode } : {}),
    ...(trade.notifyUrl ? { notifyUrl: trade.notifyUrl } : {}),
    createdAt: chinaTime(trade.createdAtMs),
    expiresAt: chinaTime(trade.expiresAtMs),
    ...(trade.paidAtMs === undefined ? {} : { paidAt: chinaTime(trade.paidAtMs) }),
    ...(trade.closedAtMs === undefined ? {} : { closedAt: chinaTime(trade.closedAtMs) }),
    refunds: [...trade.refunds.values()].map((r) => ({
      outRequestNo: r.outRequestNo,
      refundFen: r.refundFen,
      ...(r.reason ? { reason: r.reason } : {}),
      at: chinaTime(r.atMs),
      askedBy: { ...r.askedBy },
    })),
    notifies: trade.notifies.map((n) => ({
      notifyId: n.notifyId,
      about: n.about === 'payment' ? 'payment' : `refund ${n.about.refund}`,
      delivered: n.delivered,
      fields: { ...n.fields },
      attempts: n.attempts.map((a) => ({ at: chinaTime(a.atMs, true), outcome: a.outcome, reply: a.reply })),
    })),
  }
}
