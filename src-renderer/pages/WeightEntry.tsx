// Weighing at the till (docs/STOCK.md, "Weighed goods"): the weight of goods sold by weight, typed
// in their unit (斤 or kg, up to three decimals) when there is no scale label. Opened by scanning
// or picking such goods, or by a cart line's weight button; Enter adds or sets, Escape cancels.
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { CallResult, CartLineView, CartView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { gramsInUnits, lineFen, maxLineGrams, unitsTextToGrams, weightUnitName } from '../../src-shared/weight'
import { ErrorMessage } from '../components/ErrorMessage'
import { useStrings } from '../strings'
import { useAction } from '../use-call'
import { useFocusOnMount } from '../use-focus'

export interface Weighing {
  skuId: number
  name: string
  priceFen: number
  unitGrams: number
  /** 'add': another weighing of these goods; 'set': the line's weight as it is now, replaced. */
  mode: 'add' | 'set'
  /** The line's grams when setting. */
  grams?: number
}

/** "0.734 斤 × ¥5.20 = ¥3.82": a weighed line as the screens and receipts show it. */
export function weighedLineText(
  t: ReturnType<typeof useStrings>,
  line: { count: number; unitGrams: number | null; priceFen: number; lineFen: number },
): string {
  const unitGrams = line.unitGrams ?? 1000
  return t.weighedLine(
    `${gramsInUnits(line.count, unitGrams)} ${weightUnitName(unitGrams)}`,
    formatFen(line.priceFen),
    formatFen(line.lineFen),
  )
}

/** The weight entry for a weighed line already in the cart: its weight set anew. */
export const weighingOf = (line: CartLineView): Weighing => ({
  skuId: line.skuId,
  name: line.name,
  priceFen: line.priceFen,
  unitGrams: line.unitGrams ?? 1000,
  mode: 'set',
  grams: line.count,
})

export function WeightEntry({
  weighing,
  onDone,
}: {
  weighing: Weighing
  /** The new cart when the weight went in; null when cancelled. */
  onDone: (cart: CartView | null, notice: string | null) => void
}) {
  const t = useStrings()
  const unit = weightUnitName(weighing.unitGrams)
  const [text, setText] = useState(weighing.grams ? gramsInUnits(weighing.grams, weighing.unitGrams) : '')
  const [invalid, setInvalid] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  useFocusOnMount(input)
  const sending = useAction({ exclusive: true })
  const grams = unitsTextToGrams(text, weighing.unitGrams)
  const usable = grams !== null && grams >= 1 && grams <= maxLineGrams

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!usable) {
      setInvalid(true)
      input.current?.focus()
      return
    }
    const call = (): Promise<CallResult<CartView>> =>
      weighing.mode === 'add'
        ? window.pos['cart.add']({ skuId: weighing.skuId, count: grams })
        : window.pos['cart.set']({ skuId: weighing.skuId, count: grams })
    const result = await sending.run(call)
    if (!result?.ok) {
      input.current?.focus()
      return
    }
    const amount = formatFen(lineFen(weighing.priceFen, grams, weighing.unitGrams))
    onDone(result.data, t.weighedNotice(`${gramsInUnits(grams, weighing.unitGrams)} ${unit}`, weighing.name, amount))
  }

  function onKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Escape') return
    event.preventDefault()
    event.stopPropagation()
    onDone(null, null)
  }

  return (
    <form
      className="panel parked-panel weigh-panel"
      aria-label={t.weighTitle(weighing.name)}
      onSubmit={(e) => void submit(e)}
    >
      <h3>{t.weighTitle(weighing.name)}</h3>
      <label>
        <span>{t.weightLabel(unit)}</span>
        <input
          ref={input}
          value={text}
          inputMode="decimal"
          autoComplete="off"
          aria-invalid={invalid && !usable}
          onChange={(e) => {
            setText(e.target.value)
            setInvalid(false)
          }}
          onKeyDown={onKey}
        />
      </label>
      <p className="muted" aria-live="polite" data-testid="weigh-preview">
        {usable
          ? weighedLineText(t, {
              count: grams,
              unitGrams: weighing.unitGrams,
              priceFen: weighing.priceFen,
              lineFen: lineFen(weighing.priceFen, grams, weighing.unitGrams),
            })
          : t.perUnit(formatFen(weighing.priceFen), unit)}
      </p>
      {invalid && !usable && (
        <p className="field-error" role="alert">
          {t.weightInvalid(unit)}
        </p>
      )}
      <ErrorMessage error={sending.error} />
      <p className="muted">{t.weightHint}</p>
      <div className="panel-buttons">
        <button type="submit" className="primary" disabled={sending.busy}>
          {weighing.mode === 'add' ? t.weighAdd : t.weighSet} <kbd>Enter</kbd>
        </button>
        <button type="button" onClick={() => onDone(null, null)}>
          {t.cancel} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  )
}
