import { describe, expect, it } from 'vitest'
import {
  fenToYuanString,
  formatFen,
  formatFenBrief,
  parseYuanAmount,
  proRataFen,
  spreadFen,
  yuanStringToFen,
} from '../../src-shared/money'

describe('fenToYuanString (the amount Alipay receives)', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [5, '0.05'],
    [10, '0.10'],
    [99, '0.99'],
    [100, '1.00'],
    [1230, '12.30'],
    [1299, '12.99'],
    [100000, '1000.00'],
    [-5, '-0.05'],
    [-1230, '-12.30'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
    [-Number.MAX_SAFE_INTEGER, '-90071992547409.91'],
  ])('%d fen → "%s"', (fen, text) => {
    expect(fenToYuanString(fen)).toBe(text)
  })

  it.each([1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'refuses %d: money is whole fen',
    (fen) => {
      expect(() => fenToYuanString(fen)).toThrow(RangeError)
    },
  )
})

describe('formatFen (screens and receipts)', () => {
  it.each([
    [0, '¥0.00'],
    [1230, '¥12.30'],
    [7, '¥0.07'],
    [123456789, '¥1234567.89'],
    [-1230, '-¥12.30'],
    [-1, '-¥0.01'],
  ])('%d fen → "%s"', (fen, text) => {
    expect(formatFen(fen)).toBe(text)
  })

  it('refuses fractional fen', () => {
    expect(() => formatFen(12.5)).toThrow(RangeError)
  })
})

describe('yuanStringToFen (amounts typed in or read from the gateway)', () => {
  it.each([
    ['12.30', 1230],
    ['12.3', 1230],
    ['12', 1200],
    ['0.05', 5],
    ['0.5', 50],
    ['0', 0],
    ['0.00', 0],
    ['007.10', 710],
    [' 12.30 ', 1230],
    ['-12.30', -1230],
    ['-0.01', -1],
    ['999999999999.99', 99_999_999_999_999],
    ['90071992547.40', 9_007_199_254_740],
  ])('"%s" → %d fen', (text, fen) => {
    expect(yuanStringToFen(text)).toBe(fen)
  })

  it('gives exact fen where a float would not (0.29 × 100 = 28.999…)', () => {
    expect(yuanStringToFen('0.29')).toBe(29)
    expect(yuanStringToFen('1.15')).toBe(115)
    expect(yuanStringToFen('4.35')).toBe(435)
    expect(yuanStringToFen('19.99')).toBe(1999)
  })

  it('round-trips with fenToYuanString', () => {
    for (const fen of [0, 1, 9, 10, 29, 115, 1999, 123456, -1, -29, -123456, 99_999_999_999_999]) {
      expect(yuanStringToFen(fenToYuanString(fen))).toBe(fen)
    }
  })

  it.each([
    '',
    ' ',
    'abc',
    '12.345', // a third decimal is not fen: refused, never rounded
    '0.001',
    '1e3',
    '1E2',
    '.5',
    '12.',
    '+12.30',
    '--1',
    '1,000.00',
    '1 000',
    '¥12.30',
    '12.30元',
    '0x10',
    'Infinity',
    'NaN',
    '12.3.4',
    '１２.３０', // full-width digits
    '1000000000000', // 13 digits of yuan: beyond any till's sale
    '-1000000000000.00',
  ])('refuses %j', (text) => {
    expect(() => yuanStringToFen(text)).toThrow(RangeError)
  })

  it('refuses a non-string at run time (a float sneaking in from JSON)', () => {
    expect(() => yuanStringToFen(12.3 as unknown as string)).toThrow()
  })
})

describe('parseYuanAmount (prices, cash tendered, Alipay amounts)', () => {
  it.each([
    ['12.30', 1230],
    ['12.3', 1230],
    ['12', 1200],
    ['0.01', 1],
    ['0', 0],
    [' 12.30 ', 1230],
    ['999999999999.99', 99_999_999_999_999],
  ])('"%s" → %d fen', (text, fen) => {
    expect(parseYuanAmount(text)).toBe(fen)
  })

  it.each(['', 'abc', '12.345', '-1.00', '-0', '-0.01', '+1', '1e3', '.5', '12.', '¥12.30', '1000000000000'])(
    'is null for %j',
    (text) => {
      expect(parseYuanAmount(text)).toBeNull()
    },
  )
})

describe('formatFenBrief (chart axes)', () => {
  it.each([
    [0, '¥0'],
    [1, '¥0.01'],
    [10, '¥0.1'],
    [1230, '¥12.3'],
    [1200, '¥12'],
    [10000, '¥100'],
    [1010, '¥10.1'],
    [1234.6, '¥12.35'],
  ])('%d fen → "%s"', (fen, text) => {
    expect(formatFenBrief(fen)).toBe(text)
  })

  it('shows what the axis showed before: the yuan value without trailing zeros', () => {
    for (const fen of [0, 5, 50, 99, 100, 1050, 123456, 10_000_000]) {
      expect(formatFenBrief(fen)).toBe(`¥${Math.round(fen) / 100}`)
    }
  })
})

describe('proRataFen: the share of an amount for part of a quantity', () => {
  it('rounds half up to the fen and gives the whole amount for the whole quantity', () => {
    expect(proRataFen(382, 250, 734)).toBe(130) // 130.108…
    expect(proRataFen(100, 1, 8)).toBe(13) // 12.5 → 13
    expect(proRataFen(382, 734, 734)).toBe(382)
    expect(proRataFen(382, 0, 734)).toBe(0)
  })

  it('is exact where amount × quantity passes 2^53', () => {
    // 10^10 fen × 999,999 g is about 10^16: a float would be off by several fen.
    expect(proRataFen(10_000_000_000, 333_333, 999_999)).toBe(3_333_333_333)
    expect(proRataFen(9_999_999_999, 999_998, 999_999)).toBe(9_999_989_999)
  })

  it('refuses a part larger than the whole, and negative or fractional numbers', () => {
    expect(() => proRataFen(100, 3, 2)).toThrow(RangeError)
    expect(() => proRataFen(-1, 1, 2)).toThrow(RangeError)
    expect(() => proRataFen(100, 0.5, 2)).toThrow(RangeError)
    expect(() => proRataFen(100, 0, 0)).toThrow(RangeError)
  })
})

describe('spreadFen: an amount over parts in whole fen that add up (largest remainder)', () => {
  it('adds up exactly and gives the odd fen to the largest remainders', () => {
    expect(spreadFen(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(spreadFen(10, [500, 300, 200])).toEqual([5, 3, 2])
    expect(spreadFen(7, [1, 2])).toEqual([2, 5]) // 2.33 and 4.67: the second has the larger remainder
  })

  it('never gives a part more than its weight when the amount is at most their sum', () => {
    const weights = [1, 99, 1, 1]
    for (let total = 0; total <= 102; total++) {
      const parts = spreadFen(total, weights)
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total)
      parts.forEach((part, i) => expect(part).toBeLessThanOrEqual(weights[i] ?? 0))
    }
  })

  it('spreads nothing over nothing, and refuses money over nothing', () => {
    expect(spreadFen(0, [0, 0])).toEqual([0, 0])
    expect(() => spreadFen(1, [0])).toThrow(RangeError)
    expect(() => spreadFen(-1, [1])).toThrow(RangeError)
  })
})
