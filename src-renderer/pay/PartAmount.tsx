// 部分付款 (split tender): F5 opens a field for what the chosen way of paying pays now; Enter
// sets it and hands the focus to the payment panel, Esc goes back to paying all that is due. The
// rest is paid after, by any way of paying, until the order is paid.
import { useEffect, useRef, useState } from 'react'
import { formatFen, parseYuanAmount } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { useStrings } from '../strings'

export function PartAmount({
  dueFen,
  partFen,
  onPart,
}: {
  dueFen: number
  /** The part set, or null for all that is due. */
  partFen: number | null
  onPart: (partFen: number | null) => void
}) {
  const t = useStrings()
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F5') return
      event.preventDefault()
      setOpen(true)
      setTimeout(() => input.current?.focus(), 0)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

  function close() {
    setOpen(false)
    setText('')
    setError(null)
    onPart(null)
  }

  function apply(event: React.FormEvent) {
    event.preventDefault()
    const fen = parseYuanAmount(text)
    if (fen === null || fen <= 0 || fen > dueFen) return setError(t.partInvalid(formatFen(dueFen)))
    setError(null)
    setOpen(false)
    // All that is due is no part: the panel pays the rest as usual (and cash may give change).
    onPart(fen === dueFen ? null : fen)
  }

  return (
    <div className="pay-part no-print">
      {open ? (
        <form onSubmit={apply}>
          <label>
            {t.partAmount}
            <input
              ref={input}
              data-testid="part-amount"
              inputMode="decimal"
              autoComplete="off"
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && close()}
            />
          </label>
          <p className="muted small">{t.partHint(formatFen(dueFen))}</p>
          <ErrorMessage error={error} />
        </form>
      ) : (
        <button
          type="button"
          className={partFen === null ? 'ghost' : 'on'}
          data-testid="part-payment"
          onClick={() => {
            if (partFen !== null) return close()
            setOpen(true)
            setTimeout(() => input.current?.focus(), 0)
          }}
        >
          {t.partPayment}
          {partFen !== null && `: ${formatFen(partFen)}`} <kbd>F5</kbd>
        </button>
      )}
    </div>
  )
}
