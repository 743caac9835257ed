// A refusal from Alipay tells the cashier why, in the till's language: the catalogue's text for
// the common sub_codes, Alipay's own sub_msg for the others, and the plain message without either.
import { describe, expect, it } from 'vitest'
import { refusalReason } from '../../src-main/alipay/client/outcomes'
import { strings } from '../../src-renderer/strings'
import { errorText } from '../../src-renderer/strings/errors'
import type { ErrorBody } from '../../src-shared/errors'

/** PAYMENT_FAILED as the main process sends it for an Alipay refusal. */
const refused = (subCode: string | null, subMsg: string | null): ErrorBody => ({
  code: 'PAYMENT_FAILED',
  message: refusalReason(subCode, subMsg),
  details: { subCode, reason: refusalReason(subCode, subMsg) },
})

const common = [
  'ACQ.BUYER_BALANCE_NOT_ENOUGH',
  'ACQ.TRADE_HAS_CLOSE',
  'ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR',
  'ACQ.PAYMENT_AUTH_CODE_INVALID',
  'ACQ.TRADE_BUYER_NOT_MATCH',
  'ACQ.BUYER_ENABLE_STATUS_FORBID',
  'ACQ.REASON_TRADE_BEEN_FREEZEN',
  'ACQ.SELLER_BALANCE_NOT_ENOUGH',
]

describe("Alipay's refusal in the cashier's language", () => {
  it('says the balance is too low, in Chinese and in English', () => {
    const error = refused('ACQ.BUYER_BALANCE_NOT_ENOUGH', '买家余额不足')
    expect(errorText(error, strings.zh.errors)).toBe('支付宝拒绝：顾客的支付宝余额不足，请让顾客充值或换一种方式付款。')
    expect(errorText(error, strings.en.errors)).toBe(
      "Alipay refused: The customer's Alipay balance is not enough; ask them to top up or pay another way.",
    )
  })

  for (const subCode of common) {
    it(`has its own text for ${subCode} in both languages`, () => {
      const zh = errorText(refused(subCode, 'sub_msg'), strings.zh.errors)
      const en = errorText(refused(subCode, 'sub_msg'), strings.en.errors)
      expect(zh).toBe(`支付宝拒绝：${strings.zh.alipayRefusals[subCode]}`)
      expect(en).toBe(`Alipay refused: ${strings.en.alipayRefusals[subCode]}`)
      expect(zh).not.toContain('sub_msg')
      expect(zh).not.toBe(en)
    })
  }

  it("shows Alipay's own sub_msg for a sub_code the till has no words for", () => {
    const error = refused('ACQ.RISK_LEVEL_BLOCKED', '交易存在风险，已被拦截')
    expect(errorText(error, strings.zh.errors)).toBe('支付宝拒绝：交易存在风险，已被拦截')
    expect(errorText(error, strings.en.errors)).toBe('Alipay refused: 交易存在风险，已被拦截')
  })

  it('says only that the payment did not go through when there is no reason at all', () => {
    const error: ErrorBody = { code: 'PAYMENT_FAILED', message: 'refused', details: { refundId: 3 } }
    expect(errorText(error, strings.zh.errors)).toBe('支付未成功。')
    expect(errorText(error, strings.en.errors)).toBe('The payment did not go through.')
  })
})
