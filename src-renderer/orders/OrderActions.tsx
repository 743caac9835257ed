// The buttons an order offers in its status (availableActions) and to this role. 去支付 opens the
// pay screen; 退款 (admins) is the refund form on the order detail (../pay/RefundPanel).
import type { CallResult, OrderView } from '../../src-shared/contract'
import { availableActions } from '../../src-shared/order-state'
import { ErrorMessage } from '../components/ErrorMessage'
import { openPay } from '../pay/pay-state'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction } from '../use-call'

interface Props {
  order: OrderView
  /** Set when the order came from the offline copy: write buttons are disabled. */
  offline: boolean
  onChanged: (order: OrderView) => void
}

export function OrderActions({ order, offline, onChanged }: Props) {
  const t = useStrings()
  const { session, openReview } = useTill()
  const action = useAction()
  const actions = availableActions(order.status)
  const isAdmin = session?.role === 'admin'

  async function run(call: () => Promise<CallResult<OrderView>>) {
    const result = await action.run(call)
    if (result?.ok) onChanged(result.data)
  }

  const disabled = action.busy || offline
  const title = offline ? t.offlineReason : undefined
  const buttons = [
    actions.includes('pay') && (
      <button
        key="pay"
        type="button"
        className="primary"
        disabled={offline}
        title={title}
        onClick={() => openPay(order)}
      >
        {t.goPay}
      </button>
    ),
    actions.includes('cancel') && (
      <button
        key="cancel"
        type="button"
        className="danger"
        disabled={disabled}
        title={title}
        onClick={() => void run(() => window.pos['orders.cancel']({ orderId: order.id }))}
      >
        {t.cancel}
      </button>
    ),
    actions.includes('ship') && isAdmin && (
      <button
        key="ship"
        type="button"
        className="primary"
        disabled={disabled}
        title={title}
        onClick={() => void run(() => window.pos['orders.ship']({ orderId: order.id }))}
      >
        {t.ship}
      </button>
    ),
    actions.includes('receive') && (
      <button
        key="receive"
        type="button"
        className="primary"
        disabled={disabled}
        title={title}
        onClick={() => void run(() => window.pos['orders.receive']({ orderId: order.id }))}
      >
        {t.receive}
      </button>
    ),
    actions.includes('review') && (
      <button
        key="review"
        type="button"
        className="primary"
        disabled={offline}
        title={title}
        onClick={() => openReview(order.id)}
      >
        {t.goReview}
      </button>
    ),
  ].filter(Boolean)

  if (buttons.length === 0 && !action.error) return null
  return (
    <div className="order-actions">
      {buttons}
      {action.busy && <span className="muted small">{t.working}</span>}
      <ErrorMessage error={action.error} />
    </div>
  )
}
