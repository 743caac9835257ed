// Every gateway answer is classed once (src-main/alipay/client/outcomes.ts): unknown never reads as
// a refusal, and an unsigned answer is believed only as a refusal Alipay leaves unsigned.
import { describe, expect, it } from 'vitest'
import { classify, type RawAnswer } from '../../src-main/alipay/client/outcomes'

const raw = (fields: Partial<RawAnswer>): RawAnswer => ({
  code: '10000',
  msg: 'Success',
  subCode: null,
  subMsg: null,
  body: {},
  signed: true,
  ...fields,
})
const failure = (code: string, subCode: string, signed = true) => raw({ code, msg: 'x', subCode, subMsg: '?', signed })

describe('gateway outcomes', () => {
  it('a signed 10000 succeeded; 10003 only for a barcode pay', () => {
    expect(classify('alipay.trade.query', raw({})).kind).toBe('succeeded')
    expect(classify('alipay.trade.pay', raw({ code: '10003' })).kind).toBe('succeeded')
    expect(classify('alipay.trade.query', raw({ code: '10003' })).kind).toBe('unknown')
  })

  it('20000 and ACQ.SYSTEM_ERROR are unknown, signed or not', () => {
    for (const signed of [true, false]) {
      expect(classify('alipay.trade.pay', failure('20000', 'isp.unknow-error', signed))).toMatchObject({
        kind: 'unknown',
        error: 'GATEWAY_UNAVAILABLE',
      })
      expect(classify('alipay.trade.refund', failure('40004', 'ACQ.SYSTEM_ERROR', signed)).kind).toBe('unknown')
    }
  })

  it('an unsigned success is unknown: it cannot be believed', () => {
    expect(classify('alipay.trade.pay', raw({ signed: false }))).toMatchObject({
      kind: 'unknown',
      error: 'SIGNATURE_INVALID',
    })
  })

  it('an unsigned 40004 with a business sub_code is a refusal, with the buyer-facing reason', () => {
    expect(classify('alipay.trade.refund', failure('40004', 'ACQ.SELLER_BALANCE_NOT_ENOUGH', false))).toMatchObject({
      kind: 'refused',
      subCode: 'ACQ.SELLER_BALANCE_NOT_ENOUGH',
      signed: false,
    })
    const refused = classify('alipay.trade.refund', failure('40004', 'ACQ.SELLER_BALANCE_NOT_ENOUGH', false))
    expect(refused.kind === 'refused' && refused.reason).toMatch(/balance is not enough/)
    expect(classify('alipay.trade.pay', failure('40004', 'ACQ.BUYER_BALANCE_NOT_ENOUGH'))).toMatchObject({
      kind: 'refused',
      signed: true,
    })
  })

  it('unsigned refusals at the door (40001, 40002) are refusals; an unsigned code Alipay does not define is unknown', () => {
    expect(classify('alipay.trade.query', failure('40002', 'isv.invalid-timestamp', false)).kind).toBe('refused')
    expect(classify('alipay.trade.query', failure('40004', 'isv.whatever', false)).kind).toBe('unknown')
    expect(classify('alipay.trade.query', failure('50000', 'x', false)).kind).toBe('unknown')
  })

  it('a pay or precreate refused because the trade already exists is unknown: only a query tells', () => {
    for (const subCode of ['ACQ.TRADE_HAS_SUCCESS', 'ACQ.TRADE_HAS_CLOSE', 'ACQ.CONTEXT_INCONSISTENT'])
      expect(classify('alipay.trade.pay', failure('40004', subCode)).kind).toBe('unknown')
    expect(classify('alipay.trade.refund', failure('40004', 'ACQ.TRADE_HAS_CLOSE')).kind).toBe('refused')
  })

  it("Alipay's own sub_msg is the reason for a refusal the till has no words for", () => {
    expect(classify('alipay.trade.refund', failure('40004', 'ACQ.SOMETHING_NEW'))).toMatchObject({ reason: '?' })
  })
})
