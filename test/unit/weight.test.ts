import { describe, expect, it } from 'vitest'
import { maxStock, maxUnitPriceFen } from '../../src-shared/bounds'
import {
  gramsInUnits,
  lineFen,
  maxLineGrams,
  measuredLineFen,
  unitsTextToGrams,
  weightUnitName,
} from '../../src-shared/weight'

describe('lineFen (price × quantity ÷ unit, half up to the fen)', () => {
  it.each([
    // The spec's line: 0.734 斤 × ¥5.20 = ¥3.8168 → ¥3.82
    [520, 367, 500, 382],
    // exactly half a fen rounds up: ¥0.01 per 斤 × 250 g = 0.5 fen → 1
    [1, 250, 500, 1],
    [1, 249, 500, 0],
    [3, 500, 1000, 2], // 1.5 fen → 2
    [3, 499, 1000, 1], // 1.497 → 1
    [1999, 1000, 1000, 1999],
    [1999, 0, 1000, 0],
    [0, 12345, 500, 0],
    // pieces: the unit is one piece, nothing to round
    [350, 3, 1, 1050],
  ])('%d fen × %d ÷ %d = %d fen', (price, quantity, unit, fen) => {
    expect(lineFen(price, quantity, unit)).toBe(fen)
  })

  it('agrees with exact rational arithmetic for every remainder of a 斤 and a kg', () => {
    for (const unit of [500, 1000])
      for (const price of [1, 7, 520, 1999, 99_999])
        for (let grams = 0; grams <= 2 * unit; grams += 1) {
          const exact = (BigInt(price) * BigInt(grams) * 2n + BigInt(unit)) / (2n * BigInt(unit))
          expect(lineFen(price, grams, unit)).toBe(Number(exact))
        }
  })

  it('stays exact at the bounds, where price × grams itself would leave the safe integers', () => {
    const exact = (BigInt(maxUnitPriceFen) * BigInt(maxStock - 1) * 2n + 500n) / 1000n
    expect(maxUnitPriceFen * (maxStock - 1)).toBeGreaterThan(Number.MAX_SAFE_INTEGER)
    expect(lineFen(maxUnitPriceFen, maxStock - 1, 500)).toBe(Number(exact))
  })

  it.each([
    [-1, 1, 1],
    [1, -1, 1],
    [1.5, 1, 1],
    [1, 0.5, 500],
    [1, 1, 0],
    [Number.NaN, 1, 500],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 1],
  ])('refuses %d fen × %d ÷ %d', (price, quantity, unit) => {
    expect(() => lineFen(price, quantity, unit)).toThrow(RangeError)
  })

  it('measures by the SKU: pieces by one, weight by its unit', () => {
    expect(measuredLineFen(520, 3, { saleMode: 'by_piece', unitGrams: null })).toBe(1560)
    expect(measuredLineFen(520, 367, { saleMode: 'by_weight', unitGrams: 500 })).toBe(382)
    expect(measuredLineFen(520, 367, { saleMode: 'by_weight', unitGrams: 1000 })).toBe(191)
  })
})

describe('weights on screen and typed at the till', () => {
  it.each([
    [367, 500, '0.734'],
    [500, 500, '1.000'],
    [1, 500, '0.002'],
    [1250, 1000, '1.250'],
    [maxLineGrams, 1000, '999.999'],
    [0, 500, '0.000'],
  ])('%d g in units of %d g is "%s"', (grams, unit, text) => {
    expect(gramsInUnits(grams, unit)).toBe(text)
  })

  it.each([
    ['0.734', 500, 367],
    ['1', 500, 500],
    ['1.5', 1000, 1500],
    [' 2.25 ', 500, 1125],
    ['0.001', 500, 1], // 0.5 g → 1 g, half up
    ['0', 500, 0],
  ])('"%s" in units of %d g is %d g', (text, unit, grams) => {
    expect(unitsTextToGrams(text, unit)).toBe(grams)
  })

  it.each(['', '-1', '1.2345', 'abc', '1e3', '1,5', '.5', '1234567'])('"%s" is not a weight', (text) => {
    expect(unitsTextToGrams(text, 500)).toBeNull()
  })

  it('names the units', () => {
    expect(weightUnitName(500)).toBe('斤')
    expect(weightUnitName(1000)).toBe('kg')
  })
})
