import { describe, expect, it } from 'vitest'
import {
  checkDigitOf,
  makeScaleLabel,
  readScaleLabel,
  type ScaleLabelFormat,
  valueDigits,
} from '../../src-shared/scale-label'

const amount13: ScaleLabelFormat = { flags: ['22'], length: 13, codeDigits: 5, fields: ['amount'] }
const weight13: ScaleLabelFormat = { flags: ['21', '24'], length: 13, codeDigits: 5, fields: ['weight'] }
const amountWeight18: ScaleLabelFormat = { flags: ['26'], length: 18, codeDigits: 5, fields: ['amount', 'weight'] }
const weightAmount18: ScaleLabelFormat = { flags: ['27'], length: 18, codeDigits: 5, fields: ['weight', 'amount'] }
const all = [amount13, weight13, amountWeight18, weightAmount18]

describe('the EAN-13 check digit', () => {
  it.each([
    ['400638133393', 1], // a retail EAN-13 printed on goods: 4006381333931
    ['690123456789', 2], // 6901234567892
    ['220012301234', 0], // the spec's example label, 22 00123 01234 → check 0
    ['000000000000', 0],
  ])('of %s is %d', (data, digit) => {
    expect(checkDigitOf(data)).toBe(digit)
  })
})

describe('reading scale labels', () => {
  it('flag 22, code 5, amount: 2200123012340 is item 00123 at ¥12.34', () => {
    expect(readScaleLabel('2200123012340', all)).toEqual({
      kind: 'label',
      label: { code: '00123', amountFen: 1234, grams: null },
    })
  })

  it('a weight label of either flag reads its grams', () => {
    const code = makeScaleLabel(weight13, '24', '00456', [734])
    expect(code).toHaveLength(13)
    expect(readScaleLabel(code, all)).toEqual({ kind: 'label', label: { code: '00456', amountFen: null, grams: 734 } })
  })

  it('18 digits carry both, amount first or weight first, as the shop set', () => {
    const a = makeScaleLabel(amountWeight18, '26', '00789', [382, 367])
    const w = makeScaleLabel(weightAmount18, '27', '00789', [367, 382])
    expect(a).toHaveLength(18)
    expect(readScaleLabel(a, all)).toEqual({ kind: 'label', label: { code: '00789', amountFen: 382, grams: 367 } })
    expect(readScaleLabel(w, all)).toEqual({ kind: 'label', label: { code: '00789', amountFen: 382, grams: 367 } })
  })

  it('every wrong check digit is refused, never read', () => {
    for (let digit = 1; digit <= 9; digit++) {
      expect(readScaleLabel(`220012301234${digit}`, all)).toEqual({ kind: 'bad-check', expected: 0, found: digit })
    }
  })

  it('one misread digit anywhere is caught by the check digit', () => {
    const good = '2200123012340'
    for (let i = 2; i < 12; i++) {
      const digit = Number(good[i])
      const misread = good.slice(0, i) + String((digit + 1) % 10) + good.slice(i + 1)
      expect(readScaleLabel(misread, all)?.kind).toBe('bad-check')
    }
  })

  it('a label that says nothing to sell (zero amount or weight) is empty', () => {
    expect(readScaleLabel(makeScaleLabel(amount13, '22', '00123', [0]), all)).toEqual({ kind: 'empty' })
    expect(readScaleLabel(makeScaleLabel(amountWeight18, '26', '00123', [500, 0]), all)).toEqual({ kind: 'empty' })
  })

  it.each([
    ['6901234567892', 'an ordinary EAN-13: its flag is no scale flag'],
    ['2300123012349', 'a flag the shop did not set'],
    ['22001230123', 'too short for any format'],
    ['220012301234X', 'not digits'],
    ['', 'nothing'],
  ])('%s is no label (%s)', (code) => {
    expect(readScaleLabel(code, all)).toBeNull()
  })

  it('no formats set: nothing is a label', () => {
    expect(readScaleLabel('2200123012340', [])).toBeNull()
  })

  it('the values share what the code leaves; a split that does not come out even is no format', () => {
    expect(valueDigits(amount13)).toBe(5)
    expect(valueDigits({ ...amount13, codeDigits: 6 })).toBe(4)
    expect(valueDigits({ ...amountWeight18, codeDigits: 6 })).toBeNull()
    expect(readScaleLabel('260012345678901234', [{ ...amountWeight18, codeDigits: 6 }])).toBeNull()
  })
})
