export interface PaymentOptions {
  /** First wait between queries of a pending trade; doubles up to pollMaxMs. */
  pollInitialMs?: number
  pollMaxMs?: number
  /** How long a QR code may be paid. */
  qrTimeoutMs?: number
  /**
   * How long a barcode payment waiting for the buyer's password (10003) is followed before it is
   * cancelled: Alipay's face-to-face guidance is to query for about 30 s, then cancel.
   */
  barcodeWaitMs?: number
  /** Tries of alipay.trade.cancel while its answer says retry_flag Y or cannot be had. */
  cancelAttempts?: number
  cancelRetryMs?: number
  /** How long to wait before asking about a refund whose outcome is unknown (Alipay advises about 10 s). */
  refundConfirmWaitMs?: number
  /** Where Alipay posts notices; none when the till has no public address. */
  notifyUrl?: string | null
  /** Follow pending payments with pollers (the app does; a one-off command does not). */
  poll?: boolean
}

const defaults = {
  pollInitialMs: 1000,
  pollMaxMs: 8000,
  qrTimeoutMs: 5 * 60_000,
  barcodeWaitMs: 30_000,
  cancelAttempts: 4,
  cancelRetryMs: 1000,
  refundConfirmWaitMs: 10_000,
}

/** The options with every default filled in. */
export type PaymentSettings = typeof defaults & PaymentOptions

export function paymentSettings(options: PaymentOptions): PaymentSettings {
  return { ...defaults, ...options }
}
