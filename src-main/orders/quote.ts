// The checkout quote: lines, counts, prices and freight, all computed here from the database's
// prices and the cart's counts — never taken from the screen.
import { createHash } from 'node:crypto'
import type { CheckoutQuote, DiscountsInput, QuoteLine } from '../../src-shared/contract'
import { maxOrderFen } from '../../src-shared/bounds'
import { PosError } from '../../src-shared/errors'
import type { Fulfilment } from '../../src-shared/order-status'
import { measuredLineFen } from '../../src-shared/weight'
import { type CartQuantity, noLabel } from '../cart/cart.store'
import type { SkuRow } from '../db/schema'
import { type AppliedDiscounts, applyDiscounts, type DiscountRule } from './discounts'

/** A cart line as the quote takes it: a bare count (pieces or grams), or with its scale-label part. */
export type LineQuantity = number | CartQuantity

export interface FreightRule {
  freightFen: number
  freeFreightFromFen: number
}

export function freightFor(fulfilment: Fulfilment, goodsFen: number, rule: FreightRule): number {
  if (fulfilment === 'pickup') return 0
  return goodsFen >= rule.freeFreightFromFen ? 0 : rule.freightFen
}

/** The cashier's limit and 抹零 when a caller names neither: the shop's defaults (settings.service.ts). */
const defaultDiscountRule: DiscountRule = { discountLimitPercent: 10, roundDown: 'fen' }

/**
 * Builds the quote for the selected SKUs. `skus` are the rows as read now; `counts` the cart's;
 * `discounts` the sale's discounts as rules (discounts.ts).
 * A selected SKU that is missing from the cart means the cart changed since the page was drawn.
 */
export function buildQuote(
  skuIds: readonly number[],
  skus: readonly SkuRow[],
  counts: ReadonlyMap<number, LineQuantity>,
  fulfilment: Fulfilment,
  rule: FreightRule & Partial<DiscountRule>,
  discounts?: DiscountsInput,
): CheckoutQuote {
  return discountedQuote(skuIds, skus, counts, fulfilment, rule, discounts).quote
}

/** The quote, and what each of its discounts came to (for the order's `created` event). */
export function discountedQuote(
  skuIds: readonly number[],
  skus: readonly SkuRow[],
  counts: ReadonlyMap<number, LineQuantity>,
  fulfilment: Fulfilment,
  rule: FreightRule & Partial<DiscountRule>,
  discounts?: DiscountsInput,
): { quote: CheckoutQuote; applied: AppliedDiscounts } {
  const byId = new Map(skus.map((s) => [s.id, s]))
  const lines: QuoteLine[] = []
  for (const skuId of ascendingUnique(skuIds)) {
    const sku = byId.get(skuId)
    if (!sku) throw new PosError('SKU_NOT_FOUND', undefined, { skuId })
    if (sku.on_sale !== 1)
      throw new PosError('SKU_OFF_SALE', `${sku.name} is not on sale any more.`, { skuId, name: sku.name })
    const count = counts.get(skuId)
    if (count === undefined) continue
    lines.push(pricedLine(sku, count))
  }
  if (lines.length === 0) throw new PosError('CART_EMPTY')
  const discountRule: DiscountRule = {
    discountLimitPercent: rule.discountLimitPercent ?? defaultDiscountRule.discountLimitPercent,
    roundDown: rule.roundDown ?? defaultDiscountRule.roundDown,
  }
  const discounted = applyDiscounts(lines, discounts, discountRule, (goods) => freightFor(fulfilment, goods, rule))
  const goodsFen = discounted.lines.reduce((sum, l) => sum + l.netFen, 0)
  const freightFen = discounted.freightFen
  // The quote and the placement both come through here: an order beyond the bounds is refused
  // before anything is written, the same on every store.
  if (goodsFen + freightFen > maxOrderFen)
    throw new PosError('AMOUNT_TOO_LARGE', undefined, { payFen: goodsFen + freightFen, maxFen: maxOrderFen })
  const quote = {
    lines: discounted.lines,
    totalCount: itemCount(lines),
    goodsFen,
    freightFen,
    payFen: goodsFen + freightFen,
    discounts: discounted.discounts,
  }
  return {
    quote: { ...quote, fingerprint: fingerprintOf(quote.lines, fulfilment, freightFen) },
    applied: discounted.applied,
  }
}

/**
 * One SKU at its current price, as the cart and the quote show it. A weighed line's amount is
 * lineFen of its grams (src-shared/weight.ts); the grams that came on scale labels cost what the
 * labels said, and only the rest is priced by the SKU.
 */
export function pricedLine(sku: SkuRow, quantity: LineQuantity): QuoteLine {
  const { count, labelFen, labelGrams } = typeof quantity === 'number' ? { count: quantity, ...noLabel } : quantity
  const measure = { saleMode: sku.sale_mode, unitGrams: sku.unit_grams }
  const lineFen = labelFen + measuredLineFen(sku.price_fen, Math.max(count - labelGrams, 0), measure)
  return {
    skuId: sku.id,
    name: sku.name,
    unit: sku.unit,
    saleMode: sku.sale_mode,
    unitGrams: sku.sale_mode === 'by_weight' ? sku.unit_grams : null,
    priceFen: sku.price_fen,
    count,
    labelFen,
    labelGrams,
    lineFen,
    discountFen: 0,
    netFen: lineFen,
    stockLeft: sku.stock,
  }
}

/** How many goods a basket holds: its pieces, and one for each weighed line (grams are not goods). */
export function itemCount(lines: readonly { saleMode: string; count: number }[]): number {
  return lines.reduce((sum, l) => sum + (l.saleMode === 'by_weight' ? 1 : l.count), 0)
}

/**
 * What the customer agreed to: which SKUs, how many, at what price per which unit, what the
 * scale labels said, each line's share of the discounts, and the freight — everything that makes
 * a line's amount and what is paid for it.
 */
export function fingerprintOf(lines: readonly QuoteLine[], fulfilment: Fulfilment, freightFen: number): string {
  const canonical = JSON.stringify([
    fulfilment,
    freightFen,
    lines.map((l) => [l.skuId, l.count, l.priceFen, l.unitGrams, l.labelFen, l.labelGrams, l.lineFen, l.discountFen]),
  ])
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32)
}

export function ascendingUnique(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b)
}
