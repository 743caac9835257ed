// 退款 (admins; docs/PAYMENTS.md): on a paid order's detail, a small form — amount (the refundable
// remainder by default), reason, goods back to stock — sent with one idempotency key made when
// the form opens, so a retried click is the same refund, never a second one. An order paid by
// several payments (split tender) lets the admin choose the payment the money goes back through.
import { useRef, useState } from 'react'
import type { OrderView, PaymentView } from '../../src-shared/contract'
import { fenToYuanString, formatFen, yuanStringToFen } from '../../src-shared/money'
import { isPaid, payMethodNames } from '../../src-shared/order-status'
import { ErrorMessage } from '../components/ErrorMessage'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction } from '../use-call'
import { useFocusOnMount } from '../use-focus'
import { BusyButton } from '../components/BusyButton'

const newKey = () => crypto.randomUUID().replace(/-/g, '')

interface Props {
  order: OrderView & { payments?: PaymentView[] }
  /** Set when the order came from the offline copy: no refund then. */
  offline: boolean
  onRefunded: (order: OrderView) => void
}

export function RefundPanel({ order, offline, onRefunded }: Props) {
  const t = useStrings()
  const isAdmin = useTill((s) => s.session?.role === 'admin')
  const [form, setForm] = useState<{ key: string } | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const leftFen = order.paidFen - order.refundedFen
  if (!isAdmin || !isPaid(order.status) || leftFen <= 0) return done ? <p className="notice">{done}</p> : null

  return (
    <div className="refund">
      {!form && (
        <button
          type="button"
          className="danger"
          disabled={offline}
          aria-label={t.refundOf(order.orderNo)}
          onClick={() => {
            setDone(null)
            setForm({ key: newKey() })
          }}
        >
          {t.refund}
        </button>
      )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {form && (
        <RefundForm
          key={form.key}
          order={order}
          payments={(order.payments ?? []).filter((p) => p.status === 'paid' && p.autoRefund === null)}
          leftFen={leftFen}
          idempotencyKey={form.key}
          onClose={() => setForm(null)}
          onRefunded={(next, amountFen) => {
            setForm(null)
            setDone(t.refundDone(formatFen(amountFen)))
            onRefunded(next)
          }}
        />
      )}
    </div>
  )
}

function RefundForm({
  order,
  payments,
  leftFen,
  idempotencyKey,
  onClose,
  onRefunded,
}: {
  order: OrderView
  /** The payments that paid the order; a choice only when there are several. */
  payments: PaymentView[]
  leftFen: number
  idempotencyKey: string
  onClose: () => void
  onRefunded: (order: OrderView, amountFen: number) => void
}) {
  const t = useStrings()
  const [amount, setAmount] = useState(fenToYuanString(leftFen))
  const [reason, setReason] = useState('')
  const [restock, setRestock] = useState(false)
  const [paymentId, setPaymentId] = useState<number | null>(null)
  const { language } = useTill()
  const refunding = useAction({ exclusive: true })
  const setError = refunding.setError
  const amountInput = useRef<HTMLInputElement>(null)
  useFocusOnMount(amountInput)

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    let amountFen: number
    try {
      amountFen = yuanStringToFen(amount)
    } catch {
      return setError(t.refundAmountInvalid)
    }
    if (amountFen <= 0) return setError(t.refundAmountInvalid)
    if (amountFen > leftFen) return setError(t.refundTooMuch(formatFen(leftFen)))
    if (restock && amountFen !== leftFen) return setError(t.restockFullOnly)
    const result = await refunding.run(() =>
      window.pos['payments.refund']({
        orderId: order.id,
        amountFen,
        reason: reason.trim(),
        restock,
        idempotencyKey,
        ...(paymentId === null ? {} : { paymentId }),
      }),
    )
    if (!result) return
    if (result.ok) return onRefunded(result.data.order, result.data.amountFen)
    const fields = (result.error.details?.fields ?? {}) as Record<string, unknown>
    const left = result.error.details?.refundableFen
    if (result.error.code === 'INVALID_INPUT' && 'restock' in fields) setError(t.restockFullOnly)
    else if (result.error.code === 'INVALID_INPUT' && 'paymentId' in fields) setError(t.refundChoosePayment)
    else if (result.error.code === 'INVALID_INPUT' && 'amountFen' in fields && typeof left === 'number')
      setError(t.refundTooMuch(formatFen(left)))
  }

  return (
    <form className="refund-form" aria-label={t.refund} onSubmit={(e) => void submit(e)}>
      <h3>
        {t.refund} <span className="muted small">{t.refundable(formatFen(leftFen))}</span>
      </h3>
      <label>
        {t.refundAmount}
        <input
          ref={amountInput}
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <label>
        {t.refundReason}
        <input
          value={reason}
          maxLength={200}
          placeholder={t.refundReasonPlaceholder}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      {payments.length > 1 && (
        <label>
          {t.refundThrough}
          <select
            data-testid="refund-payment"
            value={paymentId ?? ''}
            onChange={(e) => setPaymentId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{t.refundThroughAuto}</option>
            {payments.map((p) => (
              <option key={p.id} value={p.id}>
                {payMethodNames[p.method][language]} {formatFen(p.amountFen)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="check span2">
        <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
        {t.restock}
      </label>
      <ErrorMessage error={refunding.error} />
      <div className="form-actions">
        <BusyButton type="submit" className="danger" busy={refunding.busy} busyText={t.refunding}>
          {t.refundSubmit}
        </BusyButton>
        <button type="button" disabled={refunding.busy} onClick={onClose}>
          {t.close}
        </button>
      </div>
    </form>
  )
}
