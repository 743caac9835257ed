// The buttons an order offers in its status (availableActions) and to this role. 去支付 opens the
// pay screen; 退款 (admins) is the refund form on the order detail (../pay/RefundPanel).
import type { CallResult, OrderView } from '../../src-shared/contract'
import { availableActions, type OrderAction } from '../../src-shared/order-state'
import { ErrorMessage } from '../components/ErrorMessage'
import { openPay } from '../pay/pay-state'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction } from '../use-call'

interface Props {
  order: OrderView
  /**
   * The order list offers the one step the order waits for; the order detail every step. A
   * counter sale is never asked for a review from the list: the customer rates at the counter's
   * display, if the shop asks for ratings at all; the detail still offers it.
   */
  place?: 'list' | 'detail'
  /** Set when the order came from the offline copy: write buttons are disabled. */
  offline: boolean
  onChanged: (order: OrderView) => void
}

export function OrderActions({ order, offline, onChanged, place = 'detail' }: Props) {
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
  const send = (name: 'orders.cancel' | 'orders.ship' | 'orders.receive') => () =>
    void run(() => window.pos[name]({ orderId: order.id }))
  // In the order they stand; 去支付 and 去评价 only open a screen, so they wait for no answer.
  const offered: { action: OrderAction; text: string; className: string; disabled: boolean; onClick: () => void }[] = [
    { action: 'pay', text: t.goPay, className: 'primary', disabled: offline, onClick: () => openPay(order) },
    { action: 'cancel', text: t.cancel, className: 'danger', disabled, onClick: send('orders.cancel') },
    { action: 'ship', text: t.ship, className: 'primary', disabled, onClick: send('orders.ship') },
    { action: 'receive', text: t.receive, className: 'primary', disabled, onClick: send('orders.receive') },
    {
      action: 'review',
      text: t.goReview,
      className: 'primary',
      disabled: offline,
      onClick: () => openReview(order.id),
    },
  ]
  const buttons = offered
    .filter((b) => actions.includes(b.action) && (b.action !== 'ship' || isAdmin))
    .filter((b) => place === 'detail' || b.action !== 'review' || order.fulfilment === 'delivery')
    .map((b) => (
      <button
        key={b.action}
        type="button"
        className={b.className}
        disabled={b.disabled}
        title={title}
        onClick={b.onClick}
      >
        {b.text}
      </button>
    ))

  if (buttons.length === 0 && !action.error) return null
  return (
    <div className="order-actions">
      {buttons}
      {action.busy && <span className="muted small">{t.working}</span>}
      <ErrorMessage error={action.error} />
    </div>
  )
}
