// The sell screen's parked sales (挂单, docs/PARKED.md): the park form, the recall list and the
// notice of a basket left from an unfinished sale. Each is keyboard first: focus starts inside,
// Enter does the main thing, and Escape (the sell screen's key) goes back to the scanner.
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { CartView, ParkedSaleView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { useFocusOnMount } from '../use-focus'

/** What a panel tells the sell screen when it is done: the message to show, or null (cancelled). */
type Done = (notice: string | null) => void

/** Label, then Enter: the basket (and the member on it) is set aside and the cart is empty. */
export function ParkForm({ onDone }: { onDone: Done }) {
  const t = useStrings()
  const { member, setCart, setMember } = useTill()
  const [label, setLabel] = useState('')
  const input = useRef<HTMLInputElement>(null)
  useFocusOnMount(input)
  const parking = useAction({ exclusive: true })

  async function park(event: FormEvent) {
    event.preventDefault()
    const result = await parking.run(() =>
      window.pos['cart.park']({ label, ...(member ? { memberPhone: member.phone } : {}) }),
    )
    if (!result?.ok) return
    setCart(result.data.cart)
    setMember(null)
    onDone(t.parkedNotice(t.parkedName(result.data.sale.label, result.data.sale.id)))
  }

  return (
    <form className="panel parked-panel" onSubmit={(e) => void park(e)}>
      <label>
        <span>{t.parkLabel}</span>
        <input
          ref={input}
          value={label}
          maxLength={64}
          placeholder={t.parkLabelHint}
          onChange={(e) => setLabel(e.target.value)}
          autoComplete="off"
        />
      </label>
      <ErrorMessage error={parking.error} />
      <div className="panel-buttons">
        <button type="submit" className="primary" disabled={parking.busy}>
          {t.parkNow}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t.cancel}
        </button>
      </div>
    </form>
  )
}

/** The waiting parked sales of the whole shop, newest first: ↑↓ choose, Enter recalls. */
export function RecallList({ onDone }: { onDone: Done }) {
  const t = useStrings()
  const { setCart, setMember } = useTill()
  const parked = useLoad(() => window.pos['cart.parked']({}), [])
  const [chosen, setChosen] = useState(0)
  const list = useRef<HTMLUListElement>(null)
  useFocusOnMount(list)
  const recalling = useAction({ exclusive: true })
  const sales = parked.data ?? []

  async function recall(sale: ParkedSaleView | undefined) {
    if (!sale) return
    const result = await recalling.run(() => window.pos['cart.recall']({ id: sale.id }))
    if (!result?.ok) {
      parked.reload() // taken or expired meanwhile: show what is left
      return
    }
    setCart(result.data.cart)
    setMember(result.data.member)
    onDone(t.recalledNotice(t.parkedName(result.data.sale.label, result.data.sale.id)))
  }

  function onKey(event: KeyboardEvent) {
    const move = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0
    if (move !== 0) {
      event.preventDefault()
      setChosen((i) => Math.min(Math.max(i + move, 0), Math.max(sales.length - 1, 0)))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      void recall(sales[chosen])
    }
  }

  return (
    <section className="panel parked-panel" aria-label={t.parkedTitle}>
      <h3>{t.parkedTitle}</h3>
      <p className="muted">{t.recallHint}</p>
      <LoadStatus load={parked} />
      <ErrorMessage error={recalling.error} />
      <ul
        ref={list}
        className="parked-list"
        role="listbox"
        aria-label={t.parkedTitle}
        aria-activedescendant={sales[chosen] ? `parked-${sales[chosen].id}` : undefined}
        tabIndex={0}
        onKeyDown={onKey}
      >
        {parked.data && sales.length === 0 && <li className="muted">{t.noParkedSales}</li>}
        {sales.map((sale, i) => (
          <li
            key={sale.id}
            id={`parked-${sale.id}`}
            role="option"
            aria-selected={i === chosen}
            className={i === chosen ? 'chosen' : undefined}
          >
            {/* For the mouse; the keyboard stays on the list. */}
            <button type="button" tabIndex={-1} onClick={() => (setChosen(i), void recall(sale))}>
              <strong>{t.parkedName(sale.label, sale.id)}</strong>
              <span className="muted">
                {t.parkedMeta(
                  sale.lineCount,
                  formatFen(sale.goodsFen),
                  Math.floor(sale.ageMs / 60_000),
                  sale.tillId,
                  sale.username,
                )}
                {sale.memberName && ` · ${t.parkedMember(sale.memberName)}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="panel-buttons">
        <button type="button" onClick={() => onDone(null)}>
          {t.close}
        </button>
      </div>
    </section>
  )
}

/**
 * A basket found when the sell screen opens for a new session or after an order: it belongs to
 * a sale that was not finished, so the cashier says what it is before anything is scanned.
 */
export function UnfinishedSale({
  cart,
  onContinue,
  onPark,
  onNewSale,
}: {
  cart: CartView
  onContinue: () => void
  onPark: () => void
  onNewSale: () => void
}) {
  const t = useStrings()
  const first = useRef<HTMLButtonElement>(null)
  useFocusOnMount(first)
  return (
    <section className="panel parked-panel unfinished" role="alertdialog" aria-label={t.unfinishedTitle}>
      <h3>{t.unfinishedTitle}</h3>
      <p>{t.unfinishedBody(cart.totalCount, formatFen(cart.goodsFen))}</p>
      <div className="panel-buttons">
        <button ref={first} type="button" className="primary" onClick={onContinue}>
          {t.continueSale}
        </button>
        <button type="button" onClick={onPark}>
          {t.park} <kbd>F6</kbd>
        </button>
        <button type="button" onClick={onNewSale}>
          {t.newSale} <kbd>F8</kbd>
        </button>
      </div>
    </section>
  )
}
