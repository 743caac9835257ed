// The inner object of every gateway answer, with Alipay's codes and messages. Business outcomes
// (`ACQ.*`) come as data under the method's key, never as HTTP errors.

export type Inner = Record<string, unknown>

/** The business sub_codes the sandbox uses, with the sub_msg Alipay sends for each. */
export const acq = {
  'ACQ.TRADE_NOT_EXIST': '交易不存在',
  'ACQ.CONTEXT_INCONSISTENT': '交易信息被篡改',
  'ACQ.TRADE_HAS_SUCCESS': '交易已被支付',
  'ACQ.TRADE_HAS_CLOSE': '交易已经关闭',
  'ACQ.TRADE_HAS_FINISHED': '交易已完结',
  'ACQ.TRADE_STATUS_ERROR': '交易状态不合法',
  'ACQ.REASON_TRADE_REFUND_FEE_ERR': '退款金额无效',
  'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL': '退款金额超限',
  'ACQ.PAYMENT_AUTH_CODE_INVALID': '支付授权码无效',
  'ACQ.BUYER_BALANCE_NOT_ENOUGH': '买家余额不足',
  'ACQ.SELLER_BALANCE_NOT_ENOUGH': '卖家余额不足',
  'ACQ.REASON_TRADE_BEEN_FREEZEN': '交易已被冻结',
  'ACQ.TOTAL_FEE_EXCEED': '订单金额超过限额',
  'ACQ.TRADE_CANCEL_TIME_OUT': '超过撤销时间范围',
  'ACQ.INVALID_PARAMETER': '参数无效',
  'ACQ.SYSTEM_ERROR': '系统错误',
} as const

export type AcqSubCode = keyof typeof acq

export function success(fields: Inner = {}): Inner {
  return { code: '10000', msg: 'Success', ...fields }
}

/** alipay.trade.pay only: the buyer must still confirm (password); poll query. */
export function waitingForBuyer(fields: Inner): Inner {
  return { code: '10003', msg: 'order success pay inprocess', ...fields }
}

export function businessFailure(subCode: AcqSubCode, fields: Inner = {}, subMsg: string = acq[subCode]): Inner {
  return { code: '40004', msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg, ...fields }
}

/** A required common parameter is missing (`isv.missing-signature`, `isv.missing-app-id`, …). */
export function missingArgument(subCode: string, subMsg: string): Inner {
  return { code: '40001', msg: 'Missing Required Arguments', sub_code: subCode, sub_msg: subMsg }
}

/** A common parameter is wrong (`isv.invalid-signature`, `isv.invalid-app-id`, …). */
export function invalidArgument(subCode: string, subMsg: string): Inner {
  return { code: '40002', msg: 'Invalid Arguments', sub_code: subCode, sub_msg: subMsg }
}

export function serviceUnavailable(): Inner {
  return { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'isp.unknow-error', sub_msg: '系统繁忙' }
}

/** A biz_content field that is missing or malformed. */
export function invalidParameter(field: string, problem = 'is missing or malformed'): Inner {
  return businessFailure('ACQ.INVALID_PARAMETER', {}, `参数无效: ${field} ${problem}`)
}
