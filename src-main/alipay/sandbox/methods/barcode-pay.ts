// alipay.trade.pay with scene bar_code: the cashier scanned the customer's payment code.
// The sandbox decides the buyer's answer from the auth_code (see README in this folder):
//   28…  pays at once (10000)
//   29…  waits for the buyer's password (10003), until the customer pays on the sandbox
//   27…  refused: the buyer's balance is not enough (40004 ACQ.BUYER_BALANCE_NOT_ENOUGH)
//   any other code: 40004 ACQ.PAYMENT_AUTH_CODE_INVALID
import { businessFailure, invalidParameter, success, waitingForBuyer } from '../answers'
import { field, type GatewayMethod, paymentFields } from './method'
import { readOrder } from './precreate'

/** Real payment codes are 16-24 digits. */
const authCodePattern = /^\d{16,24}$/

export const authCodeConventions = { paysAtOnce: '28', waitsForPassword: '29', balanceNotEnough: '27' } as const

export const barcodePay: GatewayMethod = ({ biz, book, notifyUrl }) => {
  const scene = field(biz, 'scene')
  if (scene !== 'bar_code') return invalidParameter('scene', 'must be bar_code')
  const { order, failure } = readOrder(biz, book.now())
  if (!order) return failure
  const authCode = field(biz, 'auth_code')
  if (!authCode) return invalidParameter('auth_code')

  const existing = book.get(order.outTradeNo)
  if (existing) {
    if (existing.status === 'TRADE_SUCCESS' || existing.status === 'TRADE_FINISHED')
      return businessFailure('ACQ.TRADE_HAS_SUCCESS')
    if (existing.status === 'TRADE_CLOSED') return businessFailure('ACQ.TRADE_HAS_CLOSE')
    const same =
      existing.kind === 'barcode' &&
      existing.authCode === authCode &&
      existing.totalFen === order.totalFen &&
      existing.subject === order.subject
    // A retry while the buyer is still deciding gets the same "in process" answer.
    return same ? waitingForBuyer(paymentFields(existing)) : businessFailure('ACQ.CONTEXT_INCONSISTENT')
  }

  if (!authCodePattern.test(authCode)) return businessFailure('ACQ.PAYMENT_AUTH_CODE_INVALID')
  if (authCode.startsWith(authCodeConventions.balanceNotEnough)) return businessFailure('ACQ.BUYER_BALANCE_NOT_ENOUGH')
  const paysAtOnce = authCode.startsWith(authCodeConventions.paysAtOnce)
  if (!paysAtOnce && !authCode.startsWith(authCodeConventions.waitsForPassword))
    return businessFailure('ACQ.PAYMENT_AUTH_CODE_INVALID')

  const trade = book.open({ ...order, kind: 'barcode', notifyUrl, authCode })
  if (!paysAtOnce) return waitingForBuyer(paymentFields(trade))
  book.pay(trade)
  return success(paymentFields(trade))
}
