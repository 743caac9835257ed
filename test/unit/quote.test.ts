import { describe, expect, it } from 'vitest'
import { PosError } from '../../src-shared/errors'
import type { SkuRow } from '../../src-main/db/schema'
import { buildQuote, freightFor } from '../../src-main/orders/quote'

const rule = { freightFen: 1000, freeFreightFromFen: 9900 }

function sku(id: number, priceFen: number, more: Partial<SkuRow> = {}): SkuRow {
  return {
    id,
    goods_id: 1,
    name: `sku ${id}`,
    barcode: `690000${id}`,
    unit: '个',
    price_fen: priceFen,
    stock: 50,
    sales: 0,
    on_sale: 1,
    created_at: 0,
    updated_at: 0,
    sale_mode: 'by_piece',
    unit_grams: null,
    scale_code: null,
    search_key: null,
    ...more,
  }
}

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (error) {
    return error instanceof PosError ? error.code : `not a PosError: ${String(error)}`
  }
  return undefined
}

describe('freight', () => {
  it('is 0 for pickup at the counter, whatever the total', () => {
    expect(freightFor('pickup', 0, rule)).toBe(0)
    expect(freightFor('pickup', 100, rule)).toBe(0)
    expect(freightFor('pickup', 1_000_000, rule)).toBe(0)
  })

  it('is the flat fee for delivery below the threshold', () => {
    expect(freightFor('delivery', 1, rule)).toBe(1000)
    expect(freightFor('delivery', 9899, rule)).toBe(1000)
  })

  it('is waived for delivery at and above the threshold', () => {
    expect(freightFor('delivery', 9900, rule)).toBe(0)
    expect(freightFor('delivery', 9901, rule)).toBe(0)
    expect(freightFor('delivery', 500_000, rule)).toBe(0)
  })

  it('follows the configured fee and threshold', () => {
    const other = { freightFen: 600, freeFreightFromFen: 5000 }
    expect(freightFor('delivery', 4999, other)).toBe(600)
    expect(freightFor('delivery', 5000, other)).toBe(0)
  })
})

