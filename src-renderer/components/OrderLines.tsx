// The lines of an order (or of a quote) and its totals, as the checkout and the order detail show
// them; a line as a short list item, as the order cards and the customer display do.
import type { ReactNode } from 'react'
import { formatFen } from '../../src-shared/money'
import { quantityText, weightUnitName } from '../../src-shared/weight'
import { useStrings } from '../strings'

export interface OrderLine {
  key: number
  /** The goods cell: the name, or more (a link, the review's stars). */
  goods: ReactNode
  priceFen: number
  /** Pieces, or grams of goods sold by weight (unitGrams set): shown as "0.734 斤". */
  count: number
  unitGrams?: number | null
  /** At the list price. */
  lineFen: number
  /** The line's share of the discounts (docs/DISCOUNTS.md); the line pays lineFen − discountFen. */
  discountFen?: number
}

/** A unit price as the lines show it: "¥5.20", or "¥5.20 / 斤" for goods sold by weight. */
const priceText = (line: { priceFen: number; unitGrams?: number | null }) =>
  line.unitGrams ? `${formatFen(line.priceFen)} / ${weightUnitName(line.unitGrams)}` : formatFen(line.priceFen)

interface LinesProps {
  lines: OrderLine[]
  className?: string
}

export function LinesTable({ lines, className = 'lines' }: LinesProps) {
  const t = useStrings()
  // The discount and paid columns only when a line has a discount: most sales have none.
  const discounted = lines.some((l) => (l.discountFen ?? 0) > 0)
  return (
    <table className={className}>
      <thead>
        <tr>
          <th>{t.goods}</th>
          <th className="num">{t.unitPrice}</th>
          <th className="num">{t.count}</th>
          <th className="num">{t.lineTotal}</th>
          {discounted && <th className="num">{t.discount}</th>}
          {discounted && <th className="num">{t.linePaid}</th>}
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.key}>
            <td>{line.goods}</td>
            <td className="num">{priceText(line)}</td>
            <td className="num">{quantityText(line.count, line.unitGrams ?? null)}</td>
            <td className="num">{formatFen(line.lineFen)}</td>
            {discounted && (
              <td className="num discount" data-testid="line-discount">
                {formatFen(-(line.discountFen ?? 0))}
              </td>
            )}
            {discounted && <td className="num">{formatFen(line.lineFen - (line.discountFen ?? 0))}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

interface TotalsProps {
  /** An order's or a quote's figures; goodsFen after the discounts. */
  of: { goodsFen: number; freightFen: number; payFen: number }
  /** Every discount of the order, 抹零 included: shown, when not 0, after the goods at their list prices. */
  discountFen?: number
  testIds: { goods?: string; freight?: string; pay: string }
  /** Rows before the goods total (the checkout's item count). */
  before?: ReactNode
  /** Rows after the amount to pay (the order's paid and refunded amounts). */
  after?: ReactNode
}

/** Goods total, freight and the amount to pay, the last one large. */
export function Totals({ of, discountFen = 0, testIds, before, after }: TotalsProps) {
  const t = useStrings()
  return (
    <dl className="totals">
      {before}
      <dt>{t.goodsTotal}</dt>
      <dd data-testid={testIds.goods}>{formatFen(of.goodsFen + discountFen)}</dd>
      {discountFen > 0 && (
        <>
          <dt>{t.discount}</dt>
          <dd className="discount" data-testid="discount-total">
            {formatFen(-discountFen)}
          </dd>
        </>
      )}
      <dt>{t.freight}</dt>
      <dd data-testid={testIds.freight}>{formatFen(of.freightFen)}</dd>
      <dt className="pay">{t.payAmount}</dt>
      <dd className="big pay" data-testid={testIds.pay}>
        {formatFen(of.payFen)}
      </dd>
      {after}
    </dl>
  )
}

/** One line as a list item: the goods, price × count, the line's total. */
export function LineItem({
  name,
  line,
  nameClass,
  totalClass,
}: {
  name: string
  line: { priceFen: number; count: number; unitGrams?: number | null; lineFen: number }
  nameClass?: string
  totalClass: string
}) {
  return (
    <li>
      <span className={nameClass}>{name}</span>
      <span className="muted">
        {line.unitGrams
          ? `${quantityText(line.count, line.unitGrams)} × ${priceText(line)}`
          : `${formatFen(line.priceFen)} × ${line.count}`}
      </span>
      <span className={totalClass}>{formatFen(line.lineFen)}</span>
    </li>
  )
}
