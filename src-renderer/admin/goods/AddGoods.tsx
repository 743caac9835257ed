// New goods with one or more SKUs (name, barcode, unit, price, opening stock, on sale).
import { useState, type FormEvent } from 'react'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Dialog, Field, FormButtons, parseWhole, parseYuan, useFormSend } from '../kit'
import { useStrings } from '../../strings'

interface SkuDraft {
  key: number
  name: string
  barcode: string
  unit: string
  price: string
  stock: string
  onSale: boolean
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

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    // Amounts are checked here (the server gets fen); everything else by the server's contract.
    const local: Record<string, string> = {}
    const parsed = skus.map((s, i) => {
      const priceFen = parseYuan(s.price)
      const stock = parseWhole(s.stock)
      if (priceFen === undefined) local[`skus.${i}.priceFen`] = t.fieldHints.priceFen
      if (stock === undefined) local[`skus.${i}.stock`] = t.fieldHints.stock
      return {
        name: s.name.trim() || name.trim(),
        barcode: s.barcode.trim(),
        unit: s.unit.trim(),
        priceFen: priceFen ?? 0,
        stock: stock ?? 0,
        onSale: s.onSale,
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
    <Dialog title={t.addGoodsTitle} onClose={onClose} wide>
      <form className="admin-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-row">
          <Field label={t.goodsName} error={fields.name}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={128} />}
          </Field>
          <Field label={t.description} error={fields.description}>
            {(p) => (
              <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
            )}
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
                <Field label={t.skuName} error={f('name')}>
                  {(p) => (
                    <input
                      {...p}
                      value={s.name}
                      placeholder={name}
                      onChange={(e) => change(s.key, { name: e.target.value })}
                      maxLength={128}
                    />
                  )}
                </Field>
                <Field label={t.barcode} error={f('barcode')}>
                  {(p) => (
                    <input
                      {...p}
                      className="mono"
                      value={s.barcode}
                      onChange={(e) => change(s.key, { barcode: e.target.value })}
                      maxLength={32}
                      spellCheck={false}
                    />
                  )}
                </Field>
                <Field label={t.unit} error={f('unit')}>
                  {(p) => (
                    <input
                      {...p}
                      value={s.unit}
                      onChange={(e) => change(s.key, { unit: e.target.value })}
                      maxLength={16}
                    />
                  )}
                </Field>
                <Field label={t.priceYuan} error={f('priceFen')}>
                  {(p) => (
                    <input
                      {...p}
                      value={s.price}
                      onChange={(e) => change(s.key, { price: e.target.value })}
                      inputMode="decimal"
                    />
                  )}
                </Field>
                <Field label={t.initialStock} error={f('stock')}>
                  {(p) => (
                    <input
                      {...p}
                      value={s.stock}
                      onChange={(e) => change(s.key, { stock: e.target.value })}
                      inputMode="numeric"
                    />
                  )}
                </Field>
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
        <ErrorMessage error={error} />
        <FormButtons onCancel={onClose} busy={busy} />
      </form>
    </Dialog>
  )
}
