// The till's Alipay client: a thin layer over alipay-sdk's classic `exec` that always verifies the
// answer's signature, sends China time whatever the host's zone, never throws, and classes every
// answer in outcomes.ts: succeeded, refused (with sub_code and the buyer-facing reason) or unknown
// (no usable answer, an unverifiable one, 20000 or ACQ.SYSTEM_ERROR — the operation may have happened).
import { AlipaySdk } from 'alipay-sdk'
import { fenToYuanString, yuanStringToFen } from '../../../src-shared/money'
import { chinaTime } from '../china-time'
import { classify, type GatewayAnswer, type RawAnswer } from './outcomes'

export type { GatewayAnswer, GatewayFailure, Refused, Succeeded, Unknown } from './outcomes'

/**
 * How long to wait for an answer. Alipay's face-to-face guidance: a pay call may take up to about
 * 15 s while Alipay's risk checks run before it answers (a shorter wait turns real payments into
 * unknowns that must be queried); see docs/PAYMENTS.md.
 */
export const defaultReadTimeoutMs = 15_000

export interface AlipayClientSettings {
  appId: string
  /** PKCS1 PEM (see loadAppPrivateKeyForSdk). */
  privateKeyPem: string
  /** Key mode: Alipay's (or the sandbox's) public key, SPKI PEM. */
  alipayPublicKeyPem?: string
  /** Certificate mode (公钥证书) instead: the three certificates Alipay issued for the app. */
  certificates?: AlipayCertificates
  /** Sent with every trade and refund, so Alipay's records say where it was made. */
  shop: { storeId: string; terminalId: string }
  gateway: string
  timeoutMs?: number
  /** The clock the request timestamps are written from. */
  now?: () => number
}

/** Certificate mode's files, as PEM text (checked by loadAlipayCertificates). */
export interface AlipayCertificates {
  appCertPem: string
  alipayPublicCertPem: string
  alipayRootCertPem: string
}

export const isSucceeded = (answer: GatewayAnswer): answer is GatewayAnswer & { kind: 'succeeded' } =>
  answer.kind === 'succeeded'

