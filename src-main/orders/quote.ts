// The checkout quote: lines, counts, prices and freight, all computed here from the database's
// prices and the cart's counts — never taken from the screen.
import { createHash } from 'node:crypto'
import type { CheckoutQuote, QuoteLine } from '../../src-shared/contract'
import { maxOrderFen } from '../../src-shared/bounds'
import { PosError } from '../../src-shared/errors'
import type { Fulfilment } from '../../src-shared/order-status'
import type { SkuRow } from '../db/schema'

export interface FreightRule {
  freightFen: number
  freeFreightFromFen: number
}

export function freightFor(fulfilment: Fulfilment, goodsFen: number, rule: FreightRule): number {
  if (fulfilment === 'pickup') return 0
  return goodsFen >= rule.freeFreightFromFen ? 0 : rule.freightFen
}

/**
 * Builds the quote for the selected SKUs. `skus` are the rows as read now; `counts` the cart's.
 * A selected SKU that is missing from the cart means the cart changed since the page was drawn.
 */
export function buildQuote(
  skuIds: readonly number[],
  skus: readonly SkuRow[],
  counts: ReadonlyMap<number, number>,
  fulfilment: Fulfilment,
  rule: FreightRule,
): CheckoutQuote {
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
  const goodsFen = lines.reduce((sum, l) => sum + l.lineFen, 0)
  const freightFen = freightFor(fulfilment, goodsFen, rule)
  // The quote and the placement both come through here: an order beyond the bounds is refused
  // before anything is written, the same on every store.
  if (goodsFen + freightFen > maxOrderFen)
    throw new PosError('AMOUNT_TOO_LARGE', undefined, { payFen: goodsFen + freightFen, maxFen: maxOrderFen })
  const quote = {
    lines,
    totalCount: lines.reduce((sum, l) => sum + l.count, 0),
    goodsFen,
    freightFen,
    payFen: goodsFen + freightFen,
  }
  return { ...quote, fingerprint: fingerprintOf(quote.lines, fulfilment, freightFen) }
}

/** One SKU at its current price, as the cart and the quote show it. */
export function pricedLine(sku: SkuRow, count: number): QuoteLine {
  return {
    skuId: sku.id,
    name: sku.name,
    unit: sku.unit,
    priceFen: sku.price_fen,
    count,
    lineFen: sku.price_fen * count,
    stockLeft: sku.stock,
  }
}

/** What the customer agreed to: which SKUs, how many, at what price, and the freight. */
export function fingerprintOf(lines: readonly QuoteLine[], fulfilment: Fulfilment, freightFen: number): string {
  const canonical = JSON.stringify([fulfilment, freightFen, lines.map((l) => [l.skuId, l.count, l.priceFen])])
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32)
}

export function ascendingUnique(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b)
}
