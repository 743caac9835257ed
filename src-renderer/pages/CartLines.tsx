// The sell screen's cart: its lines in scan order, each with − and + for the count, or for a
// weighed line its weight (what came on scale labels, and what was weighed at the till).
import type { CartLineView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { gramsInUnits, weightUnitName } from '../../src-shared/weight'
import { useStrings } from '../strings'
import { weighedLineText } from './WeightEntry'

export function CartLines({
  lines,
  onCount,
  onWeigh,
}: {
  lines: readonly CartLineView[]
  onCount: (skuId: number, count: number) => void
  onWeigh: (line: CartLineView) => void
}) {
  const t = useStrings()
  if (lines.length === 0) return <p className="muted cart-empty">{t.cartEmpty}</p>
  return (
    <ul className="cart-lines">
      {lines.map((line) => (
        <li key={line.skuId} className="cart-line">
          <div className="line-head">
            <span className="line-name">{line.name}</span>
            <span className="line-total">{formatFen(line.lineFen)}</span>
          </div>
          {line.saleMode === 'by_weight' ? (
            <WeighedLine line={line} onWeigh={() => onWeigh(line)} />
          ) : (
            <div className="line-body">
              <span className="muted">
                {formatFen(line.priceFen)} / {line.unit} · {t.stockLeft(line.stockLeft)}
              </span>
              <span className="stepper">
                <button
                  type="button"
                  aria-label={t.oneLessOf(line.name)}
                  onClick={() => onCount(line.skuId, line.count - 1)}
                >
                  −
                </button>
                <output aria-label={`${t.count} ${line.name}`}>{line.count}</output>
                <button
                  type="button"
                  aria-label={t.oneMoreOf(line.name)}
                  onClick={() => onCount(line.skuId, line.count + 1)}
                >
                  +
                </button>
              </span>
            </div>
          )}
        </li>
      ))}
    </ul>
  )
}

/** A weighed line: "0.734 斤 × ¥5.20 = ¥3.82", what came on scale labels, and its weight button. */
function WeighedLine({ line, onWeigh }: { line: CartLineView; onWeigh: () => void }) {
  const t = useStrings()
  const unitGrams = line.unitGrams ?? 1000
  const unit = weightUnitName(unitGrams)
  return (
    <div className="line-body">
      <span className="muted" data-testid="weighed-line">
        {line.labelFen > 0
          ? t.labelPart(`${gramsInUnits(line.labelGrams, unitGrams)} ${unit}`, formatFen(line.labelFen))
          : weighedLineText(t, line)}
        {line.labelFen > 0 &&
          line.count > line.labelGrams &&
          ` · ${weighedLineText(t, { ...line, count: line.count - line.labelGrams, lineFen: line.lineFen - line.labelFen })}`}
      </span>
      <button type="button" aria-label={t.changeWeightOf(line.name)} onClick={onWeigh}>
        {t.changeWeight}
      </button>
    </div>
  )
}
