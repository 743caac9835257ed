// alipay.trade.refund and alipay.trade.fastpay.refund.query.
import { businessFailure, invalidParameter, success } from '../answers'
import { fenToYuanString } from '../../../../src-shared/money'
import { chinaTime, parseYuan } from '../formats'
import { sandboxBuyer } from '../trade-book'
import { field, type GatewayMethod, tradeIds } from './method'

export const refund: GatewayMethod = ({ biz, book }) => {
  const ids = tradeIds(biz)
  if (!ids.outTradeNo && !ids.tradeNo) return invalidParameter('out_trade_no or trade_no')
  const refundFen = parseYuan(biz.refund_amount)
  if (refundFen === null || refundFen <= 0)
    return invalidParameter('refund_amount', 'must be yuan with at most two decimals, at least 0.01')
  const trade = book.visible(ids)
  if (!trade) return businessFailure('ACQ.TRADE_NOT_EXIST')
  const outRequestNo = field(biz, 'out_request_no')
  // Without out_request_no Alipay files the refund under the out_trade_no: only one, in full.
  const key = outRequestNo ?? trade.outTradeNo
  const answer = (fundChange: 'Y' | 'N', atMs: number, refundedNowFen: number) =>
    success({
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      buyer_logon_id: sandboxBuyer.logonId,
      fund_change: fundChange,
      refund_fee: fenToYuanString(trade.refundedFen),
      gmt_refund_pay: chinaTime(atMs),
      buyer_user_id: sandboxBuyer.userId,
      send_back_fee: fenToYuanString(refundedNowFen),
    })

  const earlier = trade.refunds.get(key)
  if (earlier) {
    // A retry of a refund that already happened: success, and no money moves again.
    if (earlier.refundFen !== refundFen) return businessFailure('ACQ.CONTEXT_INCONSISTENT')
    return answer('N', earlier.atMs, 0)
  }
  if (trade.status === 'WAIT_BUYER_PAY') return businessFailure('ACQ.TRADE_STATUS_ERROR')
  if (trade.status === 'TRADE_CLOSED') return businessFailure('ACQ.TRADE_HAS_CLOSE')
  if (trade.status === 'TRADE_FINISHED') return businessFailure('ACQ.TRADE_HAS_FINISHED')
  if (trade.refundedFen + refundFen > trade.totalFen) return businessFailure('ACQ.REASON_TRADE_REFUND_FEE_ERR')
  if (!outRequestNo && refundFen !== trade.totalFen) return businessFailure('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL')
  const done = book.refund(trade, key, refundFen, field(biz, 'refund_reason'), {
    storeId: field(biz, 'store_id'),
    terminalId: field(biz, 'terminal_id'),
    operatorId: field(biz, 'operator_id'),
  })
  return answer('Y', done.atMs, refundFen)
}

/** Whether a refund happened: REFUND_SUCCESS with its amount, or no refund data at all. */
export const refundQuery: GatewayMethod = ({ biz, book }) => {
  const ids = tradeIds(biz)
  const outRequestNo = field(biz, 'out_request_no')
  if (!outRequestNo) return invalidParameter('out_request_no')
  if (!ids.outTradeNo && !ids.tradeNo) return invalidParameter('out_trade_no or trade_no')
  const trade = book.visible(ids)
  if (!trade) return businessFailure('ACQ.TRADE_NOT_EXIST')
  const found = trade.refunds.get(outRequestNo)
  if (!found) return success()
  return success({
    trade_no: trade.tradeNo,
    out_trade_no: trade.outTradeNo,
    out_request_no: found.outRequestNo,
    total_amount: fenToYuanString(trade.totalFen),
    refund_amount: fenToYuanString(found.refundFen),
    refund_status: 'REFUND_SUCCESS',
    ...(found.reason ? { refund_reason: found.reason } : {}),
    gmt_refund_pay: chinaTime(found.atMs),
  })
}
