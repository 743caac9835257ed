// Edit a SKU's name, price, unit and how it is sold (by the piece, or by weight with its scale
// code); only what changed is sent.
import { useState, type FormEvent } from 'react'
import type { AdminSkuView, SkuView } from '../../../src-shared/contract'
import { fenToYuanString } from '../../../src-shared/money'
import { DialogForm, Field, parseYuan, useFormSend } from '../kit'
import { useStrings } from '../../strings'
import { type MeasureDraft, MeasureFields, measureInput } from './Measure'

export function EditSku({
  sku,
  onClose,
  onSaved,
}: {
  sku: AdminSkuView
  onClose: () => void
  onSaved: (sku: SkuView) => void
}) {
  const t = useStrings()
  const [name, setName] = useState(sku.name)
  const [unit, setUnit] = useState(sku.unit)
  const [price, setPrice] = useState(fenToYuanString(sku.priceFen))
  const [measure, setMeasure] = useState<MeasureDraft>({
    saleMode: sku.saleMode,
    unitGrams: sku.unitGrams === 1000 ? 1000 : 500,
    scaleCode: sku.scaleCode ?? '',
  })
  const { fields, setFields, error, setError, busy, send } = useFormSend()

  async function save(event: FormEvent) {
    event.preventDefault()
    setError(null)
    const priceFen = parseYuan(price)
    if (priceFen === undefined) return setFields({ priceFen: t.fieldHints.priceFen })
    const wanted = measureInput(measure)
    const changes = {
      name: name.trim() !== sku.name ? name.trim() : undefined,
      // A weight SKU's unit is its 斤 or kg, set with the sale unit.
      unit: measure.saleMode === 'by_piece' && unit.trim() !== sku.unit ? unit.trim() : undefined,
      priceFen: priceFen !== sku.priceFen ? priceFen : undefined,
      saleMode: wanted.saleMode !== sku.saleMode ? wanted.saleMode : undefined,
      unitGrams: wanted.unitGrams !== null && wanted.unitGrams !== sku.unitGrams ? wanted.unitGrams : undefined,
      scaleCode: wanted.saleMode === 'by_weight' && wanted.scaleCode !== sku.scaleCode ? wanted.scaleCode : undefined,
    }
    if (Object.values(changes).every((v) => v === undefined)) return setError(t.nothingChanged)
    await send(() => window.pos['goods.updateSku']({ skuId: sku.id, ...changes }), onSaved)
  }

  return (
    <DialogForm title={t.editTitle(sku.name)} onClose={onClose} onSubmit={save} error={error} busy={busy}>
      <Field label={t.skuName} error={fields.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={128} />}
      </Field>
      <div className="form-row">
        <Field label={t.priceYuan} error={fields.priceFen}>
          {(p) => <input {...p} value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" />}
        </Field>
        {measure.saleMode === 'by_piece' && (
          <Field label={t.unit} error={fields.unit}>
            {(p) => <input {...p} value={unit} onChange={(e) => setUnit(e.target.value)} maxLength={16} />}
          </Field>
        )}
      </div>
      <div className="form-row">
        <MeasureFields
          draft={measure}
          onChange={(patch) => setMeasure((m) => ({ ...m, ...patch }))}
          errors={(k) => fields[k]}
        />
      </div>
    </DialogForm>
  )
}
