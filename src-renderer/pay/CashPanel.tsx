// Cash: the amount tendered, the change shown as it is typed; Enter with nothing typed takes the
// exact amount due (现金正好), the most frequent cash sale.
import { useRef, useState } from 'react'
import { fenToYuanString, formatFen, parseYuanAmount } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { useFocusOnMount } from '../use-focus'
import { type PanelProps, useCounterPayment } from './payment'
import { useStrings } from '../strings'
import { BusyButton } from '../components/BusyButton'

export function CashPanel({ order, onPaid }: PanelProps) {
  const t = useStrings()
  const [text, setText] = useState('')
  const { busy, error, setError, take } = useCounterPayment(onPaid)
  const tenderedInput = useRef<HTMLInputElement>(null)
  useFocusOnMount(tenderedInput)
  const tendered = text.trim() ? parseYuanAmount(text) : order.payFen
  const change = tendered !== null && tendered >= order.payFen ? tendered - order.payFen : null

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    if (tendered === null || tendered <= 0) return setError(t.tenderedInvalid)
    if (tendered < order.payFen) return setError(t.tenderedTooLittle(formatFen(order.payFen)))
    const tenderedFen = tendered
    await take(`cash ${tenderedFen}`, (idempotencyKey) =>
      window.pos['payments.payCash']({ orderId: order.id, tenderedFen, idempotencyKey }),
    )
  }

  return (
    <form className="cash-panel" onSubmit={(e) => void submit(e)}>
      <label>
        {t.tendered}
        <input
          ref={tenderedInput}
          inputMode="decimal"
          autoComplete="off"
          value={text}
          placeholder={fenToYuanString(order.payFen)}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <dl className="totals">
        <dt>{t.amountDue}</dt>
        <dd>{formatFen(order.payFen)}</dd>
        <dt className="pay">{t.changeDue}</dt>
        <dd className="big pay" data-testid="change-preview">
          {change === null ? '—' : formatFen(change)}
        </dd>
      </dl>
      <ErrorMessage error={error} />
      <p className="muted small">{t.cashExactHint}</p>
      <BusyButton type="submit" className="primary wide" busy={busy} busyText={t.working}>
        {text.trim() ? t.payCash : t.payCashExact} <kbd>Enter</kbd>
      </BusyButton>
    </form>
  )
}
