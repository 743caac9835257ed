// Goods sold by the piece or by weight (docs/STOCK.md, "Weighed goods"). A weight SKU keeps its
// stock, sales and every cart and order quantity in whole grams; its price is per sale unit, a
// 斤 (500 g) or a kg (1000 g). Every line amount — cart, quote, placement, receipt, reports —
// comes from lineFen below, so that no two places can round a weighed line differently.

export const saleModes = ['by_piece', 'by_weight'] as const
export type SaleMode = (typeof saleModes)[number]

/** The sale units a weight SKU may be priced in, as grams, with the name the screen shows. */
export const weightUnits = { 500: '斤', 1000: 'kg' } as const
export type UnitGrams = keyof typeof weightUnits
export const unitGramsChoices = [500, 1000] as const satisfies readonly UnitGrams[]

/** The most of one piece SKU on one order line. */
export const maxLinePieces = 999
/** The most grams of one weight SKU on one order line: just under a tonne, more than any scale weighs. */
export const maxLineGrams = 999_999

/** What one line of a SKU is counted in: its sale mode and, for weight, grams per sale unit. */
export interface Measure {
  saleMode: SaleMode
  /** 500 or 1000 for a weight SKU; null for a piece SKU. */
  unitGrams: number | null
}

/** How many of a line's quantity make one priced unit: 1 piece, or 500 / 1000 grams. */
export function perUnit(measure: Measure): number {
  return measure.saleMode === 'by_weight' ? (measure.unitGrams ?? 1000) : 1
}

export function maxLineQuantity(measure: Measure): number {
  return measure.saleMode === 'by_weight' ? maxLineGrams : maxLinePieces
}

/**
 * price_fen × quantity ÷ per_unit, rounded half up to the fen, in integer arithmetic only. The
 * quantity is split into whole units and a remainder first, so that no intermediate product
 * leaves the safe integers for any price and quantity the bounds allow (src-shared/bounds.ts).
 */
export function lineFen(priceFen: number, quantity: number, unit: number): number {
  for (const [name, value] of [
    ['price', priceFen],
    ['quantity', quantity],
  ] as const)
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`)
  if (!Number.isSafeInteger(unit) || unit < 1) throw new RangeError(`unit must be a whole number ≥ 1, got ${unit}`)
  const whole = Math.floor(quantity / unit)
  const rest = quantity % unit
  // round half up of price × rest ÷ unit: floor((2 × price × rest + unit) ÷ (2 × unit))
  const part = Math.floor((2 * priceFen * rest + unit) / (2 * unit))
  const fen = priceFen * whole + part
  if (!Number.isSafeInteger(fen))
    throw new RangeError(`line amount beyond the safe integers: ${priceFen} × ${quantity}`)
  return fen
}

/** A line's amount for a SKU of this measure. */
export function measuredLineFen(priceFen: number, quantity: number, measure: Measure): number {
  return lineFen(priceFen, quantity, perUnit(measure))
}

/** The name of a weight SKU's sale unit: 斤 or kg. */
export function weightUnitName(unitGrams: number): string {
  return weightUnits[unitGrams as UnitGrams] ?? `${unitGrams} g`
}

/**
 * Grams in sale units with three decimals, never through a float: 367 g of a 斤 good → "0.734",
 * 1250 g of a kg good → "1.250". Exact for 斤 and kg (one gram is 0.002 斤, 0.001 kg).
 */
export function gramsInUnits(grams: number, unitGrams: number): string {
  const thousandths = Math.round((grams * 1000) / unitGrams)
  const whole = Math.floor(thousandths / 1000)
  return `${whole}.${String(thousandths % 1000).padStart(3, '0')}`
}

/**
 * A weight typed at the till in sale units ("0.734" 斤, "1.5" kg, up to three decimals) as whole
 * grams, rounded half up; null when the text is not such a number.
 */
export function unitsTextToGrams(text: string, unitGrams: number): number | null {
  const match = /^(\d{1,6})(?:\.(\d{1,3}))?$/.exec(text.trim())
  if (!match) return null
  const [, whole = '0', decimals = ''] = match
  const thousandths = Number(whole) * 1000 + Number(decimals.padEnd(3, '0'))
  // thousandths of a unit × unitGrams ÷ 1000, half up
  return Math.floor((2 * thousandths * unitGrams + 1000) / 2000)
}

/** A line's quantity as a receipt or a list shows it: "3" pieces, or "0.734 斤" of a weight SKU. */
export function quantityText(count: number, unitGrams: number | null): string {
  return unitGrams === null ? String(count) : `${gramsInUnits(count, unitGrams)} ${weightUnitName(unitGrams)}`
}
