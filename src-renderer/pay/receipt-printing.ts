// Sending a receipt to the network printer (receipts.print): its answer a notice, its failure —
// PRINTER_OFFLINE, PRINTER_NOT_SET — an error to show at once, never a stop. The other way out
// is the system print dialog (print-receipt.ts).
import { useCallback, useState } from 'react'
import { useStrings } from '../strings'
import { useAction } from '../use-call'

export function useNetworkPrint(orderNo: string) {
  const t = useStrings()
  const { busy, error, run } = useAction({ exclusive: true })
  const [notice, setNotice] = useState<string | null>(null)
  // Once a receipt came out, printing again is a copy.
  const [printed, setPrinted] = useState(false)

  const send = useCallback(
    async (copy: boolean) => {
      setNotice(null)
      const result = await run(() => window.pos['receipts.print']({ orderNo, copy }))
      if (!result?.ok) return
      const { printer, drawerOpened } = result.data
      setPrinted(true)
      setNotice(drawerOpened ? t.receiptPrintedDrawer(printer) : t.receiptPrinted(printer))
    },
    [orderNo, run, t],
  )

  return { busy, error, notice, printed, send }
}
