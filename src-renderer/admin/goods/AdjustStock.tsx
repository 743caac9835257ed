// Stock in, loss, or a stocktake (what is on the shelf; the change is worked out), with a note.
import { useState, type FormEvent } from 'react'
import {
  type AdminSkuView,
  type SkuView,
  type StockMoveReason,
  type StockMoveView,
  stockMoveReasons,
} from '../../../src-shared/contract'
import { useAction } from '../../use-call'
import { DialogForm, Field } from '../kit'
import { parseQuantity, stockText } from './Measure'
import { fieldErrors } from '../field-errors'
import { useStrings } from '../../strings'

export function AdjustStock({
  sku,
  onClose,
  onDone,
}: {
  sku: AdminSkuView
  onClose: () => void
  onDone: (sku: SkuView, move: StockMoveView) => void
}) {
  const t = useStrings()
  const [reason, setReason] = useState<StockMoveReason>('receive')
  const [quantity, setQuantity] = useState('')
  const [note, setNote] = useState('')
  const [fieldError, setFieldError] = useState<string | undefined>()
  const adjusting = useAction()
  const counting = reason === 'count'
  // Pieces, or the weight in the SKU's 斤 / kg, as grams.
  const amount = parseQuantity(quantity, sku, counting ? 0 : 1)
  // A stocktake enters what is on the shelf; the change is worked out from the stock shown.
  const delta =
    amount === undefined ? undefined : counting ? amount - sku.stock : reason === 'receive' ? amount : -amount

  async function submit(event: FormEvent) {
    event.preventDefault()
    adjusting.setError(null)
    if (delta === undefined) return setFieldError(counting ? t.fieldHints.stock : t.wholeNumber)
    setFieldError(undefined)
    if (delta === 0) return adjusting.setError(t.noCountChange)
    const r = await adjusting.run(() =>
      window.pos['goods.adjustStock']({ skuId: sku.id, delta, reason, note: note.trim() }),
    )
    if (!r) return
    if (r.ok) return onDone(r.data.sku, r.data.move)
    const fields = fieldErrors(r.error.details, t.fieldHints)
    if (fields.delta) setFieldError(fields.delta)
  }

  return (
    <DialogForm
      title={t.adjustTitle(sku.name)}
      onClose={onClose}
      onSubmit={submit}
      error={adjusting.error}
      busy={adjusting.busy}
      submitText={t.confirmAdjust}
    >
      <p className="muted">
        {sku.saleMode === 'by_weight'
          ? t.currentStock(stockText(sku.stock, sku), '')
          : t.currentStock(sku.stock, sku.unit)}
      </p>
      <fieldset>
        <legend>{t.reason}</legend>
        <div className="choices">
          {stockMoveReasons.map((r) => (
            <label key={r} className={reason === r ? 'choice on' : 'choice'}>
              <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
              {t.reasons[r]}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label={counting ? t.countedStock : t.quantity} error={fieldError}>
        {(p) => (
          <input
            {...p}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            inputMode={sku.saleMode === 'by_weight' ? 'decimal' : 'numeric'}
            autoComplete="off"
          />
        )}
      </Field>
      {counting && delta !== undefined && (
        <p className="muted small">
          {t.countDelta(delta)}
          {sku.saleMode === 'by_weight' && ' g'}
        </p>
      )}
      <Field label={t.note}>
        {(p) => (
          <input
            {...p}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={200}
            placeholder={t.notePlaceholder}
          />
        )}
      </Field>
    </DialogForm>
  )
}
