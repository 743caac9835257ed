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
  lineFen: number
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
  return (
    <table className={className}>
      <thead>
        <tr>
          <th>{t.goods}</th>
          <th className="num">{t.unitPrice}</th>
          <th className="num">{t.count}</th>
          <th className="num">{t.lineTotal}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.key}>
            <td>{line.goods}</td>
            <td className="num">{priceText(line)}</td>
            <td className="num">{quantityText(line.count, line.unitGrams ?? null)}</td>
            <td className="num">{formatFen(line.lineFen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

interface TotalsProps {
  /** An order's or a quote's figures. */
  of: { goodsFen: number; freightFen: number; payFen: number }
  testIds: { goods?: string; freight?: string; pay: string }
  /** Rows before the goods total (the checkout's item count). */
  before?: ReactNode
  /** Rows after the amount to pay (the order's paid and refunded amounts). */
  after?: ReactNode
}

/** Goods total, freight and the amount to pay, the last one large. */
export function Totals({ of, testIds, before, after }: TotalsProps) {
  const t = useStrings()
  return (
    <dl className="totals">
      {before}
      <dt>{t.goodsTotal}</dt>
      <dd data-testid={testIds.goods}>{formatFen(of.goodsFen)}</dd>
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
