// Cash: the amount tendered, the change shown as it is typed; Enter with nothing typed takes the
// exact amount due (现金正好), the most frequent cash sale. A part of a split tender is taken
// exactly: change comes only with the cash that pays the last of it.
import { useRef, useState } from 'react'
import { fenToYuanString, formatFen, parseYuanAmount } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { useFocusOnMount } from '../use-focus'
import { dueOf, type PanelProps, useCounterPayment } from './payment'
import { useStrings } from '../strings'
import { BusyButton } from '../components/BusyButton'

export function CashPanel({ order, onPaid, amountFen, part }: PanelProps) {
  const t = useStrings()
  const [text, setText] = useState('')
  const { busy, error, setError, take } = useCounterPayment(onPaid)
  const tenderedInput = useRef<HTMLInputElement>(null)
  useFocusOnMount(tenderedInput)
  const tendered = text.trim() ? parseYuanAmount(text) : amountFen
  const last = amountFen === dueOf(order)
  const change = tendered !== null && tendered >= amountFen && last ? tendered - amountFen : null

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    if (tendered === null || tendered <= 0) return setError(t.tenderedInvalid)
    if (tendered < amountFen) return setError(t.tenderedTooLittle(formatFen(amountFen)))
    if (tendered > amountFen && !last) return setError(t.partCashNoChange)
    const tenderedFen = tendered
    await take(`cash ${tenderedFen} ${part ? amountFen : ''}`, (idempotencyKey) =>
      window.pos['payments.payCash']({
        orderId: order.id,
        tenderedFen,
        idempotencyKey,
        ...(part ? { amountFen } : {}),
      }),
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
          placeholder={fenToYuanString(amountFen)}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <dl className="totals">
        <dt>{part ? t.thisPayment : t.amountDue}</dt>
        <dd data-testid="cash-amount">{formatFen(amountFen)}</dd>
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
