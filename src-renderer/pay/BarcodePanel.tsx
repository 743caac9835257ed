// Alipay payment code: the scanner types the customer's code and Enter; a payment that waits for
// the customer's password is followed until it settles.
import { useRef, useState } from 'react'
import { formatFen } from '../../src-shared/money'
import { OrderStatus } from '../../src-shared/order-status'
import { ErrorMessage } from '../components/ErrorMessage'
import { type ScreenError, useAction } from '../use-call'
import { useFocusOnMount } from '../use-focus'
import {
  type Looked,
  lookUp,
  type PanelProps,
  showPartPaid,
  useFollowPayment,
  usePaymentKey,
  usePolling,
} from './payment'
import { useStrings } from '../strings'
import { BusyButton } from '../components/BusyButton'

export function BarcodePanel({ order, onPaid, amountFen, part }: PanelProps) {
  const t = useStrings()
  const [code, setCode] = useState('')
  const charging = useAction({ exclusive: true })
  const keys = usePaymentKey()
  const [waiting, setWaiting] = useState<string | null>(null)
  const { lookError, settle: follow } = useFollowPayment(onPaid)
  const input = useRef<HTMLInputElement>(null)
  useFocusOnMount(input)

  function failed(error: ScreenError) {
    charging.setError(error)
    setWaiting(null)
    setCode('')
    input.current?.focus()
  }

  /** Waits while this payment asks the customer for their password; any other end failed. */
  function settle(found: Looked, outTradeNo: string | null): boolean {
    return follow(found, (payment) => {
      if (payment && payment.outTradeNo === outTradeNo && payment.status === 'pending') {
        setWaiting(outTradeNo)
        return true
      }
      // A part of a split tender went through: on to the next payment.
      if (payment && payment.outTradeNo === outTradeNo && payment.status === 'paid') {
        setWaiting(null)
        void showPartPaid(payment, onPaid)
        return false
      }
      failed(t.paymentFailed)
      return false
    })
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    const authCode = code.trim()
    if (!/^[0-9]{16,24}$/.test(authCode)) {
      failed(t.barcodeInvalid)
      return
    }
    const idempotencyKey = keys.keyFor(`${authCode} ${part ? amountFen : ''}`)
    const result = await charging.run(() =>
      window.pos['payments.payAlipayBarcode']({
        orderId: order.id,
        authCode,
        idempotencyKey,
        ...(part ? { amountFen } : {}),
      }),
    )
    keys.answered(result)
    if (!result) return
    // A refusal says Alipay's reason (balance too low, code not valid…) in the cashier's language.
    if (!result.ok) return failed(result.error)
    const status = result.data
    if (status.orderStatus !== OrderStatus.UNPAID) settle(await lookUp(order.id), null)
    else settle({ status, order: null }, status.payment?.outTradeNo ?? null)
  }

  usePolling(waiting !== null, async () => settle(await lookUp(order.id), waiting))

  return (
    <form className="barcode-panel" onSubmit={(e) => void submit(e)}>
      <label>
        {t.barcodeLabel}
        <input
          ref={input}
          inputMode="numeric"
          autoComplete="off"
          value={code}
          placeholder={t.barcodePlaceholder}
          // Read-only, not disabled, while charging: the focus stays here for the next code.
          readOnly={charging.busy || waiting !== null}
          onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))}
        />
      </label>
      <p className="qr-amount">{formatFen(amountFen)}</p>
      {waiting && (
        <p className="pay-waiting" role="status" data-testid="waiting-password">
          <span className="spinner" aria-hidden="true" /> {t.waitingPassword}
        </p>
      )}
      <ErrorMessage error={charging.error} />
      <ErrorMessage error={lookError} />
      <BusyButton
        type="submit"
        className="primary wide"
        disabled={waiting !== null}
        busy={charging.busy}
        busyText={t.working}
      >
        {t.charge}
      </BusyButton>
    </form>
  )
}
