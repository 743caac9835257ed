import { z } from 'zod'
import type { PrintedReceipt, ReceiptView } from '../receipt'
import { method, orderNo } from './method'

export type { PrintedReceipt, ReceiptView } from '../receipt'

/** A paid order's receipt; `copy`: a reprint, marked as one (and no cash drawer opens). */
const receiptOf = z.object({ orderNo, copy: z.boolean().default(false) })

export const receiptMethods = {
  /** The receipt to show or to print through the system print dialog. */
  'receipts.get': method<ReceiptView>()('cashier', receiptOf),
  /** Sends the receipt to this till's network printer (PRINTER_NOT_SET, PRINTER_OFFLINE). */
  'receipts.print': method<PrintedReceipt>()('cashier', receiptOf),
}
