// 收款 in one step for a pickup sale (F9 on the sell screen): the basket is quoted and placed as it
// stands, with the member found by phone and the sale's discounts, and the pay screen opens, where
// the method is chosen. Discounts above the cashier's limit ask for an admin at the till first
// (docs/DISCOUNTS.md): the dialog's credentials go with the order, and the server checks them.
// Delivery orders still go through 提交订单 (address, freight).
import { useRef, useState } from 'react'
import type { CallResult, CheckoutQuote, OrderView } from '../../src-shared/contract'
import { PayMethod } from '../../src-shared/order-status'
import { hasDiscounts, useTill } from '../store'
import { useAction } from '../use-call'

/** 32 hex characters, as the submit page makes them. */
const newKey = () => crypto.randomUUID().replace(/-/g, '')

export interface AdminApproval {
  username: string
  password: string
}

export function usePayNow() {
  const placing = useAction({ exclusive: true })
  // One key per quote: pressing again after an unclear answer (the connection dropped) repeats
  // the same request, which answers the order already placed rather than placing a second one.
  const attempt = useRef<{ fingerprint: string; key: string } | null>(null)
  // The quote the admin is asked to approve: its discount, the limit, the amount to pay.
  const [approvalAsked, setApprovalAsked] = useState<CheckoutQuote | null>(null)

  async function payNow(approval?: AdminApproval): Promise<void> {
    const { cart, member, discounts: given, orderPlaced } = useTill.getState()
    const skuIds = (cart?.lines ?? []).map((l) => l.skuId)
    if (skuIds.length === 0) return
    const memberPhone = member?.phone
    const discounts = hasDiscounts(given) ? given : undefined
    let needsApproval: CheckoutQuote | null = null
    const result = await placing.run(async (): Promise<CallResult<OrderView | null>> => {
      const quote = await window.pos['orders.quote']({ skuIds, fulfilment: 'pickup', memberPhone, discounts })
      if (!quote.ok) return quote
      // Asked before placing: the admin comes to the till, then the sale goes on.
      if (quote.data.discounts.needsApproval && !approval) {
        needsApproval = quote.data
        return { ok: true, data: null }
      }
      const fingerprint = quote.data.fingerprint
      if (attempt.current?.fingerprint !== fingerprint) attempt.current = { fingerprint, key: newKey() }
      return window.pos['orders.place']({
        skuIds,
        fulfilment: 'pickup',
        memberPhone,
        discounts,
        approval,
        // What the order is marked with until paid; the pay screen takes whichever method the
        // customer uses, and the payment records it.
        payMethod: PayMethod.CASH,
        fingerprint,
        idempotencyKey: attempt.current.key,
      })
    })
    if (!result) return
    if (needsApproval) return setApprovalAsked(needsApproval)
    if (!result.ok && result.error.code === 'DISCOUNT_NEEDS_APPROVAL') {
      // The discounts went above the limit between the quote and the order: ask with the new figures.
      const quote = await window.pos['orders.quote']({ skuIds, fulfilment: 'pickup', memberPhone, discounts })
      if (quote.ok) {
        placing.setError(null)
        setApprovalAsked(quote.data)
      }
      return
    }
    if (result.ok && result.data) {
      attempt.current = null
      setApprovalAsked(null)
      orderPlaced(result.data)
    }
  }

  function cancelApproval() {
    setApprovalAsked(null)
    placing.setError(null)
  }

  return { payNow, busy: placing.busy, error: placing.error, approvalAsked, cancelApproval }
}
