// alipay.trade.query, alipay.trade.close and alipay.trade.cancel.
import { businessFailure, invalidParameter, success } from '../answers'
import { chinaTime } from '../formats'
import { type GatewayMethod, paymentFields, tradeIds } from './method'

export const query: GatewayMethod = ({ biz, book }) => {
  const ids = tradeIds(biz)
  if (!ids.outTradeNo && !ids.tradeNo) return invalidParameter('out_trade_no or trade_no')
  const trade = book.visible(ids)
  if (!trade) return businessFailure('ACQ.TRADE_NOT_EXIST')
  const { gmt_payment: _, ...fields } = paymentFields(trade)
  return success({
    ...fields,
    trade_status: trade.status,
    ...(trade.paidAtMs === undefined ? {} : { send_pay_date: chinaTime(trade.paidAtMs) }),
    ...(trade.storeId ? { store_id: trade.storeId } : {}),
    ...(trade.terminalId ? { terminal_id: trade.terminalId } : {}),
  })
}

/** Only a trade the buyer has seen but not paid can be closed; an unscanned QR does not exist yet. */
export const close: GatewayMethod = ({ biz, book }) => {
  const ids = tradeIds(biz)
  if (!ids.outTradeNo && !ids.tradeNo) return invalidParameter('out_trade_no or trade_no')
  const trade = book.visible(ids)
  if (!trade) return businessFailure('ACQ.TRADE_NOT_EXIST')
  if (trade.status !== 'WAIT_BUYER_PAY') return businessFailure('ACQ.TRADE_STATUS_ERROR')
  book.close(trade)
  return success({ trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo })
}

/**
 * Undo a face-to-face trade whatever happened to it: an unpaid one (scanned or not) is closed,
 * a paid one refunded in full (within a day of payment). Repeating it answers the same.
 * A trade Alipay never saw answers success without `action`, as Alipay documents.
 */
export const cancel: GatewayMethod = ({ biz, book }) => {
  const ids = tradeIds(biz)
  if (!ids.outTradeNo && !ids.tradeNo) return invalidParameter('out_trade_no or trade_no')
  const trade = ids.tradeNo ? book.visible(ids) : book.get(ids.outTradeNo as string)
  if (!trade) return success({ ...(ids.outTradeNo ? { out_trade_no: ids.outTradeNo } : {}), retry_flag: 'N' })
  const done = (action: 'close' | 'refund') => {
    trade.cancelAction ??= action
    return success({
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      retry_flag: 'N',
      action: trade.cancelAction,
      ...(trade.cancelAction === 'refund'
        ? { gmt_refund_pay: chinaTime(trade.refunds.get(trade.outTradeNo)?.atMs ?? book.now()) }
        : {}),
    })
  }
  switch (trade.status) {
    case 'WAIT_BUYER_PAY':
      book.close(trade)
      return done('close')
    case 'TRADE_CLOSED':
      return done('close')
    case 'TRADE_SUCCESS': {
      if (!book.canStillCancelPaid(trade)) return businessFailure('ACQ.TRADE_CANCEL_TIME_OUT', { retry_flag: 'N' })
      const left = trade.totalFen - trade.refundedFen
      // The cancel's refund is filed under the out_trade_no, as a refund without out_request_no is.
      if (left > 0) book.refund(trade, trade.outTradeNo, left, 'cancel', {})
      return done('refund')
    }
    case 'TRADE_FINISHED':
      return businessFailure('ACQ.TRADE_CANCEL_TIME_OUT', { retry_flag: 'N' })
  }
}
