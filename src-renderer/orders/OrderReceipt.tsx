// The order detail's receipt buttons, for a paid order: 重打小票 sends a copy (marked COPY, no
// cash drawer) to the network printer; 打印 shows the receipt and opens the system print dialog.
import { useEffect, useRef, useState } from 'react'
import type { OrderView, ReceiptView } from '../../src-shared/contract'
import { ErrorMessage } from '../components/ErrorMessage'
import { Notice } from '../components/Notice'
import { printReceipt } from '../pay/print-receipt'
import { Receipt } from '../pay/Receipt'
import { useNetworkPrint } from '../pay/receipt-printing'
import { useStrings } from '../strings'
import { useAction } from '../use-call'

interface Props {
  order: OrderView
  /** From the offline copy: the receipt needs the shop's store, so the buttons wait for it. */
  offline: boolean
}

export function OrderReceipt({ order, offline }: Props) {
  const t = useStrings()
  const printer = useNetworkPrint(order.orderNo)
  const loading = useAction({ exclusive: true })
  const [shown, setShown] = useState<ReceiptView | null>(null)
  const paper = useRef<HTMLDivElement>(null)
  const printWhenShown = useRef(false)

  // The dialog opens once the receipt is on the page, so that it prints what is shown.
  useEffect(() => {
    if (!shown || !printWhenShown.current) return
    printWhenShown.current = false
    printReceipt(paper.current?.firstElementChild as HTMLElement, shown.paperWidth)
  }, [shown])

  if (order.paidAt === null) return null

  async function openDialog() {
    const result = await loading.run(() => window.pos['receipts.get']({ orderNo: order.orderNo, copy: true }))
    if (!result?.ok) return
    printWhenShown.current = true
    setShown(result.data)
  }

  const title = offline ? t.offlineReason : undefined
  return (
    <div className="order-receipt">
      <div className="order-actions">
        <button
          type="button"
          disabled={offline || printer.busy}
          title={title}
          onClick={() => void printer.send(true)}
          data-testid="reprint-receipt"
        >
          {t.reprintReceipt}
        </button>
        <button
          type="button"
          disabled={offline || loading.busy}
          title={title}
          onClick={() => void openDialog()}
          data-testid="print-dialog"
        >
          {t.printDialog}
        </button>
        {printer.busy && <span className="muted small">{t.printingReceipt}</span>}
      </div>
      <Notice text={printer.notice} />
      <ErrorMessage error={printer.error} onRetry={() => void printer.send(true)} />
      <ErrorMessage error={loading.error} />
      {shown && (
        <div ref={paper} className="receipt-preview">
          <Receipt view={shown} />
        </div>
      )}
    </div>
  )
}
