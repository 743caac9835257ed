// The classic gateway (`POST /gateway.do`): check the common parameters and the app's RSA2
// signature, run the method, answer `{"<method>_response":{…},"sign":"…"}` signed by the sandbox,
// with the switched-on faults applied.
import type { KeyObject } from 'node:crypto'
import { chinaTime, parseChinaTime } from '../china-time'
import {
  acq,
  type Inner,
  businessFailure,
  invalidArgument,
  invalidParameter,
  missingArgument,
  serviceUnavailable,
  success,
} from './answers'
import type { FaultSwitches } from './faults'
import { timestampPattern } from './formats'
import { gatewayMethods } from './methods'
import type { BizContent } from './methods/method'
import { type Params, signedAnswer, signingString, unsignedAnswer, verifyRsa2 } from './signing'
import type { TradeBook } from './trade-book'

export interface GatewayContext {
  appId: string
  appPublicKey: KeyObject
  sandboxPrivateKey: KeyObject
  book: TradeBook
  faults: FaultSwitches
  qrCodeFor: (token: string) => string
  billUrlFor: (billDate: string) => string
  /** Certificate mode: the serial-number digests every request must carry, and the answers' own. */
  certificateSns: CertificateSns | null
}

export interface CertificateSns {
  app: string
  root: string
  alipay: string
}

export type GatewayReply =
  | { drop: true; latencyMs: number }
  | { drop?: false; latencyMs: number; status: number; contentType: string; body: string }

const json = 'application/json;charset=utf-8'

export function answerGatewayCall(params: Params, ctx: GatewayContext): GatewayReply {
  const method = params.method ?? ''
  const known = Object.hasOwn(gatewayMethods, method)
  // Alipay answers under the method's key; a call it cannot place at all comes as error_response.
  const responseKey = known ? `${method.replaceAll('.', '_')}_response` : 'error_response'
  const faults = ctx.faults.take(method)
  const { latencyMs, outcome } = faults
  const signedBy = { alipayCertSn: ctx.certificateSns?.alipay }

  if (outcome === 'http5xx') {
    return {
      latencyMs,
      status: faults.status,
      contentType: 'text/plain;charset=utf-8',
      body: `${faults.status} sandbox fault: gateway unavailable`,
    }
  }
  if (outcome === 'nonJson') {
    return {
      latencyMs,
      status: 200,
      contentType: 'text/html;charset=utf-8',
      body: '<html><body><h1>502 Bad Gateway</h1><p>sandbox fault</p></body></html>',
    }
  }
  const refused = refuseCall(params, method, known, ctx)
  if (outcome === 'unsignedRefusal' && !refused) {
    const subMsg = (acq as Record<string, string>)[faults.subCode] ?? '业务处理失败'
    const inner = { code: '40004', msg: 'Business Failed', sub_code: faults.subCode, sub_msg: subMsg }
    return { latencyMs, status: 200, contentType: json, body: unsignedAnswer(responseKey, inner) }
  }
  const inner =
    outcome === 'systemError'
      ? businessFailure('ACQ.SYSTEM_ERROR', method === 'alipay.trade.cancel' ? { retry_flag: 'Y' } : {})
      : (refused ??
        (outcome === 'cancelRaced' ? pretendClosed(params, method) : null) ??
        runMethod(params, method, ctx))
  if (outcome === 'drop') return { drop: true, latencyMs }
  if (outcome === 'doneButUnknown' && !refused) {
    return {
      latencyMs,
      status: 200,
      contentType: json,
      body: signedAnswer(responseKey, serviceUnavailable(), ctx.sandboxPrivateKey, signedBy),
    }
  }
  return {
    latencyMs,
    status: 200,
    contentType: json,
    body: signedAnswer(responseKey, inner, ctx.sandboxPrivateKey, { ...signedBy, forged: outcome === 'badSignature' }),
  }
}

