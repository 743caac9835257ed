// The sell screen's discounts (docs/DISCOUNTS.md): the form for a line's discount or price (F5,
// on the line scanned last) or the order's (F11), the list of what was given with the totals the
// server worked out, and the admin's approval at the till. The screen sends rules only — percent
// off, an amount off, a lower price, 抹零 — and shows the figures the quote answers.
import { useRef, useState, type FormEvent } from 'react'
import type { CartLineView, CheckoutQuote, DiscountsInput, LineDiscountInput } from '../../src-shared/contract'
import { formatFen, yuanStringToFen } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { hasDiscounts, useTill } from '../store'
import { useStrings } from '../strings'
import { type ScreenError, useLoad } from '../use-call'
import { useFocusOnMount } from '../use-focus'
import type { AdminApproval } from './use-pay-now'

type Kind = 'percent' | 'amount' | 'price'

/** What the typed value means for the kind: whole percents, or yuan. Null when it is not one. */
function readValue(kind: Kind, typed: string): number | null {
  const text = typed.trim()
  if (kind === 'percent') return /^\d{1,4}$/.test(text) ? Number(text) : null
  try {
    return yuanStringToFen(text)
  } catch {
    return null
  }
}

/** F5 (a line: percent, amount or a new price) or F11 (the order: percent or amount); Enter gives it. */
export function DiscountForm({ line, onDone }: { line: CartLineView | null; onDone: (given: boolean) => void }) {
  const t = useStrings()
  const { discounts, setDiscounts } = useTill()
  const kinds: Kind[] = line ? ['percent', 'amount', 'price'] : ['percent', 'amount']
  const [kind, setKind] = useState<Kind>('percent')
  const [typed, setTyped] = useState('')
  const [error, setError] = useState<ScreenError | null>(null)
  const input = useRef<HTMLInputElement>(null)
  useFocusOnMount(input)

  function give(event: FormEvent) {
    event.preventDefault()
    const value = readValue(kind, typed)
    if (value === null || (kind !== 'price' && value < 1)) return setError(t.discountValueInvalid)
    if (line) {
      const discount: LineDiscountInput =
        kind === 'percent'
          ? { skuId: line.skuId, kind, percent: value }
          : kind === 'amount'
            ? { skuId: line.skuId, kind, amountFen: value }
            : { skuId: line.skuId, kind, priceFen: value }
      setDiscounts({ ...discounts, lines: [...discounts.lines.filter((d) => d.skuId !== line.skuId), discount] })
    } else {
      const order = kind === 'percent' ? { kind, percent: value } : { kind: 'amount' as const, amountFen: value }
      setDiscounts({ ...discounts, order })
    }
    onDone(true)
  }

  return (
    <form className="panel parked-panel discount-form" onSubmit={give} aria-label={t.discount}>
      <p>
        <strong>{line ? t.lineDiscountOf(line.name) : t.orderDiscount}</strong>
      </p>
      <div className="panel-buttons" role="radiogroup" aria-label={t.discountKind}>
        {kinds.map((k, i) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={kind === k}
            className={kind === k ? 'primary' : undefined}
            onClick={() => (setKind(k), input.current?.focus())}
          >
            {t.discountKinds[k]} <kbd>Alt+{i + 1}</kbd>
          </button>
        ))}
      </div>
      <label>
        <span>{kind === 'percent' ? t.percentOff : kind === 'amount' ? t.amountOffYuan : t.newPriceYuan}</span>
        <input
          ref={input}
          value={typed}
          inputMode="decimal"
          autoComplete="off"
          onChange={(e) => (setTyped(e.target.value), setError(null))}
          onKeyDown={(e) => {
            const chosen = e.altKey ? kinds[Number(e.key) - 1] : undefined
            if (chosen) {
              e.preventDefault()
              setKind(chosen)
            }
          }}
        />
      </label>
      <ErrorMessage error={error} />
      <div className="panel-buttons">
        <button type="submit" className="primary">
          {t.giveDiscount} <kbd>Enter</kbd>
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t.cancel} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  )
}

/**
 * The discounts given on this sale and what the server says they come to: 优惠, 抹零 and the
 * amount to pay. Each can be taken back. A refusal (more than the amount) shows at once.
 */