/** An answer that came without a signature; only some refusals may (see outcomes.ts). */
class UnsignedAnswer extends Error {
  constructor(readonly inner: Record<string, unknown>) {
    super('an answer without a signature')
  }
}

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
    const { certificates, alipayPublicKeyPem } = settings
    if (Boolean(certificates) === Boolean(alipayPublicKeyPem))
      throw new Error("the Alipay client takes either Alipay's public key or the three certificates")
    this.sdk = new AlipaySdk({
      appId: settings.appId,
      privateKey: settings.privateKeyPem,
      // In certificate mode the SDK sends app_cert_sn and alipay_root_cert_sn with every call and
      // verifies answers with the key inside Alipay's certificate.
      ...(certificates
        ? {
            appCertContent: certificates.appCertPem,
            alipayPublicCertContent: certificates.alipayPublicCertPem,
            alipayRootCertContent: certificates.alipayRootCertPem,
          }
        : { alipayPublicKey: alipayPublicKeyPem }),
      gateway: settings.gateway,
      endpoint: origin,
      timeout: settings.timeoutMs ?? defaultReadTimeoutMs,
    })
    // The SDK checks a signature only where there is one to check and fails in node:crypto
    // otherwise; an answer without one is handed to classify(), which believes only the
    // refusals Alipay leaves unsigned.
    const check = this.sdk.checkResponseSign.bind(this.sdk)
    this.sdk.checkResponseSign = (raw, responseKey, serverSign, traceId) => {
      if (serverSign) return check(raw, responseKey, serverSign, traceId)
      const parsed = JSON.parse(raw) as Record<string, Record<string, unknown> | undefined>
      throw new UnsignedAnswer(parsed[responseKey] ?? parsed.error_response ?? {})
    }
  }

  /** The request `timestamp`: China time from the till's clock. */
  timestamp(): string {
    return chinaTime((this.settings.now ?? Date.now)())
  }

  get appId(): string {
    return this.settings.appId
  }

  precreate(input: {
    outTradeNo: string
    amountFen: number
    subject: string
    timeoutMinutes: number
    operatorId: string
    notifyUrl?: string | null
  }): Promise<GatewayAnswer> {
    return this.exec(
      'alipay.trade.precreate',
      {
        out_trade_no: input.outTradeNo,
        total_amount: fenToYuanString(input.amountFen),
        subject: input.subject,
        qr_code_timeout_express: `${input.timeoutMinutes}m`,
        ...this.madeBy(input.operatorId),
      },
      input.notifyUrl,
    )
  }

  pay(input: {
    outTradeNo: string
    authCode: string
    amountFen: number
    subject: string
    operatorId: string
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
        ...this.madeBy(input.operatorId),
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
    operatorId: string
  }): Promise<GatewayAnswer> {
    return this.exec('alipay.trade.refund', {
      out_trade_no: input.outTradeNo,
      refund_amount: fenToYuanString(input.amountFen),
      out_request_no: input.outRequestNo,
      ...(input.reason ? { refund_reason: input.reason } : {}),
      ...this.madeBy(input.operatorId),
    })
  }

  refundQuery(input: { outTradeNo: string; outRequestNo: string }): Promise<GatewayAnswer> {
    return this.exec('alipay.trade.fastpay.refund.query', {
      out_trade_no: input.outTradeNo,
      out_request_no: input.outRequestNo,
    })
  }

  /** The short-lived URL of a day's trade bill (`billDate` YYYY-MM-DD, China time): `billDownloadUrl` in the body. */
  billDownloadUrl(billDate: string): Promise<GatewayAnswer> {
    return this.exec('alipay.data.dataservice.bill.downloadurl.query', { bill_type: 'trade', bill_date: billDate })
  }

  /** An async notify's fields, already form-decoded: true only for a valid signature by Alipay for this app. */
  verifyNotify(fields: Record<string, string>): boolean {
    try {
      return fields.app_id === this.settings.appId && this.sdk.checkNotifySignV2(fields)
    } catch {
      return false
    }
  }

  /** The shop's store, this till and the staff member, as Alipay keeps them with a trade or refund. */
  private madeBy(operatorId: string): Record<string, string> {
    return { store_id: this.settings.shop.storeId, terminal_id: this.settings.shop.terminalId, operator_id: operatorId }
  }

  private async exec(
    method: string,
    bizContent: Record<string, string>,
    notifyUrl?: string | null,
  ): Promise<GatewayAnswer> {
    // The SDK signs an empty value (`k=`) that the gateway drops: never send one. Its own
    // timestamp is the host's local time; this one wins over it.
    const params: Record<string, unknown> = { bizContent, timestamp: this.timestamp() }
    if (notifyUrl) params.notifyUrl = notifyUrl
    let raw: RawAnswer
    try {
      const result = (await this.sdk.exec(method, params, { validateSign: true })) as Record<string, unknown>
      raw = rawAnswer(result, true)
    } catch (error) {
      if (error instanceof UnsignedAnswer) raw = rawAnswer(error.inner, false)
      else {
        const message = error instanceof Error ? error.message : String(error)
        // The SDK says 验签失败 for a signature that does not match.
        const badSignature = message.includes('验签')
        return {
          kind: 'unknown',
          error: badSignature ? 'SIGNATURE_INVALID' : 'GATEWAY_UNAVAILABLE',
          message: `${method}: ${message.slice(0, 300)}`,
        }
      }
    }
    return classify(method, raw)
  }
}

/** The SDK's result (camelCased) or an unsigned answer's inner object (snake_cased), as one shape. */
function rawAnswer(fields: Record<string, unknown>, signed: boolean): RawAnswer {
  const { code, msg, subCode, sub_code, subMsg, sub_msg, traceId: _traceId, ...body } = fields
  const text = (value: unknown) => (typeof value === 'string' ? value : null)
  return {
    code: text(code) ?? '',
    msg: text(msg) ?? '',
    subCode: text(subCode ?? sub_code),
    subMsg: text(subMsg ?? sub_msg),
    body,
    signed,
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
