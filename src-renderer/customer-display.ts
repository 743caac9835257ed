// The customer display (#/customer) follows the cashier's screen over BroadcastChannel: same
// origin in Electron (file://, two windows) and in the browser (`pos serve`, two tabs). The
// cashier window posts the cart as the server last returned it; the session token never leaves
// the cashier window (in Electron it is not even readable by the page: the preload keeps it).
import type { CartView } from '../src-shared/contract'
import { OrderStatus } from '../src-shared/order-status'
import { usePayState } from './pay/pay-state'
import { useTill } from './store'

export type DisplayMessage =
  | { kind: 'cart'; cart: CartView }
  | { kind: 'thanks'; orderNo: string; ticketNo: string | null; payFen: number; changeFen?: number }
  /** An order waits for payment: the amount, and Alipay's QR code while one is shown. */
  | { kind: 'pay'; orderNo: string; payFen: number; qrImage: string | null; expiresAt: number | null }
  | { kind: 'welcome' }
  /** The display asks the cashier window for the current state (it opened after the cart changed). */
  | { kind: 'hello' }

export const CHANNEL = 'freshtill'

export function openChannel(): BroadcastChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL)
}

/** Runs in the cashier window: posts what the customer should see whenever it changes. */
export function feedCustomerDisplay(): () => void {
  const channel = openChannel()
  if (!channel) return () => undefined

  const current = (): DisplayMessage => {
    const { session, cart, order, page } = useTill.getState()
    if (!session) return { kind: 'welcome' }
    if ((page === 'placed' || page === 'pay') && order) {
      const { qr, paid } = usePayState.getState()
      if (paid?.orderId === order.id)
        return {
          kind: 'thanks',
          orderNo: order.orderNo,
          ticketNo: order.ticketNo,
          payFen: order.payFen,
          changeFen: paid.changeFen,
        }
      if (order.status === OrderStatus.UNPAID) {
        const shown = qr?.orderId === order.id ? qr : null
        return {
          kind: 'pay',
          orderNo: order.orderNo,
          payFen: order.payFen,
          qrImage: shown?.qrImage ?? null,
          expiresAt: shown?.expiresAt ?? null,
        }
      }
    }
    return { kind: 'cart', cart: cart ?? { lines: [], totalCount: 0, goodsFen: 0 } }
  }

  let last = JSON.stringify(current())
  channel.postMessage(current())
  channel.onmessage = (event: MessageEvent<DisplayMessage>) => {
    if (event.data?.kind === 'hello') channel.postMessage(current())
  }
  const follow = () => {
    const message = current()
    const text = JSON.stringify(message)
    if (text === last) return
    last = text
    channel.postMessage(message)
  }
  const unsubscribe = useTill.subscribe(follow)
  const unsubscribePay = usePayState.subscribe(follow)
  return () => {
    unsubscribe()
    unsubscribePay()
    channel.close()
  }
}
