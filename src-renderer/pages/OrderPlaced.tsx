// After 提交订单: straight on to paying with the order's chosen method (the pay screen shows the
// order number, the amount and its status, with 取消订单 and 继续收银).
import { PlacedPayPage } from '../pay/PayPage'

export function OrderPlaced() {
  return <PlacedPayPage />
}
