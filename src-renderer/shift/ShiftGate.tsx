// The sell screen opens only within a shift: with none open on this till, it asks for the counted
// float first — one field and Enter (docs/SHIFTS.md). Sales, payments and refunds are refused by
// the main process outside a shift anyway (SHIFT_CLOSED); this is where the cashier meets it.
import { type FormEvent, useRef, useState } from 'react'
import { parseYuanAmount } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { Sell } from '../pages/Sell'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { useFocusOnMount } from '../use-focus'

export function SellInShift() {
  const status = useLoad(() => window.pos['shift.status']({}), [])
  if (!status.data) return <LoadStatus load={status} />
  return status.data.shift ? <Sell /> : <OpenShiftForm onOpened={status.reload} />
}

/** One field, the float counted in yuan, and Enter. */
export function OpenShiftForm({ onOpened }: { onOpened: () => void }) {
  const t = useStrings()
  const [text, setText] = useState('')
  const [hint, setHint] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  useFocusOnMount(input)
  const open = useAction({ exclusive: true })

  async function submit(event: FormEvent) {
    event.preventDefault()
    const floatFen = parseYuanAmount(text)
    if (floatFen === null) return setHint(t.enterYuan)
    setHint(null)
    const result = await open.run(() => window.pos['shift.open']({ floatFen }))
    // Already open (another screen of this till opened it): the sell screen is what follows either way.
    if (result?.ok || (result && !result.ok && result.error.code === 'SHIFT_ALREADY_OPEN')) onOpened()
  }

  return (
    <form className="panel shift-form" onSubmit={(e) => void submit(e)} noValidate>
      <h1>{t.openShiftTitle}</h1>
      <p className="muted">{t.openShiftHint}</p>
      <label className="field">
        <span>{t.floatYuan}</span>
        <input
          ref={input}
          value={text}
          onChange={(e) => setText(e.target.value)}
          inputMode="decimal"
          aria-invalid={hint === null ? undefined : true}
          autoComplete="off"
        />
      </label>
      {hint && <p className="error">{hint}</p>}
      <ErrorMessage error={open.error} />
      <button type="submit" className="primary" disabled={open.busy}>
        {t.openShiftButton}
      </button>
    </form>
  )
}
