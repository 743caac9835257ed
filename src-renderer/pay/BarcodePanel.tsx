// Alipay payment code: the scanner types the customer's code and Enter; a payment that waits for
// the customer's password is followed until it settles.
import { useRef, useState } from 'react'
import { formatFen } from '../../src-shared/money'
import { OrderStatus } from '../../src-shared/order-status'
import { ErrorMessage } from '../components/ErrorMessage'
import { useErrorText } from '../store'
import { lookUp, type PanelProps, showSettledOrder, unreachable, usePolling } from './payment'
import { usePayStrings } from './strings'

export function BarcodePanel({ order, onPaid }: PanelProps) {
  const t = usePayStrings()
  const errorText = useErrorText()
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [waiting, setWaiting] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  function failed(text: string) {
    setError(text)
    setWaiting(null)
    setCode('')
    input.current?.focus()
  }

  async function settle(found: Awaited<ReturnType<typeof lookUp>>, outTradeNo: string | null): Promise<boolean> {
    if ('error' in found) return true
    if (found.order) {
      showSettledOrder(found.order, found.status.payment, onPaid)
      return false
    }
    const payment = found.status.payment
    if (payment && payment.outTradeNo === outTradeNo && payment.status === 'pending') {
      setWaiting(outTradeNo)
      return true
    }
    failed(t.paymentFailed)
    return false
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    const authCode = code.trim()
    if (!/^[0-9]{16,24}$/.test(authCode)) {
      failed(t.barcodeInvalid)
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await window.pos['payments.payAlipayBarcode']({ orderId: order.id, authCode })
      if (!result.ok) {
        failed(result.error.code === 'PAYMENT_FAILED' ? t.paymentFailed : errorText(result.error))
        return
      }
      const status = result.data
      if (status.orderStatus !== OrderStatus.UNPAID) await settle(await lookUp(order.id), null)
      else await settle({ status, order: null }, status.payment?.outTradeNo ?? null)
    } catch {
      failed(unreachable())
    } finally {
      setBusy(false)
    }
  }

  usePolling(waiting !== null, async () => settle(await lookUp(order.id), waiting))

  return (
    <form className="barcode-panel" onSubmit={(e) => void submit(e)}>
      <label>
        {t.barcodeLabel}
        <input
          ref={input}
          autoFocus
          inputMode="numeric"
          autoComplete="off"
          value={code}
          placeholder={t.barcodePlaceholder}
          // Read-only, not disabled, while charging: the focus stays here for the next code.
          readOnly={busy || waiting !== null}
          onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))}
        />
      </label>
      <p className="qr-amount">{formatFen(order.payFen)}</p>
      {waiting && (
        <p className="pay-waiting" role="status" data-testid="waiting-password">
          <span className="spinner" aria-hidden="true" /> {t.waitingPassword}
        </p>
      )}
      <ErrorMessage text={error} />
      <button type="submit" className="primary wide" disabled={busy || waiting !== null}>
        {busy ? t.working : t.barcodeSubmit}
      </button>
    </form>
  )
}