export function SaleDiscounts({ quoteKey }: { quoteKey: string }) {
  const t = useStrings()
  const { cart, member, discounts, setDiscounts } = useTill()
  const lines = cart?.lines ?? []
  const given = hasDiscounts(discounts) && lines.length > 0
  const quote = useLoad<CheckoutQuote>(
    given
      ? () =>
          window.pos['orders.quote']({
            skuIds: lines.map((l) => l.skuId),
            fulfilment: 'pickup',
            memberPhone: member?.phone,
            discounts,
          })
      : null,
    [quoteKey, given],
  )
  if (!given) return null
  const nameOf = (skuId: number) => lines.find((l) => l.skuId === skuId)?.name ?? String(skuId)
  const without = (change: Partial<DiscountsInput>) => setDiscounts({ ...discounts, ...change })
  const q = quote.data
  return (
    <section className="sale-discounts" aria-label={t.discount}>
      <ul>
        {discounts.lines.map((d) => (
          <li key={d.skuId}>
            <span>
              {nameOf(d.skuId)} · {describe(t, d)}
            </span>
            <button
              type="button"
              className="link"
              onClick={() => without({ lines: discounts.lines.filter((x) => x.skuId !== d.skuId) })}
            >
              {t.takeBack}
            </button>
          </li>
        ))}
        {discounts.order && (
          <li>
            <span>
              {t.orderDiscount} · {describe(t, discounts.order)}
            </span>
            <button type="button" className="link" onClick={() => without({ order: undefined })}>
              {t.takeBack}
            </button>
          </li>
        )}
        {discounts.roundDown && (
          <li>
            <span>{t.roundDown}</span>
            <button type="button" className="link" onClick={() => without({ roundDown: false })}>
              {t.takeBack}
            </button>
          </li>
        )}
      </ul>
      <ErrorMessage error={quote.error} />
      {q && (
        <dl className="totals">
          <dt>{t.discount}</dt>
          <dd className="discount" data-testid="sale-discount">
            {formatFen(-(q.discounts.discountFen - q.discounts.roundedDownFen))}
          </dd>
          {q.discounts.roundedDownFen > 0 && (
            <>
              <dt>{t.roundDown}</dt>
              <dd data-testid="sale-round-down">{formatFen(-q.discounts.roundedDownFen)}</dd>
            </>
          )}
          <dt>{t.payAmount}</dt>
          <dd className="big" data-testid="sale-pay">
            {formatFen(q.payFen)}
          </dd>
          {q.discounts.needsApproval && (
            <dd className="muted small">{t.needsAdmin(formatFen(q.discounts.limitFen))}</dd>
          )}
        </dl>
      )}
    </section>
  )
}

function describe(
  t: ReturnType<typeof useStrings>,
  d: { kind: 'percent'; percent: number } | { kind: 'amount'; amountFen: number } | { kind: 'price'; priceFen: number },
): string {
  if (d.kind === 'percent') return t.percentOffText(d.percent)
  if (d.kind === 'amount') return `-${formatFen(d.amountFen)}`
  return t.priceOverrideText(formatFen(d.priceFen))
}

/** An admin's user name and password at the till; Enter sends the sale with them, Esc goes back. */
export function ApprovalDialog({
  quote,
  error,
  busy,
  onApprove,
  onCancel,
}: {
  quote: CheckoutQuote
  error: ScreenError | null
  busy: boolean
  onApprove: (approval: AdminApproval) => void
  onCancel: () => void
}) {
  const t = useStrings()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const first = useRef<HTMLInputElement>(null)
  useFocusOnMount(first)
  return (
    <form
      className="panel parked-panel approval-dialog"
      role="alertdialog"
      aria-label={t.approvalTitle}
      onSubmit={(e) => {
        e.preventDefault()
        onApprove({ username, password })
      }}
    >
      <p>
        <strong>{t.approvalTitle}</strong>
      </p>
      <p className="muted small">{t.approvalHint}</p>
      <p data-testid="approval-what">
        {t.approvalWhat(
          formatFen(quote.discounts.discountFen - quote.discounts.roundedDownFen),
          formatFen(quote.discounts.limitFen),
          formatFen(quote.payFen),
        )}
      </p>
      <label>
        <span>{t.adminUsername}</span>
        <input ref={first} value={username} autoComplete="off" onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        <span>{t.adminPassword}</span>
        <input type="password" value={password} autoComplete="off" onChange={(e) => setPassword(e.target.value)} />
      </label>
      <ErrorMessage error={error} />
      <div className="panel-buttons">
        <button type="submit" className="primary" disabled={busy || username === '' || password === ''}>
          {t.approveAndPay} <kbd>Enter</kbd>
        </button>
        <button type="button" onClick={onCancel}>
          {t.cancel} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  )
}
