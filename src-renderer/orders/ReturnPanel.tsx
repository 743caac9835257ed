// 退货 (docs/RETURNS.md): on a paid order's detail, R opens the order's lines with what may still
// come back; the cashier types how much of each (pieces, or the weight in 斤/kg), restock or loss,
// and confirms. The main process works out the money and the payments it goes back through; the
// panel shows what to hand back in cash. One idempotency key per opened form: a retried click is
// the same return.
import { useEffect, useRef, useState } from 'react'
import type { ReturnableLineView, ReturnView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { isPaid, type OrderStatus, payMethodNames } from '../../src-shared/order-status'
import { quantityText, unitsTextToGrams, weightUnitName } from '../../src-shared/weight'
import { BusyButton } from '../components/BusyButton'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'

const newKey = () => crypto.randomUUID().replace(/-/g, '')

interface Props {
  order: { id: number; status: OrderStatus }
  /** From the offline copy: nothing can come back then. */
  offline: boolean
  onReturned: () => void
}

export function ReturnPanel({ order, offline, onReturned }: Props) {
  const t = useStrings()
  const [key, setKey] = useState<string | null>(null)
  const [done, setDone] = useState<ReturnView | null>(null)
  const canReturn = !offline && isPaid(order.status)
  const open = useRef(() => undefined as void)
  useEffect(() => {
    open.current = () => {
      if (!canReturn) return
      setDone(null)
      setKey(newKey())
    }
  })
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.key.toLowerCase() !== 'r') return
      if (event.target instanceof HTMLElement && event.target.closest('input, textarea, select, [role="dialog"]'))
        return
      event.preventDefault()
      open.current()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div className="return">
      {done && <ReturnDone view={done} />}
      {!key && isPaid(order.status) && (
        <button type="button" disabled={offline} onClick={() => open.current()}>
          {t.returnGoods} <kbd>R</kbd>
        </button>
      )}
      {key && (
        <ReturnForm
          key={key}
          orderId={order.id}
          idempotencyKey={key}
          onClose={() => setKey(null)}
          onReturned={(view) => {
            setKey(null)
            setDone(view)
            onReturned()
          }}
        />
      )}
    </div>
  )
}

function ReturnForm({
  orderId,
  idempotencyKey,
  onClose,
  onReturned,
}: {
  orderId: number
  idempotencyKey: string
  onClose: () => void
  onReturned: (view: ReturnView) => void
}) {
  const t = useStrings()
  const returnable = useLoad(() => window.pos['returns.ofOrder']({ orderId }), [orderId])
  const [amounts, setAmounts] = useState<Record<number, string>>({})
  const [losses, setLosses] = useState<Record<number, boolean>>({})
  const [reason, setReason] = useState('')
  const sending = useAction({ exclusive: true })
  const first = useRef<HTMLInputElement>(null)
  const lines = returnable.data?.lines ?? []
  useEffect(() => {
    if (returnable.data) first.current?.focus()
  }, [returnable.data])

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    const chosen: { lineId: number; count: number; restock: boolean }[] = []
    for (const line of lines) {
      const typed = (amounts[line.lineId] ?? '').trim()
      if (!typed) continue
      const count = countOf(typed, line)
      if (count === null || count <= 0) return sending.setError(t.returnCountInvalid(line.skuName))
      chosen.push({ lineId: line.lineId, count, restock: !losses[line.lineId] })
    }
    if (chosen.length === 0) return sending.setError(t.returnNothingChosen)
    const result = await sending.run(() =>
      window.pos['returns.fromOrder']({ orderId, lines: chosen, reason: reason.trim(), idempotencyKey }),
    )
    if (result?.ok) onReturned(result.data)
  }

  return (
    <form className="return-form" aria-label={t.returnGoods} onSubmit={(e) => void submit(e)}>
      <h3>{t.returnGoods}</h3>
      <LoadStatus load={returnable} />
      <table className="return-lines">
        <thead>
          <tr>
            <th>{t.goods}</th>
            <th className="num">{t.returnSold}</th>
            <th className="num">{t.returnLeft}</th>
            <th>{t.returnCount}</th>
            <th>{t.returnLoss}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => {
            const left = line.soldCount - line.returnedCount
            return (
              <tr key={line.lineId}>
                <td>{line.skuName}</td>
                <td className="num">{quantityText(line.soldCount, line.unitGrams)}</td>
                <td className="num">{quantityText(left, line.unitGrams)}</td>
                <td>
                  <input
                    ref={index === 0 ? first : undefined}
                    aria-label={t.returnCountOf(line.skuName)}
                    inputMode="decimal"
                    autoComplete="off"
                    disabled={left === 0}
                    placeholder={line.unitGrams === null ? '0' : `0.000 ${weightUnitName(line.unitGrams)}`}
                    value={amounts[line.lineId] ?? ''}
                    onChange={(e) => setAmounts({ ...amounts, [line.lineId]: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t.returnLossOf(line.skuName)}
                    checked={losses[line.lineId] ?? false}
                    onChange={(e) => setLosses({ ...losses, [line.lineId]: e.target.checked })}
                  />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <label>
        {t.refundReason}
        <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
      </label>
      <ErrorMessage error={sending.error} />
      <div className="form-actions">
        <BusyButton type="submit" className="danger" busy={sending.busy} busyText={t.refunding}>
          {t.returnSubmit} <kbd>Enter</kbd>
        </BusyButton>
        <button type="button" disabled={sending.busy} onClick={onClose}>
          {t.close}
        </button>
      </div>
    </form>
  )
}

/** Pieces as typed, or a weight typed in the line's unit (斤/kg) as grams. */
function countOf(typed: string, line: ReturnableLineView): number | null {
  if (line.unitGrams !== null) return unitsTextToGrams(typed, line.unitGrams)
  return /^\d{1,6}$/.test(typed) ? Number(typed) : null
}

function ReturnDone({ view }: { view: ReturnView }) {
  const t = useStrings()
  const language = useTill((s) => s.language)
  return (
    <p className="notice" role="status" data-testid="return-done">
      {t.returnDone(formatFen(view.refundFen))}
      {view.cashFen > 0 && <strong> {t.returnCash(formatFen(view.cashFen))}</strong>}
      {view.refunds
        .filter((r) => r.method !== 1)
        .map((r) => (
          <span key={r.refundId}>
            {' '}
            {payMethodNames[r.method][language]} {formatFen(r.amountFen)} · {t.returnRefundStatus[r.status]}
          </span>
        ))}
    </p>
  )
}
