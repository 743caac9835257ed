// alipay.trade.precreate: a QR code for the customer to scan. The trade is recorded at once but,
// as at Alipay, query and close do not see it until the customer scans.
import { businessFailure, type Inner, invalidParameter, success } from '../answers'
import { maxTradeFen, minTradeFen, parseTimeoutExpress, parseYuan } from '../formats'
import { type BizContent, field, type GatewayMethod, outTradeNoPattern } from './method'

/** Alipay's default life of an unpaid QR trade. */
const defaultTimeoutMs = 2 * 3600_000

export const precreate: GatewayMethod = ({ biz, book, notifyUrl, qrCodeFor }) => {
  const { order, failure } = readOrder(biz, book.now())
  if (!order) return failure
  const existing = book.get(order.outTradeNo)
  if (existing) {
    if (existing.status === 'TRADE_SUCCESS' || existing.status === 'TRADE_FINISHED')
      return businessFailure('ACQ.TRADE_HAS_SUCCESS')
    if (existing.status === 'TRADE_CLOSED') return businessFailure('ACQ.TRADE_HAS_CLOSE')
    // Idempotent for a retry of the very same request; anything else under the same number is refused.
    if (
      existing.kind !== 'qr' ||
      existing.totalFen !== order.totalFen ||
      existing.subject !== order.subject ||
      !existing.qrToken
    ) {
      return businessFailure('ACQ.CONTEXT_INCONSISTENT')
    }
    return success({ out_trade_no: existing.outTradeNo, qr_code: qrCodeFor(existing.qrToken) })
  }
  const trade = book.open({ ...order, kind: 'qr', notifyUrl, authCode: undefined })
  return success({ out_trade_no: trade.outTradeNo, qr_code: qrCodeFor(trade.qrToken as string) })
}

export interface OrderFields {
  outTradeNo: string
  totalFen: number
  subject: string
  storeId: string | undefined
  terminalId: string | undefined
  operatorId: string | undefined
  timeoutMs: number
}

/** The order part shared by precreate and pay, checked as Alipay checks it. */
export function readOrder(
  biz: BizContent,
  nowMs: number,
): { order: OrderFields; failure?: never } | { order?: never; failure: Inner } {
  const outTradeNo = field(biz, 'out_trade_no')
  if (!outTradeNo || !outTradeNoPattern.test(outTradeNo))
    return { failure: invalidParameter('out_trade_no', 'must be 1-64 letters, digits or _') }
  const totalFen = parseYuan(biz.total_amount)
  if (totalFen === null || totalFen < minTradeFen) {
    return { failure: invalidParameter('total_amount', 'must be yuan with at most two decimals, at least 0.01') }
  }
  if (totalFen > maxTradeFen) return { failure: businessFailure('ACQ.TOTAL_FEE_EXCEED') }
  const subject = field(biz, 'subject')
  if (!subject || subject.length > 256) return { failure: invalidParameter('subject', 'must be 1-256 characters') }
  // The shorter of the trade's and the QR code's limits wins; without either, Alipay's default.
  const limits: number[] = []
  for (const key of ['timeout_express', 'qr_code_timeout_express']) {
    if (biz[key] === undefined) continue
    const ms = parseTimeoutExpress(biz[key], nowMs)
    if (ms === null) return { failure: invalidParameter(key, 'must be like 5m, 2h, 1d or 1c') }
    limits.push(ms)
  }
  const timeoutMs = limits.length > 0 ? Math.min(...limits) : defaultTimeoutMs
  return {
    order: {
      outTradeNo,
      totalFen,
      subject,
      storeId: field(biz, 'store_id'),
      terminalId: field(biz, 'terminal_id'),
      operatorId: field(biz, 'operator_id'),
      timeoutMs,
    },
  }
}
