// The till's Alipay client: a thin layer over alipay-sdk's classic `exec` that always verifies the
// answer's signature and never throws. Every call ends in one of three ways: a verified answer
// (success or Alipay's business failure, with its code and sub_code), GATEWAY_UNAVAILABLE (no
// usable answer: network, HTTP status, not JSON, cut connection, timeout) or SIGNATURE_INVALID.
// Neither failure says whether the operation happened: callers must find out with a query.
import { AlipaySdk } from 'alipay-sdk'
import { fenToYuanString, yuanStringToFen } from '../../../src-shared/money'

export interface AlipayClientSettings {
  appId: string
  /** PKCS1 PEM (see loadAppPrivateKeyForSdk). */
  privateKeyPem: string
  /** Alipay's (or the sandbox's) public key, SPKI PEM. */
  alipayPublicKeyPem: string
  gateway: string
  timeoutMs?: number
}

export type GatewayFailure = 'GATEWAY_UNAVAILABLE' | 'SIGNATURE_INVALID'

/** A verified answer: code '10000' success, '10003' waiting for the buyer, else a failure with subCode. */
export interface GatewayReply {
  ok: true
  code: string
  msg: string
  subCode: string | null
  subMsg: string | null
  /** The answer's other fields, camelCased by the SDK (qrCode, tradeStatus, totalAmount, …). */
  body: Record<string, unknown>
}

export type GatewayAnswer = GatewayReply | { ok: false; error: GatewayFailure; message: string }

export const isSuccess = (answer: GatewayAnswer): answer is GatewayReply & { code: '10000' } =>
  answer.ok && answer.code === '10000'
export const subCodeOf = (answer: GatewayAnswer): string | null => (answer.ok ? answer.subCode : null)

export type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_FINISHED' | 'TRADE_CLOSED'

/** What a query (or a verified notify) says about a trade. */
export interface TradeState {
  status: TradeStatus
  tradeNo: string | null
  /** total_amount in fen; null if absent or malformed. */
  totalFen: number | null
}

export class AlipayGateway {
  private readonly sdk: AlipaySdk

  constructor(private readonly settings: AlipayClientSettings) {
    const origin = new URL(settings.gateway).origin
    this.sdk = new AlipaySdk({
      appId: settings.appId,
      privateKey: settings.privateKeyPem,
      alipayPublicKey: settings.alipayPublicKeyPem,
      gateway: settings.gateway,
      endpoint: origin,
      timeout: settings.timeoutMs ?? 5000,
    })
  }

  get appId(): string {
    return this.settings.appId
  }

  precreate(input: {
    outTradeNo: string
    amountFen: number
    subject: string
    timeoutMinutes: number
    notifyUrl?: string | null
  }): Promise<GatewayAnswer> {
    return this.exec(
      'alipay.trade.precreate',
      {
        out_trade_no: input.outTradeNo,
        total_amount: fenToYuanString(input.amountFen),
        subject: input.subject,
        qr_code_timeout_express: `${input.timeoutMinutes}m`,
      },
      input.notifyUrl,
    )
  }

  pay(input: {
    outTradeNo: string
    authCode: string
    amountFen: number
    subject: string
    notifyUrl?: string | null
  }): Promise<GatewayAnswer> {
    return this.exec(
      'alipay.trade.pay',
      {
        out_trade_no: input.outTradeNo,
        scene: 'bar_code',
        auth_code: input.authCode,
        total_amount: fenToYuanString(input.amountFen),
        subject: input.subject,
      },
      input.notifyUrl,
    )
  }

  query(outTradeNo: string): Promise<GatewayAnswer> {
    return this.exec('alipay.trade.query', { out_trade_no: outTradeNo })
  }

  cancel(outTradeNo: string): Promise<GatewayAnswer> {
    return this.exec('alipay.trade.cancel', { out_trade_no: outTradeNo })
  }

  refund(input: {
    outTradeNo: string
    amountFen: number
    outRequestNo: string
    reason: string
  }): Promise<GatewayAnswer> {
    return this.exec('alipay.trade.refund', {
      out_trade_no: input.outTradeNo,
      refund_amount: fenToYuanString(input.amountFen),
      out_request_no: input.outRequestNo,
      ...(input.reason ? { refund_reason: input.reason } : {}),
    })
  }

  refundQuery(input: { outTradeNo: string; outRequestNo: string }): Promise<GatewayAnswer> {
    return this.exec('alipay.trade.fastpay.refund.query', {
      out_trade_no: input.outTradeNo,
      out_request_no: input.outRequestNo,
    })
  }

  /** An async notify's fields, already form-decoded: true only for a valid signature by Alipay for this app. */
  verifyNotify(fields: Record<string, string>): boolean {
    try {
      return fields.app_id === this.settings.appId && this.sdk.checkNotifySignV2(fields)
    } catch {
      return false
    }
  }

  private async exec(
    method: string,
    bizContent: Record<string, string>,
    notifyUrl?: string | null,
  ): Promise<GatewayAnswer> {
    // The SDK signs an empty value (`k=`) that the gateway drops: never send one.
    const params: Record<string, unknown> = { bizContent }
    if (notifyUrl) params.notifyUrl = notifyUrl
    try {
      const result = (await this.sdk.exec(method, params, { validateSign: true })) as Record<string, unknown>
      const { code, msg, subCode, subMsg, traceId: _traceId, ...body } = result
      if (typeof code !== 'string')
        return { ok: false, error: 'GATEWAY_UNAVAILABLE', message: `${method}: an answer without a code` }
      return {
        ok: true,
        code,
        msg: typeof msg === 'string' ? msg : '',
        subCode: typeof subCode === 'string' ? subCode : null,
        subMsg: typeof subMsg === 'string' ? subMsg : null,
        body,
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      // The SDK says 验签失败 for a signature that does not match; a missing sign fails in node:crypto.
      const badSignature = message.includes('验签') || (error instanceof TypeError && !message.includes('HttpClient'))
      return {
        ok: false,
        error: badSignature ? 'SIGNATURE_INVALID' : 'GATEWAY_UNAVAILABLE',
        message: `${method}: ${message.slice(0, 300)}`,
      }
    }
  }
}

const tradeStatuses: readonly string[] = ['WAIT_BUYER_PAY', 'TRADE_SUCCESS', 'TRADE_FINISHED', 'TRADE_CLOSED']

/** The trade state in a successful query answer (camelCased) or a notify (snake_cased); null if it has none. */
export function tradeStateOf(fields: Record<string, unknown>): TradeState | null {
  const status = fields.tradeStatus ?? fields.trade_status
  if (typeof status !== 'string' || !tradeStatuses.includes(status)) return null
  const amount = fields.totalAmount ?? fields.total_amount
  const tradeNo = fields.tradeNo ?? fields.trade_no
  let totalFen: number | null = null
  if (typeof amount === 'string') {
    try {
      totalFen = yuanStringToFen(amount)
    } catch {
      totalFen = null
    }
  }
  return { status: status as TradeStatus, tradeNo: typeof tradeNo === 'string' ? tradeNo : null, totalFen }
}
