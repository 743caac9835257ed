// The paid screen: amount, change due, the receipt to print, and back to selling.
import { useRef } from 'react'
import { formatFen } from '../../src-shared/money'
import { PayMethod } from '../../src-shared/order-status'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useFocusOnMount } from '../use-focus'
import type { Paid } from './payment'
import { Receipt } from './Receipt'

export function PaidPanel({ paid }: { paid: Paid }) {
  const t = useStrings()
  const goTo = useTill((s) => s.goTo)
  const method = paid.payment?.method ?? paid.order.payMethod
  const continueButton = useRef<HTMLButtonElement>(null)
  useFocusOnMount(continueButton)
  return (
    <div className="paid-panel">
      <div className="paid-head no-print">
        <span className="paid-tick" aria-hidden="true">
          ✓
        </span>
        <h2 data-testid="pay-paid">{t.paidTitle}</h2>
        <p className="muted">
          {t.amountReceived} <strong>{formatFen(paid.order.paidFen || paid.order.payFen)}</strong>
        </p>
        {method === PayMethod.CASH && paid.changeFen >= 0 && paid.payment && (
          <p className="change-due">
            {t.changeDue} <strong data-testid="change-due">{formatFen(paid.changeFen)}</strong>
          </p>
        )}
      </div>
      <Receipt
        order={paid.order}
        method={method}
        tenderedFen={method === PayMethod.CASH && paid.payment ? paid.order.payFen + paid.changeFen : null}
        changeFen={paid.changeFen}
      />
      <div className="form-actions no-print">
        <button type="button" onClick={() => window.print()}>
          {t.printReceipt}
        </button>
        <button ref={continueButton} type="button" className="primary" onClick={() => goTo('sell')}>
          {t.continueSelling}
        </button>
      </div>
    </div>
  )
}
