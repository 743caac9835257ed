// 订单详情: who, when, where to, the lines and totals, the payments and the event timeline.
import type { OrderDetail } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { payMethodNames } from '../../src-shared/order-status'
import { LoadStatus } from '../components/LoadStatus'
import { DataTable } from '../components/DataTable'
import { LinesTable, Totals } from '../components/OrderLines'
import { RefundPanel } from '../pay/RefundPanel'
import { formatDateTime } from '../format'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useLoad } from '../use-call'
import { OfflineBanner } from './OfflineBanner'
import { OrderActions } from './OrderActions'
import { OrderReceipt } from './OrderReceipt'
import { OrderStatusBadge } from './OrderStatusBadge'
import { ReturnPanel } from './ReturnPanel'
import { PageHead } from '../components/PageHead'

export function OrderDetailPage() {
  const t = useStrings()
  const { orderId, language, goTo, openGoods } = useTill()
  const detail = useLoad(orderId === null ? null : () => window.pos['orders.get']({ orderId }), [orderId])
  const order = detail.data

  // An action answers with the order; the detail (events, payments) is read again.
  const changed = detail.reload

  return (
    <div className="order-detail">
      <PageHead back={t.backToOrders} onBack={() => goTo('orders')} title={t.orderDetail} />
      <LoadStatus load={detail} />
      {order && (
        <>
          <OfflineBanner offline={order.offline} />
          <section className="panel detail-head">
            <div className="detail-title">
              {order.ticketNo && (
                <span className="ticket-no" data-testid="detail-ticket-no" aria-label={t.ticketNo}>
                  {order.ticketNo}
                </span>
              )}
              <span className="mono big-no" data-testid="detail-order-no">
                {order.orderNo}
              </span>
              <OrderStatusBadge status={order.status} />
            </div>
            <dl className="facts">
              <dt>{t.till}</dt>
              <dd>{order.tillId}</dd>
              <dt>{t.cashier}</dt>
              <dd>{staffOf(order)}</dd>
              <dt>{t.createdAt}</dt>
              <dd>{formatDateTime(order.createdAt)}</dd>
              <dt>{t.paidAt}</dt>
              <dd>{order.paidAt ? formatDateTime(order.paidAt) : '—'}</dd>
              <dt>{t.payMethod}</dt>
              <dd>{payMethodNames[order.payMethod][language]}</dd>
              <dt>{t.fulfilment}</dt>
              <dd>{order.fulfilment === 'delivery' ? t.delivery : t.pickup}</dd>
              {order.fulfilment === 'delivery' && (
                <>
                  <dt>{t.address}</dt>
                  <dd>
                    {order.address
                      ? `${order.receiver ?? ''} ${order.receiverPhone ?? ''} · ${order.address}`
                      : t.noAddress}
                  </dd>
                </>
              )}
            </dl>
            <OrderActions order={order} offline={order.offline !== null} onChanged={changed} />
            <OrderReceipt order={order} offline={order.offline !== null} />
            <RefundPanel order={order} offline={order.offline !== null} onRefunded={changed} />
            <ReturnPanel order={order} offline={order.offline !== null} onReturned={changed} />
          </section>

          <div className="detail-body">
            <section className="panel">
              <h2>{t.orderLines}</h2>
              <LinesTable
                lines={order.lines.map((line) => ({
                  ...line,
                  key: line.id,
                  goods: (
                    <>
                      <button
                        type="button"
                        className="link"
                        onClick={() => openGoods(line.skuId)}
                        aria-label={t.goodsDetailOf(line.skuName)}
                      >
                        {line.skuName}
                      </button>
                      {line.rating !== null && (
                        <span className="stars-shown" aria-label={t.stars(line.rating)}>
                          {' '}
                          {'★'.repeat(line.rating)}
                          <span className="dim">{'★'.repeat(5 - line.rating)}</span>
                        </span>
                      )}
                      {line.comment && <div className="muted small">{line.comment}</div>}
                    </>
                  ),
                }))}
              />
              <Totals
                of={order}
                discountFen={order.lines.reduce((sum, l) => sum + l.discountFen, 0)}
                testIds={{ pay: 'detail-pay' }}
                after={
                  <>
                    <dt>{t.amountPaid}</dt>
                    <dd>{formatFen(order.paidFen)}</dd>
                    <dt>{t.amountRefunded}</dt>
                    <dd data-testid="detail-refunded">{formatFen(order.refundedFen)}</dd>
                  </>
                }
              />

              <h2 className="spaced">{t.payments}</h2>
              {order.payments.length === 0 ? (
                <p className="muted">{t.noPayments}</p>
              ) : (
                <DataTable
                  rows={order.payments}
                  rowKey={(p) => p.id}
                  columns={[
                    { head: t.payMethod, cell: (p) => payMethodNames[p.method][language] },
                    { head: t.outTradeNo, className: 'mono small', cell: (p) => p.outTradeNo },
                    { head: t.tradeNo, className: 'mono small', cell: (p) => p.tradeNo ?? '—' },
                    { head: t.amount, num: true, cell: (p) => formatFen(p.amountFen) },
                    {
                      head: t.status,
                      cell: (p) => (
                        <span data-testid={`payment-status-${p.id}`}>
                          {p.autoRefund
                            ? t.autoRefundNames[p.autoRefund.status](formatFen(p.autoRefund.amountFen))
                            : (t.paymentStatusNames[p.status] ?? p.status)}
                        </span>
                      ),
                    },
                    { head: t.time, cell: (p) => formatDateTime(p.updatedAt) },
                  ]}
                />
              )}
            </section>

            <section className="panel">
              <h2>{t.timeline}</h2>
              <ol className="timeline" data-testid="timeline">
                {order.events.map((event) => (
                  <li key={event.id} className={`event ${event.type}`}>
                    <span className="event-name">{t.eventNames[event.type] ?? event.type}</span>
                    {typeof event.detail.lateAfter === 'string' && (
                      <span className="late-money" data-testid="late-money">
                        {t.lateMoney(t.paymentStatusNames[event.detail.lateAfter] ?? event.detail.lateAfter)}
                      </span>
                    )}
                    <span className="muted small">
                      {formatDateTime(event.createdAt)} · {t.byActor(event.actor)}
                    </span>
                  </li>
                ))}
              </ol>
            </section>
          </div>
        </>
      )}
    </div>
  )
}

/** The order view carries the staff id only; the 'created' event names who placed it. */
function staffOf(order: OrderDetail): string {
  return order.events.find((e) => e.type === 'created')?.actor ?? `#${order.staffId}`
}
