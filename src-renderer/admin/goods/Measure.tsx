// How a SKU is sold, on the goods screens: by the piece, or by weight priced per 斤 or kg with the
// item code its counter scale prints. The unit is shown beside the code: scale and goods must
// price per the same unit, or every label misstates the quantity (docs/STOCK.md).
import type { SaleMode } from '../../../src-shared/weight'
import { quantityText, unitsTextToGrams, weightUnitName } from '../../../src-shared/weight'
import { useStrings } from '../../strings'
import { Field, parseWhole } from '../kit'

export interface MeasureDraft {
  saleMode: SaleMode
  unitGrams: 500 | 1000
  scaleCode: string
}

export const pieceMeasure = (): MeasureDraft => ({ saleMode: 'by_piece', unitGrams: 500, scaleCode: '' })

/** What the contract takes for a draft: no unit nor code for pieces. */
export function measureInput(draft: MeasureDraft) {
  return draft.saleMode === 'by_weight'
    ? { saleMode: draft.saleMode, unitGrams: draft.unitGrams, scaleCode: draft.scaleCode.trim() || null }
    : { saleMode: draft.saleMode, unitGrams: null, scaleCode: null }
}

/**
 * A quantity typed on the goods screens: whole pieces, or a weight in the SKU's unit (斤, kg; three
 * decimals at most) turned into the grams the stock counts.
 */
export function parseQuantity(
  text: string,
  sku: { saleMode: SaleMode; unitGrams: number | null },
  min = 0,
): number | undefined {
  if (sku.saleMode !== 'by_weight') return parseWhole(text, min)
  const grams = unitsTextToGrams(text, sku.unitGrams ?? 1000)
  return grams !== null && grams >= min ? grams : undefined
}

/** Stock or a change of it as the goods screens show it: "12", or "2.468 斤" of a weight SKU. */
export function stockText(quantity: number, sku: { saleMode: SaleMode; unitGrams: number | null }): string {
  return sku.saleMode === 'by_weight' ? quantityText(quantity, sku.unitGrams ?? 1000) : String(quantity)
}

export function MeasureFields({
  draft,
  onChange,
  errors,
}: {
  draft: MeasureDraft
  onChange: (patch: Partial<MeasureDraft>) => void
  errors: (name: string) => string | undefined
}) {
  const t = useStrings()
  const weighed = draft.saleMode === 'by_weight'
  return (
    <>
      <Field label={t.saleMode} error={errors('saleMode')}>
        {(p) => (
          <select {...p} value={draft.saleMode} onChange={(e) => onChange({ saleMode: e.target.value as SaleMode })}>
            <option value="by_piece">{t.byPiece}</option>
            <option value="by_weight">{t.byWeight}</option>
          </select>
        )}
      </Field>
      {weighed && (
        <Field label={t.saleUnit} error={errors('unitGrams')}>
          {(p) => (
            <select
              {...p}
              value={draft.unitGrams}
              onChange={(e) => onChange({ unitGrams: Number(e.target.value) as 500 | 1000 })}
            >
              <option value={500}>{weightUnitName(500)}</option>
              <option value={1000}>{weightUnitName(1000)}</option>
            </select>
          )}
        </Field>
      )}
      {weighed && (
        <Field label={t.scaleCodeFor(weightUnitName(draft.unitGrams))} error={errors('scaleCode')}>
          {(p) => (
            <input
              {...p}
              className="mono"
              value={draft.scaleCode}
              title={t.scaleCodeHint}
              inputMode="numeric"
              maxLength={6}
              onChange={(e) => onChange({ scaleCode: e.target.value })}
            />
          )}
        </Field>
      )}
    </>
  )
}
