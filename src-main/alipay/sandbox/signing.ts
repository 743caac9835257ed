// Alipay's RSA2 signatures (SHA256withRSA, base64), as the classic gateway makes and checks them.
// The client side never uses this: it signs through alipay-sdk. The sandbox needs it to verify
// what the SDK sent and to sign what it answers, byte for byte as Alipay does.
import { createSign, createVerify, type KeyObject } from 'node:crypto'

export type Params = Record<string, string | undefined>

/**
 * The text a request or notify signature covers: every parameter except the omitted ones, empty
 * values dropped, keys sorted by ASCII, `k=v` joined with `&`, values raw (no URL encoding).
 */
export function signingString(params: Params, omit: readonly string[] = ['sign']): string {
  return Object.keys(params)
    .filter((key) => !omit.includes(key) && params[key] !== undefined && params[key] !== '')
    .sort(byAscii)
    .map((key) => `${key}=${params[key]}`)
    .join('&')
}

// Alipay sorts by byte value; localeCompare would put '_' and capitals elsewhere.
function byAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function signRsa2(text: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(text, 'utf8').sign(privateKey, 'base64')
}

export function verifyRsa2(text: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(text, 'utf8').verify(publicKey, signature, 'base64')
  } catch {
    // A signature that is not even base64 of the right length is simply wrong.
    return false
  }
}

/** A failure answer as Alipay sometimes sends it: the same shape, with no `sign` at all. */
export function unsignedAnswer(responseKey: string, inner: object): string {
  return `{${JSON.stringify(responseKey)}:${JSON.stringify(inner)}}`
}

/**
 * A gateway answer: `{"<key>":{…},"sign":"…"}`, the signature over the exact bytes of the inner
 * object. The response object comes first and the JSON is compact, because the SDK finds the
 * signed text by position between `"<key>":` and the last `"sign"`. In certificate mode
 * `alipay_cert_sn` (which certificate's key signed it) stands between the two, as Alipay sends it.
 * `forged` signs other bytes: still a real RSA-2048 signature, one that a client checking it must refuse.
 */
export function signedAnswer(
  responseKey: string,
  inner: object,
  privateKey: KeyObject,
  { forged = false, alipayCertSn }: { forged?: boolean; alipayCertSn?: string | undefined } = {},
): string {
  const innerJson = JSON.stringify(inner)
  const signature = signRsa2(forged ? `${innerJson} ` : innerJson, privateKey)
  const certSn = alipayCertSn ? `,"alipay_cert_sn":${JSON.stringify(alipayCertSn)}` : ''
  return `{${JSON.stringify(responseKey)}:${innerJson}${certSn},"sign":${JSON.stringify(signature)}}`
}
