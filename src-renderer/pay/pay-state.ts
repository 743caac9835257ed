// What the pay screen shares outside itself: the page to go back to, and what the customer
// display shows while paying (the QR and the amount) and after (the thank-you).
import { create } from 'zustand'
import type { OrderView } from '../../src-shared/contract'
import { type Page, useTill } from '../store'

export interface ShownQr {
  orderId: number
  orderNo: string
  payFen: number
  qrImage: string
  expiresAt: number
}

export interface ShownPaid {
  orderId: number
  orderNo: string
  payFen: number
  changeFen: number
}

interface PayState {
  /** Where 返回 leads from the pay page (the list or the detail it was opened from). */
  back: Page
  qr: ShownQr | null
  paid: ShownPaid | null
}

export const usePayState = create<PayState>()(() => ({ back: 'orders', qr: null, paid: null }))

/** Opens the pay page for an unpaid order (去支付 on the order list or detail). */
export function openPay(order: OrderView): void {
  const from = useTill.getState().page
  usePayState.setState({ back: from === 'order' ? 'order' : 'orders', qr: null, paid: null })
  useTill.setState({ order, orderId: order.id, page: 'pay' })
}

/** A new order was placed: the pay page starts afresh. */
export function resetPayDisplay(): void {
  usePayState.setState({ qr: null, paid: null })
}
