import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { chinaTime, parseTimeoutExpress, parseYuan } from '../../src-main/alipay/sandbox/formats'
import { signedAnswer, signingString, signRsa2, verifyRsa2 } from '../../src-main/alipay/sandbox/signing'

describe('the text an Alipay signature covers', () => {
  it('sorts keys by ASCII, drops empty values and sign, keeps sign_type and biz_content, no URL encoding', () => {
    const params = {
      timestamp: '2025-06-01 10:00:00',
      method: 'alipay.trade.precreate',
      app_id: '9021000000000001',
      sign: 'c2lnbg==',
      sign_type: 'RSA2',
      notify_url: '',
      return_url: undefined,
      biz_content: '{"out_trade_no":"T1_20250601_0001_1","total_amount":"12.30","subject":"鲜果拼盘 & 酸奶 100%"}',
      charset: 'utf-8',
      version: '1.0',
    }
    expect(signingString(params)).toBe(
      'app_id=9021000000000001&biz_content={"out_trade_no":"T1_20250601_0001_1","total_amount":"12.30","subject":"鲜果拼盘 & 酸奶 100%"}' +
        '&charset=utf-8&method=alipay.trade.precreate&sign_type=RSA2&timestamp=2025-06-01 10:00:00&version=1.0',
    )
  })

  it('orders capitals and _ by byte value, not by locale', () => {
    expect(signingString({ b: '1', B: '2', a_b: '3', ab: '4', a: '5' })).toBe('B=2&a=5&a_b=3&ab=4&b=1')
  })

  it('leaves out sign and sign_type for a notify', () => {
    expect(
      signingString({ trade_status: 'TRADE_SUCCESS', sign: 'x', sign_type: 'RSA2', subject: '草莓' }, [
        'sign',
        'sign_type',
      ]),
    ).toBe('subject=草莓&trade_status=TRADE_SUCCESS')
  })

  it('signs the raw UTF-8 bytes with SHA256withRSA', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const text = 'subject=鲜果拼盘&total_amount=12.30'
    const signature = signRsa2(text, privateKey)
    expect(Buffer.from(signature, 'base64')).toHaveLength(256)
    expect(verifyRsa2(text, signature, publicKey)).toBe(true)
    expect(verifyRsa2('subject=鲜果拼盘&total_amount=12.31', signature, publicKey)).toBe(false)
    expect(verifyRsa2(text, 'not base64!', publicKey)).toBe(false)
  })

  it('signs the exact bytes of the inner object of an answer, which comes before the sign', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const body = signedAnswer(
      'alipay_trade_query_response',
      { code: '10000', msg: 'Success', subject: '草莓 "特价"' },
      privateKey,
    )
    const inner = '{"code":"10000","msg":"Success","subject":"草莓 \\"特价\\""}'
    expect(body.startsWith(`{"alipay_trade_query_response":${inner},"sign":"`)).toBe(true)
    expect(verifyRsa2(inner, signOf(body), publicKey)).toBe(true)
    const forged = signedAnswer('alipay_trade_query_response', { code: '10000' }, privateKey, { forged: true })
    expect(verifyRsa2('{"code":"10000"}', signOf(forged), publicKey)).toBe(false)
  })
})

describe('Alipay wire formats', () => {
  it('writes China time with no zone whatever the host zone', () => {
    expect(chinaTime(Date.parse('2025-06-01T16:30:05.123Z'))).toBe('2025-06-02 00:30:05')
    expect(chinaTime(Date.parse('2025-06-01T16:30:05.123Z'), true)).toBe('2025-06-02 00:30:05.123')
  })

  it('reads yuan amounts without floats, and refuses more than two decimals', () => {
    expect(parseYuan('12.30')).toBe(1230)
    expect(parseYuan('12.3')).toBe(1230)
    expect(parseYuan(12)).toBe(1200)
    expect(parseYuan('0.01')).toBe(1)
    expect(parseYuan('12.345')).toBeNull()
    expect(parseYuan('-1.00')).toBeNull()
    expect(parseYuan('')).toBeNull()
    expect(parseYuan(null)).toBeNull()
  })

  it('reads timeout_express', () => {
    const now = Date.parse('2025-06-01T02:00:00Z') // 10:00 in China
    expect(parseTimeoutExpress('5m', now)).toBe(5 * 60_000)
    expect(parseTimeoutExpress('2h', now)).toBe(2 * 3600_000)
    expect(parseTimeoutExpress('15d', now)).toBe(15 * 24 * 3600_000)
    expect(parseTimeoutExpress('1c', now)).toBe(14 * 3600_000)
    expect(parseTimeoutExpress('16d', now)).toBeNull()
    expect(parseTimeoutExpress('0m', now)).toBeNull()
    expect(parseTimeoutExpress('5s', now)).toBeNull()
  })
})

/** The `sign` field of a signed gateway answer. */
function signOf(answer: string): string {
  return (JSON.parse(answer) as { sign: string }).sign
}
