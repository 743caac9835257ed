// The sell screen's cart: its lines in scan order, each with − and + for the count.
import type { CartLineView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { useStrings } from '../strings'

export function CartLines({
  lines,
  onCount,
}: {
  lines: readonly CartLineView[]
  onCount: (skuId: number, count: number) => void
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
        </li>
      ))}
    </ul>
  )
}
