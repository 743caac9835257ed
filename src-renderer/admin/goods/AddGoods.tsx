// New goods with one or more SKUs (name, barcode, unit, price, opening stock, on sale; sold by the
// piece or by weight, with the scale code — a weight SKU's stock is typed in its 斤 or kg).
import { useState, type FormEvent, type InputHTMLAttributes } from 'react'
import { DialogForm, Field, parseYuan, useFormSend } from '../kit'
import { weightUnitName } from '../../../src-shared/weight'
import { useStrings } from '../../strings'
import { type MeasureDraft, MeasureFields, measureInput, parseQuantity, pieceMeasure } from './Measure'

interface SkuDraft {
  key: number
  name: string
  barcode: string
  unit: string
  price: string
  stock: string
  onSale: boolean
  measure: MeasureDraft
}

let draftKeys = 0
const emptySku = (): SkuDraft => ({
  key: ++draftKeys,
  name: '',
  barcode: '',
  unit: '',
  price: '',
  stock: '0',
  onSale: true,
  measure: pieceMeasure(),
})

export function AddGoods({
  onClose,
  onAdded,
}: {
  onClose: () => void
  onAdded: (name: string, barcode: string) => void
}) {
  const t = useStrings()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [skus, setSkus] = useState<SkuDraft[]>(() => [emptySku()])
  const { fields, setFields, error, setError, busy, send } = useFormSend()

  const change = (key: number, patch: Partial<SkuDraft>) =>
    setSkus((list) => list.map((s) => (s.key === key ? { ...s, ...patch } : s)))

  // A SKU's text inputs; the server names the price's error priceFen.
  const skuFields: {
    key: 'name' | 'barcode' | 'unit' | 'price' | 'stock'
    errorKey?: string
    label: string
    input: InputHTMLAttributes<HTMLInputElement>
  }[] = [
    { key: 'name', label: t.skuName, input: { placeholder: name, maxLength: 128 } },
    { key: 'barcode', label: t.barcode, input: { className: 'mono', maxLength: 32, spellCheck: false } },
    { key: 'unit', label: t.unit, input: { maxLength: 16 } },
    { key: 'price', errorKey: 'priceFen', label: t.priceYuan, input: { inputMode: 'decimal' } },
    { key: 'stock', label: t.initialStock, input: { inputMode: 'numeric' } },
  ]

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    // Amounts are checked here (the server gets fen); everything else by the server's contract.
    const local: Record<string, string> = {}
    const parsed = skus.map((s, i) => {
      const priceFen = parseYuan(s.price)
      const stock = parseQuantity(s.stock, { saleMode: s.measure.saleMode, unitGrams: s.measure.unitGrams })
      if (priceFen === undefined) local[`skus.${i}.priceFen`] = t.fieldHints.priceFen
      if (stock === undefined) local[`skus.${i}.stock`] = t.fieldHints.stock
      return {
        name: s.name.trim() || name.trim(),
        barcode: s.barcode.trim(),
        unit: s.measure.saleMode === 'by_weight' ? '斤' : s.unit.trim(),
        priceFen: priceFen ?? 0,
        stock: stock ?? 0,
        onSale: s.onSale,
        ...measureInput(s.measure),
      }
    })
    setFields(local)
    if (Object.keys(local).length) return
    await send(
      () => window.pos['goods.add']({ name: name.trim(), description: description.trim(), skus: parsed }),
      (goods) => onAdded(goods.name, goods.skus[0]?.barcode ?? ''),
    )
  }

  return (
    <DialogForm title={t.addGoodsTitle} onClose={onClose} wide onSubmit={submit} error={error} busy={busy}>
      <div className="form-row">
        <Field label={t.goodsName} error={fields.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={128} />}
        </Field>
        <Field label={t.description} error={fields.description}>
          {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />}
        </Field>
      </div>
      <fieldset>
        <legend>{t.skus}</legend>
        {skus.map((s, i) => {
          const f = (k: string) => fields[`skus.${i}.${k}`]
          const n = i + 1
          return (
            <div key={s.key} className="sku-row" data-testid="sku-row">
              <span className="sku-no">{n}</span>
              {skuFields.map((field) => (
                <Field
                  key={field.key}
                  label={
                    field.key === 'stock' && s.measure.saleMode === 'by_weight'
                      ? t.inUnit(field.label, weightUnitName(s.measure.unitGrams))
                      : field.label
                  }
                  error={f(field.errorKey ?? field.key)}
                >
                  {(p) => (
                    <input
                      {...p}
                      {...field.input}
                      value={s[field.key]}
                      onChange={(e) => change(s.key, { [field.key]: e.target.value })}
                    />
                  )}
                </Field>
              ))}
              <MeasureFields
                draft={s.measure}
                onChange={(patch) => change(s.key, { measure: { ...s.measure, ...patch } })}
                errors={f}
              />
              <label className="inline-check">
                <input
                  type="checkbox"
                  checked={s.onSale}
                  onChange={(e) => change(s.key, { onSale: e.target.checked })}
                />
                {t.onSale}
              </label>
              <button
                type="button"
                className="ghost remove"
                aria-label={t.removeSku(n)}
                disabled={skus.length === 1}
                onClick={() => setSkus((list) => list.filter((x) => x.key !== s.key))}
              >
                ×
              </button>
            </div>
          )
        })}
        <button type="button" onClick={() => setSkus((list) => [...list, emptySku()])}>
          {t.addSku}
        </button>
      </fieldset>
    </DialogForm>
  )
}
