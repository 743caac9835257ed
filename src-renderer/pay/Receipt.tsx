// The printable receipt (小票): the main process's receipt model (receipts.get) drawn at 58 or
// 80 mm for the system print dialog — the same content as the network printer's, in the screen's
// language. pay.css's print rules print this and nothing else; printReceipt sets the page size.
import type { ReceiptView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { payMethodNames, PayMethod } from '../../src-shared/order-status'
import { receiptLineText, receiptWords } from '../../src-shared/receipt'
import { useTill } from '../store'
import { useStrings } from '../strings'

export function Receipt({ view }: { view: ReceiptView }) {
  const t = useStrings()
  const language = useTill((s) => s.language)
  const w = receiptWords[language]
  const { receipt, paperWidth } = view
  const cash = receipt.payments.some((p) => p.method === PayMethod.CASH)
  return (
    <section
      className={`receipt paper-${paperWidth}`}
      data-testid="receipt"
      data-paper={paperWidth}
      aria-label={t.receipt}
    >
      <h2 className="receipt-shop">{receipt.shopName}</h2>
      {receipt.copy && (
        <p className="receipt-copy" data-testid="receipt-copy">
          {w.copy}
        </p>
      )}
      {receipt.sandbox && (
        <p className="receipt-sandbox" data-testid="receipt-sandbox">
          {w.sandbox}
        </p>
      )}
      {receipt.ticketNo && (
        <p className="receipt-ticket" data-testid="receipt-ticket">
          {w.ticket} {receipt.ticketNo}
        </p>
      )}
      <dl className="receipt-facts">
        <dt>{w.orderNo}</dt>
        <dd className="mono" data-testid="receipt-order-no">
          {receipt.orderNo}
        </dd>
        <dt>{w.time}</dt>
        <dd className="receipt-time">{receipt.time}</dd>
        <dt>{w.till}</dt>
        <dd>{receipt.tillId}</dd>
        <dt>{w.cashier}</dt>
        <dd>{receipt.cashier}</dd>
        {receipt.member && (
          <>
            <dt>{w.member}</dt>
            <dd>{receipt.member}</dd>
          </>
        )}
      </dl>
      <table className="receipt-lines">
        <thead>
          <tr>
            <th>{w.goods}</th>
            <th className="num">{w.amount}</th>
          </tr>
        </thead>
        <tbody>
          {receipt.lines.map((line, i) => {
            const { name, quantity, amount } = receiptLineText(line)
            return (
              <tr key={i}>
                <td>
                  {name}
                  <div className="receipt-quantity">{quantity}</div>
                  {line.discountFen > 0 && (
                    <div className="receipt-quantity">
                      {w.discount} {formatFen(-line.discountFen)}
                    </div>
                  )}
                </td>
                <td className="num">{amount}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <dl className="receipt-facts receipt-totals">
        <dt>{w.goodsTotal}</dt>
        <dd>{formatFen(receipt.goodsFen)}</dd>
        {receipt.freightFen > 0 && (
          <>
            <dt>{w.freight}</dt>
            <dd>{formatFen(receipt.freightFen)}</dd>
          </>
        )}
        {receipt.discounts.map((d, i) => (
          <Pair key={`d${i}`} label={w[d.kind]} value={formatFen(-d.fen)} testId="receipt-discount" />
        ))}
        <dt className="strong">{w.total}</dt>
        <dd className="strong" data-testid="receipt-pay">
          {formatFen(receipt.totalFen)}
        </dd>
        {receipt.payments.map((p, i) => (
          <Pair
            key={`p${i}`}
            label={payMethodNames[p.method][language]}
            value={formatFen(p.amountFen)}
            testId="receipt-method"
            tenderedFen={p.tenderedFen}
            tenderedLabel={w.tendered}
          />
        ))}
        {cash && (
          <>
            <dt>{w.change}</dt>
            <dd data-testid="receipt-change">{formatFen(receipt.changeFen)}</dd>
          </>
        )}
        {receipt.refundedFen > 0 && <Pair label={w.refunded} value={formatFen(receipt.refundedFen)} />}
      </dl>
      {/* The order's barcode, scanned for a return; the digits under it to type in. */}
      <figure className="receipt-barcode" data-testid="receipt-barcode">
        <img
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(view.barcodeSvg)}`}
          alt={receipt.barcode}
          data-testid="receipt-barcode-bars"
        />
        <figcaption className="mono">{receipt.barcode}</figcaption>
      </figure>
      <p className="receipt-thanks">{w.thanks}</p>
    </section>
  )
}

interface PairProps {
  label: string
  value: string
  testId?: string
  tenderedFen?: number | null
  tenderedLabel?: string
}

function Pair({ label, value, testId, tenderedFen = null, tenderedLabel }: PairProps) {
  return (
    <>
      <dt data-testid={testId}>{label}</dt>
      <dd>{value}</dd>
      {tenderedFen !== null && (
        <>
          <dt className="receipt-indent">{tenderedLabel}</dt>
          <dd data-testid="receipt-tendered">{formatFen(tenderedFen)}</dd>
        </>
      )}
    </>
  )
}
