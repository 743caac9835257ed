// Every gateway answer sorted into one of three outcomes, in this one place (docs/PAYMENTS.md,
// "Outcomes"): succeeded, refused (Alipay says the operation did not happen) or unknown (it may
// have happened). Unknown never fails anything: callers find out with a query.

/** Why an answer is unknown, as the cashier hears it: no usable answer, or one we cannot believe. */
export type GatewayFailure = 'GATEWAY_UNAVAILABLE' | 'SIGNATURE_INVALID'

export interface Succeeded {
  kind: 'succeeded'
  /** '10000'; for alipay.trade.pay also '10003' (the buyer still confirms on the phone). */
  code: string
  /** The answer's other fields, camelCased by the SDK (qrCode, tradeStatus, totalAmount, …). */
  body: Record<string, unknown>
}

export interface Refused {
  kind: 'refused'
  code: string
  subCode: string | null
  subMsg: string | null
  /** What the cashier can tell the buyer (English fallback; the screens translate by subCode). */
  reason: string
  /** False for the refusals Alipay sends without a signature (believed for their code alone). */
  signed: boolean
  body: Record<string, unknown>
}

export interface Unknown {
  kind: 'unknown'
  error: GatewayFailure
  message: string
  code?: string
  subCode?: string | null
}

export type GatewayAnswer = Succeeded | Refused | Unknown

/** An answer as the gateway gave it, before it is classed. */
export interface RawAnswer {
  code: string
  msg: string
  subCode: string | null
  subMsg: string | null
  body: Record<string, unknown>
  /** The signature verified (false: the answer came without one). */
  signed: boolean
}

/**
 * Gateway codes that refuse the request at the door, before any trade is touched: authorisation
 * (20001), missing or invalid arguments (40001, 40002) and permissions (40006). Alipay sends
 * these unsigned, so they are believed without a signature too.
 */
const doorRefusals = ['20001', '40001', '40002', '40006']

/**
 * The business refusals of a pay or precreate that do not mean "nothing happened": the trade
 * already exists (a resend of a request whose answer was lost) — only a query tells.
 */
const maybeDone = ['ACQ.TRADE_HAS_SUCCESS', 'ACQ.TRADE_HAS_CLOSE', 'ACQ.CONTEXT_INCONSISTENT']

export function classify(method: string, raw: RawAnswer): GatewayAnswer {
  const unknown = (message: string, error: GatewayFailure = 'GATEWAY_UNAVAILABLE'): Unknown => ({
    kind: 'unknown',
    error,
    message: `${method}: ${message}`,
    code: raw.code,
    subCode: raw.subCode,
  })
  if (raw.code === '20000' || raw.subCode === 'ACQ.SYSTEM_ERROR') return unknown(`${raw.code} ${raw.subCode ?? ''}`)
  const business = raw.code === '40004' && raw.subCode !== null && raw.subCode.startsWith('ACQ.')
  if (!raw.signed && !business && !doorRefusals.includes(raw.code))
    return unknown('an answer without a signature', 'SIGNATURE_INVALID')
  if (raw.code === '10000' || (raw.code === '10003' && method === 'alipay.trade.pay'))
    return { kind: 'succeeded', code: raw.code, body: raw.body }
  if (business && isStart(method) && maybeDone.includes(raw.subCode as string))
    return unknown(`${raw.subCode}: the trade exists; a query tells`)
  if (business || doorRefusals.includes(raw.code)) {
    return {
      kind: 'refused',
      code: raw.code,
      subCode: raw.subCode,
      subMsg: raw.subMsg,
      reason: refusalReason(raw.subCode, raw.subMsg),
      signed: raw.signed,
      body: raw.body,
    }
  }
  return unknown(`an answer Alipay does not define (${raw.code})`)
}

const isStart = (method: string) => method === 'alipay.trade.pay' || method === 'alipay.trade.precreate'

/** The buyer-facing reason for the refusals a till meets; Alipay's own sub_msg otherwise. */
const reasons: Record<string, string> = {
  'ACQ.BUYER_BALANCE_NOT_ENOUGH': "The buyer's balance is not enough; ask them to top up or pay another way.",
  'ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH': "The buyer's bank card balance is not enough.",
  'ACQ.PAYMENT_AUTH_CODE_INVALID': 'The payment code is not valid; ask the buyer to refresh it and scan again.',
  'ACQ.REASON_TRADE_BEEN_FREEZEN': 'The trade is frozen by Alipay.',
  'ACQ.SELLER_BALANCE_NOT_ENOUGH': "The shop's Alipay balance is not enough for this refund.",
  'ACQ.TRADE_NOT_EXIST': 'Alipay has no such trade.',
  'ACQ.TRADE_STATUS_ERROR': 'The trade is not in a state that allows this.',
  'ACQ.TRADE_CANCEL_TIME_OUT': 'The trade can no longer be cancelled.',
  'ACQ.REASON_TRADE_REFUND_FEE_ERR': 'The refund amount is more than was paid.',
  'ACQ.BUYER_ENABLE_STATUS_FORBID': "The buyer's account cannot pay.",
  'ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR': "The buyer reached the day's payment limit.",
  'ACQ.TOTAL_FEE_EXCEED': 'The amount is over what one trade may be.',
}

export function refusalReason(subCode: string | null, subMsg: string | null): string {
  return (subCode && reasons[subCode]) || subMsg || 'Alipay refused it.'
}
