// The printable receipt (小票): shop, order, time, lines, totals, how it was paid, cash tendered
// and change. pay.css's print rules print this and nothing else (window.print()).
import type { OrderView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { payMethodNames, type PayMethod } from '../../src-shared/order-status'
import { LinesTable } from '../components/OrderLines'
import { formatDateTime } from '../format'
import { useTill } from '../store'
import { useStrings } from '../strings'

/** The heading until the till's info (the shop's display name) has arrived. */
export const SHOP_NAME = 'FreshTill'

interface Props {
  order: OrderView
  method: PayMethod
  /** Cash only: what the customer handed over. */
  tenderedFen: number | null
  changeFen: number
}

export function Receipt({ order, method, tenderedFen, changeFen }: Props) {
  const t = useStrings()
  const { language, session, info } = useTill()
  return (
    <section className="receipt" data-testid="receipt" aria-label={t.receipt}>
      <h2 className="receipt-shop">{info?.displayName ?? SHOP_NAME}</h2>
      <p className="receipt-sub">{t.receiptTill(order.tillId)}</p>
      {info?.alipay === 'sandbox' && (
        <p className="receipt-sandbox" data-testid="receipt-sandbox">
          {t.receiptSandbox}
        </p>
      )}
      <dl className="receipt-facts">
        <dt>{t.orderNo}</dt>
        <dd className="mono" data-testid="receipt-order-no">
          {order.orderNo}
        </dd>
        <dt>{t.time}</dt>
        <dd>{formatDateTime(order.paidAt ?? order.createdAt)}</dd>
        {session && (
          <>
            <dt>{t.cashier}</dt>
            <dd>{session.username}</dd>
          </>
        )}
      </dl>
      <LinesTable
        className="receipt-lines"
        priceUnderGoods
        lines={order.lines.map((line) => ({ ...line, key: line.id, goods: line.skuName }))}
      />
      <dl className="receipt-facts receipt-totals">
        <dt>{t.goodsTotal}</dt>
        <dd>{formatFen(order.goodsFen)}</dd>
        {order.freightFen > 0 && (
          <>
            <dt>{t.freight}</dt>
            <dd>{formatFen(order.freightFen)}</dd>
          </>
        )}
        <dt className="strong">{t.amountDue}</dt>
        <dd className="strong" data-testid="receipt-pay">
          {formatFen(order.payFen)}
        </dd>
        <dt>{t.payMethod}</dt>
        <dd data-testid="receipt-method">{payMethodNames[method][language]}</dd>
        {tenderedFen !== null && (
          <>
            <dt>{t.cashTendered}</dt>
            <dd data-testid="receipt-tendered">{formatFen(tenderedFen)}</dd>
            <dt>{t.changeDue}</dt>
            <dd data-testid="receipt-change">{formatFen(changeFen)}</dd>
          </>
        )}
      </dl>
      <p className="receipt-thanks">{t.thanks}</p>
    </section>
  )
}
