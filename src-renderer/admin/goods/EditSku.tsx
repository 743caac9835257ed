// Edit a SKU's name, price and unit; only what changed is sent.
import { useState, type FormEvent } from 'react'
import type { AdminSkuView, SkuView } from '../../../src-shared/contract'
import { fenToYuanString } from '../../../src-shared/money'
import { DialogForm, Field, parseYuan, useFormSend } from '../kit'
import { useStrings } from '../../strings'

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
  const { fields, setFields, error, setError, busy, send } = useFormSend()

  async function save(event: FormEvent) {
    event.preventDefault()
    setError(null)
    const priceFen = parseYuan(price)
    if (priceFen === undefined) return setFields({ priceFen: t.fieldHints.priceFen })
    const changes = {
      name: name.trim() !== sku.name ? name.trim() : undefined,
      unit: unit.trim() !== sku.unit ? unit.trim() : undefined,
      priceFen: priceFen !== sku.priceFen ? priceFen : undefined,
    }
    if (changes.name === undefined && changes.unit === undefined && changes.priceFen === undefined)
      return setError(t.nothingChanged)
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
        <Field label={t.unit} error={fields.unit}>
          {(p) => <input {...p} value={unit} onChange={(e) => setUnit(e.target.value)} maxLength={16} />}
        </Field>
      </div>
    </DialogForm>
  )
}
