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
  | {
      kind: 'thanks'
      orderId: number
      orderNo: string
      ticketNo: string | null
      payFen: number
      changeFen?: number
      /** The shop asks for ratings and this counter sale has none yet: the display shows 1–5 stars. */
      askRating: boolean
    }
  /** The customer tapped a star for the order just paid (display → cashier window). */
  | { kind: 'rate'; orderId: number; rating: number }
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
          orderId: order.id,
          orderNo: order.orderNo,
          ticketNo: order.ticketNo,
          payFen: order.payFen,
          changeFen: paid.changeFen,
          askRating: order.fulfilment === 'pickup' && order.status === OrderStatus.UNREVIEWED,
        }
      if (order.status === OrderStatus.UNPAID) {
        const shown = qr?.orderId === order.id ? qr : null
        return {
          kind: 'pay',
          orderNo: order.orderNo,
          // What the customer pays now: the code's amount, or what is still due after a part (split tender).
          payFen: shown?.payFen ?? order.payFen - order.paidFen,
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
    if (event.data?.kind === 'rate') void rateLastSale(event.data.orderId, event.data.rating)
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

/**
 * The customer's stars for the sale just paid become the order's review (every line rated alike),
 * which finishes it. Only the order the display was thanking for is taken, whatever the message
 * names; one that cannot be rated now (rated already, or the rating was switched off) is left to
 * finish unrated at the day's close.
 */
async function rateLastSale(orderId: number, rating: number): Promise<void> {
  const paid = usePayState.getState().paid
  if (paid?.orderId !== orderId || !Number.isInteger(rating) || rating < 1 || rating > 5) return
  const detail = await window.pos['orders.get']({ orderId })
  if (!detail.ok || detail.data.status !== OrderStatus.UNREVIEWED) return
  const lines = detail.data.lines.map((l) => ({ lineId: l.id, rating, comment: '' }))
  const reviewed = await window.pos['orders.review']({ orderId, lines })
  const { order, setOrder } = useTill.getState()
  if (reviewed.ok && order?.id === orderId) setOrder(reviewed.data)
}
