// 无单退货 (admins; docs/RETURNS.md): goods back without an order, from the goods row — how much,
// back on the shelf or a loss, and the reason, which is required. The till pays today's price
// back in cash; the main process works out the amount and keeps the return with the reason.
import { useState, type FormEvent } from 'react'
import type { AdminSkuView, ReturnView } from '../../../src-shared/contract'
import { formatFen } from '../../../src-shared/money'
import { measuredLineFen } from '../../../src-shared/weight'
import { useAction } from '../../use-call'
import { DialogForm, Field } from '../kit'
import { parseQuantity } from './Measure'
import { useStrings } from '../../strings'

const newKey = () => crypto.randomUUID().replace(/-/g, '')

export function ReturnWithoutOrder({
  sku,
  onClose,
  onDone,
}: {
  sku: AdminSkuView
  onClose: () => void
  onDone: (view: ReturnView) => void
}) {
  const t = useStrings()
  const [quantity, setQuantity] = useState('')
  const [loss, setLoss] = useState(false)
  const [reason, setReason] = useState('')
  const [fieldError, setFieldError] = useState<string | undefined>()
  // One key per opened dialog: a retried click is the same return.
  const [idempotencyKey] = useState(newKey)
  const returning = useAction({ exclusive: true })
  const count = parseQuantity(quantity, sku, 1)

  async function submit(event: FormEvent) {
    event.preventDefault()
    returning.setError(null)
    if (count === undefined) return setFieldError(t.wholeNumber)
    setFieldError(undefined)
    if (!reason.trim()) return returning.setError(t.returnReasonRequired)
    const r = await returning.run(() =>
      window.pos['returns.withoutOrder']({
        lines: [{ skuId: sku.id, count, restock: !loss }],
        reason: reason.trim(),
        idempotencyKey,
      }),
    )
    if (r?.ok) onDone(r.data)
  }

  return (
    <DialogForm
      title={t.returnWithoutOrderOf(sku.name)}
      onClose={onClose}
      onSubmit={submit}
      error={returning.error}
      busy={returning.busy}
      submitText={t.returnSubmit}
    >
      <p className="muted">{t.returnAtTodaysPrice}</p>
      <Field label={t.quantity} error={fieldError}>
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
      {count !== undefined && (
        <p data-testid="return-amount">{t.returnCashToHand(formatFen(measuredLineFen(sku.priceFen, count, sku)))}</p>
      )}
      <label className="check">
        <input type="checkbox" checked={loss} onChange={(e) => setLoss(e.target.checked)} />
        {t.returnLoss}
      </label>
      <Field label={t.refundReason}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />}
      </Field>
    </DialogForm>
  )
}