describe('buildQuote', () => {
  const skus = [sku(1, 350), sku(2, 1299), sku(3, 800)]
  const counts = new Map([
    [1, 3],
    [2, 2],
    [3, 1],
  ])

  it('prices lines from the rows and counts from the cart, in ascending SKU id order', () => {
    const quote = buildQuote([3, 1, 2], skus, counts, 'pickup', rule)
    expect(quote.lines.map((l) => [l.skuId, l.count, l.priceFen, l.lineFen])).toEqual([
      [1, 3, 350, 1050],
      [2, 2, 1299, 2598],
      [3, 1, 800, 800],
    ])
    expect(quote.totalCount).toBe(6)
    expect(quote.goodsFen).toBe(1050 + 2598 + 800)
    expect(quote.freightFen).toBe(0)
    expect(quote.payFen).toBe(quote.goodsFen)
    expect(quote.lines[0]?.stockLeft).toBe(50)
    expect(quote.fingerprint).toMatch(/^[0-9a-f]{16,64}$/)
  })

  it('quotes only the selected SKUs', () => {
    const quote = buildQuote([2], skus, counts, 'pickup', rule)
    expect(quote.lines.map((l) => l.skuId)).toEqual([2])
    expect(quote.goodsFen).toBe(2598)
  })

  it('adds delivery freight below the threshold and waives it at the threshold', () => {
    const small = buildQuote([1], skus, counts, 'delivery', rule)
    expect(small.goodsFen).toBe(1050)
    expect(small.freightFen).toBe(1000)
    expect(small.payFen).toBe(2050)

    const exact = buildQuote([9], [sku(9, 3300)], new Map([[9, 3]]), 'delivery', rule)
    expect(exact.goodsFen).toBe(9900)
    expect(exact.freightFen).toBe(0)
    expect(exact.payFen).toBe(9900)
  })

  it('gives the same fingerprint for the same lines, however the ids were listed', () => {
    const a = buildQuote([1, 2, 3], skus, counts, 'pickup', rule)
    const b = buildQuote([3, 2, 1, 2], skus, counts, 'pickup', rule)
    expect(b.fingerprint).toBe(a.fingerprint)
  })

  describe('the fingerprint changes when what the customer agreed to changes', () => {
    const base = buildQuote([1, 2], skus, counts, 'delivery', rule)

    it('a price', () => {
      const repriced = [sku(1, 351), sku(2, 1299)]
      expect(buildQuote([1, 2], repriced, counts, 'delivery', rule).fingerprint).not.toBe(base.fingerprint)
    })

    it('a count', () => {
      const more = new Map(counts).set(2, 3)
      expect(buildQuote([1, 2], skus, more, 'delivery', rule).fingerprint).not.toBe(base.fingerprint)
    })

    it("a weighed line's unit, and what its scale labels said", () => {
      const byWeight = (unitGrams: number) => [
        sku(1, 350),
        sku(2, 1299, { sale_mode: 'by_weight', unit_grams: unitGrams }),
      ]
      const grams = new Map([
        [1, 3],
        [2, 734],
      ])
      const perJin = buildQuote([1, 2], byWeight(500), grams, 'pickup', rule)
      expect(perJin.lines[1]).toMatchObject({ count: 734, lineFen: 1907, unitGrams: 500 }) // 1.468 斤 × ¥12.99
      // The same price and grams per kg: another amount, another fingerprint.
      const perKg = buildQuote([1, 2], byWeight(1000), grams, 'pickup', rule)
      expect(perKg.lines[1]?.lineFen).toBe(953)
      expect(perKg.fingerprint).not.toBe(perJin.fingerprint)
      // The same grams, part of them on a label: the label's amount counts, and is in the fingerprint.
      const label = (labelFen: number) =>
        new Map([
          [1, { count: 3, labelFen: 0, labelGrams: 0 }],
          [2, { count: 734, labelFen, labelGrams: 500 }],
        ])
      const labelled = buildQuote([1, 2], byWeight(500), label(1300), 'pickup', rule)
      expect(labelled.lines[1]?.lineFen).toBe(1300 + 608) // 234 g priced: 0.468 斤 × ¥12.99 = ¥6.0793
      expect(labelled.goodsFen).toBe(1050 + 1908)
      expect(buildQuote([1, 2], byWeight(500), label(1301), 'pickup', rule).fingerprint).not.toBe(labelled.fingerprint)
      expect(labelled.totalCount).toBe(3 + 1)
    })

    it('a line more or less', () => {
      expect(buildQuote([1], skus, counts, 'delivery', rule).fingerprint).not.toBe(base.fingerprint)
      expect(buildQuote([1, 2, 3], skus, counts, 'delivery', rule).fingerprint).not.toBe(base.fingerprint)
    })

    it('the fulfilment', () => {
      // Same freight (both waived) but pickup vs delivery: still a different agreement.
      const rich = new Map([[2, 8]])
      const delivered = buildQuote([2], skus, rich, 'delivery', rule)
      const picked = buildQuote([2], skus, rich, 'pickup', rule)
      expect(delivered.freightFen).toBe(0)
      expect(picked.freightFen).toBe(0)
      expect(picked.fingerprint).not.toBe(delivered.fingerprint)
    })

    it('the freight', () => {
      const cheaper = buildQuote([1, 2], skus, counts, 'delivery', { freightFen: 800, freeFreightFromFen: 9900 })
      expect(cheaper.freightFen).toBe(800)
      expect(cheaper.fingerprint).not.toBe(base.fingerprint)
    })

    it('but not the stock left (stock is checked when the order commits)', () => {
      const fewer = [sku(1, 350, { stock: 4 }), sku(2, 1299, { stock: 2 })]
      expect(buildQuote([1, 2], fewer, counts, 'delivery', rule).fingerprint).toBe(base.fingerprint)
    })
  })

  it('CART_EMPTY when none of the selected SKUs is in the cart', () => {
    expect(codeOf(() => buildQuote([1, 2], skus, new Map(), 'pickup', rule))).toBe('CART_EMPTY')
    expect(codeOf(() => buildQuote([], skus, counts, 'pickup', rule))).toBe('CART_EMPTY')
    expect(codeOf(() => buildQuote([3], skus, new Map([[1, 2]]), 'pickup', rule))).toBe('CART_EMPTY')
  })

  it('SKU_OFF_SALE when a selected SKU is off sale, naming it', () => {
    const withOff = [sku(1, 350), sku(2, 1299, { on_sale: 0, name: '草莓' })]
    let thrown: unknown
    try {
      buildQuote([1, 2], withOff, counts, 'pickup', rule)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(PosError)
    expect((thrown as PosError).code).toBe('SKU_OFF_SALE')
    expect((thrown as PosError).details).toMatchObject({ skuId: 2, name: '草莓' })
  })

  it('SKU_NOT_FOUND when a selected SKU has no row', () => {
    expect(codeOf(() => buildQuote([1, 99], skus, counts, 'pickup', rule))).toBe('SKU_NOT_FOUND')
  })
})
