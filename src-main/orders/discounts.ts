// A sale's discounts (docs/DISCOUNTS.md), worked out here from the rules the till sent — never
// from figures the screen computed. Each line first gets its own discount (percent, amount, or a
// lower price), then the order discount is spread over the lines in proportion to what they came
// to after that, then 抹零 drops the fen (or jiao and fen) of the amount due, spread the same way.
// Every spread is spreadFen's, so the lines' shares add up to the discount exactly.
import type { DiscountsInput, QuoteDiscounts, QuoteLine, RoundDownOffer } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { proRataFen, spreadFen } from '../../src-shared/money'
import { measuredLineFen } from '../../src-shared/weight'

export interface DiscountRule {
  /** The most a cashier gives without an admin, in percent of the list amount. */
  discountLimitPercent: number
  roundDown: RoundDownOffer
}

/** What each discount came to, kept on the order's `created` event with who gave and approved it. */
export interface AppliedDiscounts {
  lines: { skuId: number; kind: 'percent' | 'amount' | 'price'; value: number; fen: number }[]
  order: { kind: 'percent' | 'amount'; value: number; fen: number } | null
  roundedDownFen: number
}

export interface Discounted {
  lines: QuoteLine[]
  freightFen: number
  discounts: QuoteDiscounts
  applied: AppliedDiscounts
}

const dropUnit: Record<RoundDownOffer, number> = { off: 1, fen: 10, jiao: 100 }

/**
 * The lines (at list price, discountFen 0) with every discount of `input` applied, and the
 * freight as `freightFor` makes it from the discounted goods (before 抹零, which is taken off
 * the amount due, freight included).
 */
export function applyDiscounts(
  listed: readonly QuoteLine[],
  input: DiscountsInput | undefined,
  rule: DiscountRule,
  freightFor: (goodsFen: number) => number,
): Discounted {
  const listFen = sum(listed.map((l) => l.lineFen))
  const byLine = new Map((input?.lines ?? []).map((d) => [d.skuId, d]))
  for (const skuId of byLine.keys())
    if (!listed.some((l) => l.skuId === skuId))
      throw new PosError('INVALID_INPUT', 'A discount names goods that are not in the sale.', {
        fields: { 'discounts.lines': `goods ${skuId} not in the sale` },
      })

  const applied: AppliedDiscounts = { lines: [], order: null, roundedDownFen: 0 }
  const lineOff = listed.map((line) => {
    const d = byLine.get(line.skuId)
    if (!d) return 0
    const fen = lineDiscountFen(line, d)
    const value = d.kind === 'percent' ? d.percent : d.kind === 'amount' ? d.amountFen : d.priceFen
    applied.lines.push({ skuId: line.skuId, kind: d.kind, value, fen })
    return fen
  })
  const afterLines = listed.map((l, i) => l.lineFen - (lineOff[i] ?? 0))
  const goodsAfterLines = sum(afterLines)

  let orderOff = 0
  if (input?.order) {
    const d = input.order
    orderOff = d.kind === 'percent' ? percentOfWhole(goodsAfterLines, d.percent) : d.amountFen
    if (orderOff > goodsAfterLines) throw tooLarge(goodsAfterLines, orderOff)
    applied.order = { kind: d.kind, value: d.kind === 'percent' ? d.percent : d.amountFen, fen: orderOff }
  }
  const orderShares = spreadFen(orderOff, afterLines)
  const afterOrder = afterLines.map((fen, i) => fen - (orderShares[i] ?? 0))
  const goodsBeforeRound = sum(afterOrder)
  const freightFen = freightFor(goodsBeforeRound)

  let roundedDownFen = 0
  if (input?.roundDown) {
    if (rule.roundDown === 'off')
      throw new PosError('INVALID_INPUT', 'This shop does not offer 抹零.', {
        fields: { 'discounts.roundDown': 'off' },
      })
    // Never more than the goods: the freight is not the goods' to give away.
    roundedDownFen = Math.min((goodsBeforeRound + freightFen) % dropUnit[rule.roundDown], goodsBeforeRound)
    applied.roundedDownFen = roundedDownFen
  }
  const roundShares = spreadFen(roundedDownFen, afterOrder)

  const lines = listed.map((line, i) => {
    const discountFen = (lineOff[i] ?? 0) + (orderShares[i] ?? 0) + (roundShares[i] ?? 0)
    return { ...line, discountFen, netFen: line.lineFen - discountFen }
  })
  const given = sum(lineOff) + orderOff
  const limitFen = Math.floor((listFen * rule.discountLimitPercent) / 100)
  return {
    lines,
    freightFen,
    applied,
    discounts: {
      listFen,
      discountFen: given + roundedDownFen,
      roundedDownFen,
      limitFen,
      needsApproval: given > limitFen,
      roundDown: rule.roundDown,
    },
  }
}

function lineDiscountFen(line: QuoteLine, d: NonNullable<DiscountsInput['lines']>[number]): number {
  if (d.kind === 'percent') return percentOfWhole(line.lineFen, d.percent)
  if (d.kind === 'amount') {
    if (d.amountFen > line.lineFen) throw tooLarge(line.lineFen, d.amountFen, line.skuId)
    return d.amountFen
  }
  // A price override prices the grams or pieces the scale labels did not: their amount stays.
  if (d.priceFen > line.priceFen)
    throw new PosError('INVALID_INPUT', 'A price can only be overridden downwards.', {
      fields: { 'discounts.lines': `goods ${line.skuId}: ${d.priceFen} above ${line.priceFen}` },
    })
  const measure = { saleMode: line.saleMode, unitGrams: line.unitGrams }
  const repriced = line.labelFen + measuredLineFen(d.priceFen, Math.max(line.count - line.labelGrams, 0), measure)
  return line.lineFen - repriced
}

function percentOfWhole(fen: number, percent: number): number {
  if (percent > 100) throw new PosError('DISCOUNT_TOO_LARGE', undefined, { percent, maxPercent: 100 })
  // Half up to the fen, in BigInt: a line may be up to 2 × 10^15 fen.
  return proRataFen(fen, percent, 100)
}

function tooLarge(amountFen: number, discountFen: number, skuId?: number): PosError {
  return new PosError('DISCOUNT_TOO_LARGE', undefined, { amountFen, discountFen, ...(skuId ? { skuId } : {}) })
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0)
