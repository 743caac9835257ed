// What every gateway method gets, and how it reads biz_content.
import type { Inner } from '../answers'
import { type Trade, type TradeBook, sandboxBuyer } from '../trade-book'
import { fenToYuanString } from '../../../../src-shared/money'
import { chinaTime } from '../formats'

export type BizContent = Record<string, unknown>

export interface MethodCall {
  biz: BizContent
  /** The common parameter `notify_url` of this request, where Alipay posts the async notify. */
  notifyUrl: string | undefined
  book: TradeBook
  /** The text a precreate puts in qr_code: the sandbox's customer page for this trade. */
  qrCodeFor: (token: string) => string
  /** The signed, short-lived URL the bill of a day (YYYY-MM-DD) downloads from. */
  billUrlFor: (billDate: string) => string
}

export type GatewayMethod = (call: MethodCall) => Inner

/** A biz_content field as text; a JSON number counts, an empty string is absent. */
export function field(biz: BizContent, key: string): string | undefined {
  const value = biz[key]
  if (typeof value === 'number') return String(value)
  return typeof value === 'string' && value !== '' ? value : undefined
}

export const outTradeNoPattern = /^[A-Za-z0-9_]{1,64}$/

/** The trade ids a query, close, cancel or refund names. */
export function tradeIds(biz: BizContent): { outTradeNo: string | undefined; tradeNo: string | undefined } {
  return { outTradeNo: field(biz, 'out_trade_no'), tradeNo: field(biz, 'trade_no') }
}

/** The amounts and buyer of a trade, as pay and query report them. */
export function paymentFields(trade: Trade): Inner {
  const paidFen = trade.paidAtMs === undefined ? 0 : trade.totalFen
  return {
    trade_no: trade.tradeNo,
    out_trade_no: trade.outTradeNo,
    buyer_logon_id: sandboxBuyer.logonId,
    total_amount: fenToYuanString(trade.totalFen),
    receipt_amount: fenToYuanString(paidFen),
    buyer_pay_amount: fenToYuanString(paidFen),
    point_amount: '0.00',
    invoice_amount: fenToYuanString(paidFen),
    ...(trade.paidAtMs === undefined
      ? {}
      : {
          gmt_payment: chinaTime(trade.paidAtMs),
          fund_bill_list: [{ fund_channel: 'ALIPAYACCOUNT', amount: fenToYuanString(paidFen) }],
        }),
    buyer_user_id: sandboxBuyer.userId,
  }
}
