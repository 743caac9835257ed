// Bank card: the terminal takes the card; the till records the payment.
import { useRef } from 'react'
import { formatFen } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { useFocusOnMount } from '../use-focus'
import { type PanelProps, useCounterPayment } from './payment'
import { useStrings } from '../strings'
import { BusyButton } from '../components/BusyButton'

export function CardPanel({ order, onPaid, amountFen, part }: PanelProps) {
  const t = useStrings()
  const { busy, error, take } = useCounterPayment(onPaid)
  const pay = () =>
    take(`card ${part ? amountFen : ''}`, (idempotencyKey) =>
      window.pos['payments.payCard']({ orderId: order.id, idempotencyKey, ...(part ? { amountFen } : {}) }),
    )
  const confirm = useRef<HTMLButtonElement>(null)
  useFocusOnMount(confirm)

  return (
    <div className="card-panel">
      <p className="qr-amount">{formatFen(amountFen)}</p>
      <p className="muted">{t.cardHint}</p>
      <ErrorMessage error={error} />
      <BusyButton
        ref={confirm}
        type="button"
        className="primary wide"
        onClick={() => void pay()}
        busy={busy}
        busyText={t.working}
      >
        {t.payCard}
      </BusyButton>
    </div>
  )
}