/** The common-parameter checks, in the order Alipay's gateway makes them; null when the call may run. */
function refuseCall(params: Params, method: string, known: boolean, ctx: GatewayContext): Inner | null {
  if (!method) return missingArgument('isv.missing-method', '缺少方法名参数')
  if (!params.app_id) return missingArgument('isv.missing-app-id', '缺少AppID参数')
  if (params.app_id !== ctx.appId) return invalidArgument('isv.invalid-app-id', '无效的AppID参数')
  if (!known) return invalidArgument('isv.invalid-method', '不存在的方法名')
  if (!params.sign) return missingArgument('isv.missing-signature', '缺少签名参数')
  if (!params.sign_type) return missingArgument('isv.missing-signature-type', '缺少签名类型参数')
  if (params.sign_type !== 'RSA2')
    return invalidArgument('isv.invalid-signature-type', '无效的签名类型参数 (the sandbox takes RSA2)')
  if (!params.timestamp) return missingArgument('isv.missing-timestamp', '缺少时间戳参数')
  if (!timestampPattern.test(params.timestamp)) return invalidArgument('isv.invalid-timestamp', '非法的时间戳参数')
  // Alipay refuses a request whose timestamp is more than 15 minutes from its own (China) time.
  const skewMs = Math.abs(parseChinaTime(params.timestamp) - ctx.book.now())
  if (!(skewMs <= timestampWindowMs))
    return invalidArgument(
      'isv.invalid-timestamp',
      `时间戳参数与支付宝时间相差超过15分钟 (now ${chinaTime(ctx.book.now())})`,
    )
  if (!params.version) return missingArgument('isv.missing-version', '缺少版本参数')
  if (params.charset && params.charset.toLowerCase() !== 'utf-8')
    return invalidArgument('isv.invalid-charset', '字符集错误 (the sandbox takes utf-8)')
  const certificates = refuseCertificates(params, ctx.certificateSns)
  if (certificates) return certificates
  const signed = signingString(params)
  if (!verifyRsa2(signed, params.sign, ctx.appPublicKey)) {
    return invalidArgument(
      'isv.invalid-signature',
      `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${signed}`,
    )
  }
  return null
}

const timestampWindowMs = 15 * 60_000

/**
 * Certificate mode: the app names the certificate it signs with and the root it trusts by their
 * serial-number digests; a request without them, or naming others, is refused before its
 * signature is checked. In key mode they are not looked at.
 */
function refuseCertificates(params: Params, sns: CertificateSns | null): Inner | null {
  if (!sns) return null
  if (!params.app_cert_sn) return missingArgument('isv.missing-app-cert-sn', '缺少应用公钥证书序列号参数')
  if (params.app_cert_sn !== sns.app)
    return invalidArgument('isv.invalid-app-cert-sn', '应用公钥证书序列号与开放平台上传的证书不一致')
  if (!params.alipay_root_cert_sn)
    return missingArgument('isv.missing-alipay-root-cert-sn', '缺少支付宝根证书序列号参数')
  if (params.alipay_root_cert_sn !== sns.root)
    return invalidArgument('isv.invalid-alipay-root-cert-sn', '支付宝根证书序列号不正确')
  return null
}

/** cancelRaced: a cancel or close answered as done although the trade was left as it was. */
function pretendClosed(params: Params, method: string): Inner | null {
  if (method !== 'alipay.trade.cancel' && method !== 'alipay.trade.close') return null
  let outTradeNo: unknown
  try {
    outTradeNo = (JSON.parse(params.biz_content ?? '{}') as Record<string, unknown>).out_trade_no
  } catch {
    return null
  }
  return success({
    ...(typeof outTradeNo === 'string' ? { out_trade_no: outTradeNo } : {}),
    ...(method === 'alipay.trade.cancel' ? { retry_flag: 'N', action: 'close' } : {}),
  })
}

function runMethod(params: Params, method: string, ctx: GatewayContext): Inner {
  let biz: BizContent = {}
  if (params.biz_content) {
    try {
      const parsed: unknown = JSON.parse(params.biz_content)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError('not an object')
      biz = parsed as BizContent
    } catch {
      return invalidParameter('biz_content', 'is not a JSON object')
    }
  }
  const run = gatewayMethods[method]
  if (!run) return invalidArgument('isv.invalid-method', '不存在的方法名')
  return run({
    biz,
    notifyUrl: params.notify_url || undefined,
    book: ctx.book,
    qrCodeFor: ctx.qrCodeFor,
    billUrlFor: ctx.billUrlFor,
  })
}
