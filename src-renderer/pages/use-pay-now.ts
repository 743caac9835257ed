// 收款 in one step for a pickup sale (F9 on the sell screen): the basket is quoted and placed as it
// stands, with the member found by phone, and the pay screen opens, where the method is chosen.
// Delivery orders still go through 提交订单 (address, freight).
import { useRef } from 'react'
import type { CallResult, OrderView } from '../../src-shared/contract'
import { PayMethod } from '../../src-shared/order-status'
import { useTill } from '../store'
import { useAction } from '../use-call'

/** 32 hex characters, as the submit page makes them. */
const newKey = () => crypto.randomUUID().replace(/-/g, '')

export function usePayNow() {
  const placing = useAction({ exclusive: true })
  // One key per quote: pressing again after an unclear answer (the connection dropped) repeats
  // the same request, which answers the order already placed rather than placing a second one.
  const attempt = useRef<{ fingerprint: string; key: string } | null>(null)

  async function payNow(): Promise<void> {
    const { cart, member, orderPlaced } = useTill.getState()
    const skuIds = (cart?.lines ?? []).map((l) => l.skuId)
    if (skuIds.length === 0) return
    const memberPhone = member?.phone
    const result = await placing.run(async (): Promise<CallResult<OrderView>> => {
      const quote = await window.pos['orders.quote']({ skuIds, fulfilment: 'pickup', memberPhone })
      if (!quote.ok) return quote
      const fingerprint = quote.data.fingerprint
      if (attempt.current?.fingerprint !== fingerprint) attempt.current = { fingerprint, key: newKey() }
      return window.pos['orders.place']({
        skuIds,
        fulfilment: 'pickup',
        memberPhone,
        // What the order is marked with until paid; the pay screen takes whichever method the
        // customer uses, and the payment records it.
        payMethod: PayMethod.CASH,
        fingerprint,
        idempotencyKey: attempt.current.key,
      })
    })
    if (result?.ok) {
      attempt.current = null
      orderPlaced(result.data)
    }
  }

  return { payNow, busy: placing.busy, error: placing.error }
}
