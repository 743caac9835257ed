import type { OrderStatus } from '../../src-shared/order-status'
import { orderStatusNames } from '../../src-shared/order-status'
import { useTill } from '../store'

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const language = useTill((s) => s.language)
  return (
    <span className={`status-badge s${status}`} data-testid="order-status">
      {orderStatusNames[status][language]}
    </span>
  )
}
