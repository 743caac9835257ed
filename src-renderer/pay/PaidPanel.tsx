// The paid screen: amount, change due, the receipt, and back to selling. The sale is committed
// and answered by now; a till with a network printer then prints the receipt by itself, once —
// a printer that fails shows why and offers to try again, the sale is done either way. R prints
// on the printer again (a copy once one came out), P opens the system print dialog — letters, not
// the sell screen's F9/F10, so that a cashier's habit there prints nothing by mistake here.
import { useEffect, useRef } from 'react'
import { formatFen } from '../../src-shared/money'
import { PayMethod } from '../../src-shared/order-status'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { Notice } from '../components/Notice'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useLoad } from '../use-call'
import { useFocusOnMount } from '../use-focus'
import type { Paid } from './payment'
import { printReceipt } from './print-receipt'
import { Receipt } from './Receipt'
import { useNetworkPrint } from './receipt-printing'

export function PaidPanel({ paid }: { paid: Paid }) {
  const t = useStrings()
  const goTo = useTill((s) => s.goTo)
  const method = paid.payment?.method ?? paid.order.payMethod
  const continueButton = useRef<HTMLButtonElement>(null)
  const paper = useRef<HTMLDivElement>(null)
  useFocusOnMount(continueButton)
  const orderNo = paid.order.orderNo
  const receipt = useLoad(() => window.pos['receipts.get']({ orderNo }), [orderNo])
  const printer = useNetworkPrint(orderNo)
  const view = receipt.data
  // Only a payment this screen took prints by itself: an order found already paid does not.
  const printsItself = paid.payment !== null && view?.printerSet === true
  const printedFor = useRef<string | null>(null)
  const { send } = printer
  useEffect(() => {
    if (!printsItself || printedFor.current === orderNo) return
    printedFor.current = orderNo
    void send(false)
  }, [printsItself, orderNo, send])

  const openDialog = () => {
    if (view) printReceipt(paper.current?.firstElementChild as HTMLElement, view.paperWidth)
  }
  // A copy once a receipt came out, or for an order this screen found paid already.
  const again = printer.printed || paid.payment === null
  const reprint = () => {
    if (view?.printerSet && !printer.busy) void send(again)
  }
  const keys = useRef({ openDialog, reprint })
  useEffect(() => {
    keys.current = { openDialog, reprint }
  })
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return
      const key = event.key.toLowerCase()
      if (key === 'r') {
        event.preventDefault()
        keys.current.reprint()
      } else if (key === 'p') {
        event.preventDefault()
        keys.current.openDialog()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

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
      <div className="no-print" data-testid="printer-status">
        {printer.busy && <p className="muted small">{t.printingReceipt}</p>}
        <Notice text={printer.notice} />
        <ErrorMessage error={printer.error} onRetry={() => void send(again)} />
      </div>
      <LoadStatus load={receipt} />
      <div ref={paper}>{view && <Receipt view={view} />}</div>
      <div className="form-actions no-print">
        {view?.printerSet && (
          <button type="button" disabled={printer.busy} onClick={reprint}>
            {t.reprintReceipt} <kbd>R</kbd>
          </button>
        )}
        <button type="button" disabled={!view} onClick={openDialog}>
          {t.printReceipt} <kbd>P</kbd>
        </button>
        <button ref={continueButton} type="button" className="primary" onClick={() => goTo('sell')}>
          {t.continueSelling}
        </button>
      </div>
    </div>
  )
}
