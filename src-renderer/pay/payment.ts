// What the payment panels share: the paid result they hand to the page, and the look-ups and
// polling that follow an Alipay payment until it settles.
import { useEffect, useRef, useState } from 'react'
import type { CallResult, OrderView, PaymentAttemptView, PaymentStatusView } from '../../src-shared/contract'
import { type ErrorBody, retryableCodes } from '../../src-shared/errors'
import { isPaid, OrderStatus } from '../../src-shared/order-status'
import { useTill } from '../store'
import { noteSession, useAction } from '../use-call'

export interface Paid {
  order: OrderView
  payment: PaymentAttemptView | null
  changeFen: number
}

export interface PanelProps {
  order: OrderView
  /** A part or the last of a split tender too: the order is still unpaid after a part. */
  onPaid: (paid: Paid) => void
  /** What this payment is for: the part the cashier typed, or all that is still due. */
  amountFen: number
  /** Whether `amountFen` is a part the cashier typed (sent as amountFen), not simply the rest. */
  part: boolean
}

/** What the order still owes: pay_fen less what its settled payments paid (split tender). */
export const dueOf = (order: OrderView): number => order.payFen - order.paidFen

/**
 * This Alipay payment paid a part of the order, which still waits for the rest: the order as it
 * is now goes to `onPaid`, so that the screen goes on to the next payment.
 */
export async function showPartPaid(payment: PaymentAttemptView, onPaid: (paid: Paid) => void): Promise<void> {
  const detail = await window.pos['orders.get']({ orderId: payment.orderId })
  noteSession(detail)
  if (detail.ok) onPaid({ order: detail.data, payment, changeFen: 0 })
}

/** Calls `tick` every `ms` while `active`, one call at a time; stops when it answers false or on unmount. */
export function usePolling(active: boolean, tick: () => Promise<boolean>, ms = 1000) {
  const latest = useRef(tick)
  useEffect(() => {
    latest.current = tick
  })
  useEffect(() => {
    if (!active) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const run = async () => {
      const again = await latest.current()
      if (!stopped && again) timer = setTimeout(() => void run(), ms)
    }
    timer = setTimeout(() => void run(), ms)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [active, ms])
}

/** One look at the order's payment; answers the paid order once it is paid. */
export async function lookUp(
  orderId: number,
): Promise<{ status: PaymentStatusView; order: OrderView | null } | { error: ErrorBody }> {
  const result = await window.pos['payments.status']({ orderId })
  // Polled outside the hooks: a session that ended still sends the till to the login form.
  noteSession(result)
  if (!result.ok) return { error: result.error }
  if (result.data.orderStatus === OrderStatus.UNPAID) return { status: result.data, order: null }
  const detail = await window.pos['orders.get']({ orderId })
  return { status: result.data, order: detail.ok ? detail.data : null }
}

/** The order has left 待支付 (e.g. paid or cancelled from another till): the paid screen, or the order as it is now. */
function showSettledOrder(order: OrderView, payment: PaymentAttemptView | null, onPaid: (paid: Paid) => void): void {
  if (isPaid(order.status)) onPaid({ order, payment, changeFen: 0 })
  else useTill.getState().setOrder(order)
}

/** What one look at a payment found (lookUp). */
export type Looked = Awaited<ReturnType<typeof lookUp>>

/**
 * Follows a payment the customer completes on their phone: a look that failed is kept to show
 * while the looks go on; an order that has left 待支付 is shown settled. `settle` answers whether
 * to look again; only a payment still unpaid goes to `stillUnpaid`, which answers that itself.
 */
export function useFollowPayment(onPaid: (paid: Paid) => void) {
  const [lookError, setLookError] = useState<ErrorBody | null>(null)

  function settle(found: Looked, stillUnpaid: (payment: PaymentAttemptView | null) => boolean): boolean {
    setLookError('error' in found ? found.error : null)
    if ('error' in found) return true
    if (found.order) {
      showSettledOrder(found.order, found.status.payment, onPaid)
      return false
    }
    return stillUnpaid(found.status.payment)
  }

  return { lookError, settle }
}

/** 32 hex characters, as the checkout's order key. */
const newPaymentKey = () => crypto.randomUUID().replace(/-/g, '')

/**
 * The idempotency key of a money-moving click (cash, card, barcode): the same request sent again
 * while its answer is unclear (a retryable error: the payment may have been recorded) carries the
 * same key, so the main process answers with the payment it made instead of taking the money
 * twice. Another request, or any request after a clear answer, gets a new key.
 */
export function usePaymentKey() {
  const last = useRef<{ request: string; key: string } | null>(null)
  return {
    keyFor(request: string): string {
      if (last.current?.request !== request) last.current = { request, key: newPaymentKey() }
      return last.current.key
    },
    answered(result: CallResult<unknown> | null) {
      if (result && (result.ok || !retryableCodes.has(result.error.code))) last.current = null
    },
  }
}

/**
 * One payment taken at the counter (cash, card): busy while it runs, the paid result to `onPaid`, a refusal as the
 * error. `request` names what is asked (the tender), for its idempotency key (usePaymentKey).
 */
export function useCounterPayment(onPaid: (paid: Paid) => void) {
  const paying = useAction({ exclusive: true })
  const keys = usePaymentKey()

  async function take(request: string, pay: (idempotencyKey: string) => Promise<CallResult<Paid>>) {
    const idempotencyKey = keys.keyFor(request)
    const result = await paying.run(() => pay(idempotencyKey))
    keys.answered(result)
    if (result?.ok) onPaid(result.data)
  }

  return { busy: paying.busy, error: paying.error, setError: paying.setError, take }
}
