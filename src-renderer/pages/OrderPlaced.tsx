// After 提交订单: the order number, the amount, its status; cancel it or go on selling.
import { useState } from 'react'
import { formatFen } from '../../src-shared/money'
import { OrderStatus, orderStatusNames, payMethodNames } from '../../src-shared/order-status'
import { ErrorMessage } from '../components/ErrorMessage'
import { useErrorText, useStrings, useTill } from '../store'

export function OrderPlaced() {
  const t = useStrings()
  const errorText = useErrorText()
  const { order, language, setOrder, goTo } = useTill()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!order) return null

  async function cancel() {
    if (!order) return
    setBusy(true)
    const result = await window.pos['orders.cancel']({ orderId: order.id })
    setBusy(false)
    if (result.ok) {
      setOrder(result.data)
      setError(null)
    } else setError(errorText(result.error))
  }

  return (
    <div className="placed panel">
      <h1>{t.orderPlaced}</h1>
      <dl className="totals">
        <dt>{t.orderNo}</dt>
        <dd data-testid="order-no" className="mono">
          {order.orderNo}
        </dd>
        <dt>{t.payMethod}</dt>
        <dd>{payMethodNames[order.payMethod][language]}</dd>
        <dt>{t.status}</dt>
        <dd data-testid="order-status" className={`status s${order.status}`}>
          {orderStatusNames[order.status][language]}
        </dd>
        <dt className="pay">{t.payAmount}</dt>
        <dd className="big pay" data-testid="order-pay">
          {formatFen(order.payFen)}
        </dd>
      </dl>
      <ErrorMessage text={error} />
      <div className="form-actions">
        {order.status === OrderStatus.UNPAID && (
          <button type="button" className="danger" disabled={busy} onClick={() => void cancel()}>
            {busy ? t.cancelling : t.cancelOrder}
          </button>
        )}
        <button type="button" className="primary" autoFocus onClick={() => goTo('sell')}>
          {t.continueSelling}
        </button>
      </div>
    </div>
  )
}
