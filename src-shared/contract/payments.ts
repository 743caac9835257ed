import { z } from 'zod'
import { maxOrderFen } from '../bounds'
import type { OrderStatus, PayMethod } from '../order-status'
import { text } from '../text'
import { id, idempotencyKey, method } from './method'
import type { OrderView } from './orders'

export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'closed' | 'flagged'

/** How a day's Alipay bill and our payments disagree (docs/PAYMENTS.md, "Daily bill matching"). */
export type BillDifferenceKind =
  | 'money_without_paid_order'
  | 'paid_order_without_trade'
  | 'amount_differs'
  | 'refund_without_record'
  | 'refund_not_in_bill'

export interface BillDifferenceView {
  kind: BillDifferenceKind
  outTradeNo: string
  /** The refund's out_request_no; null for a payment. */
  outRequestNo: string | null
  /** Our amount and Alipay's, in fen; null where one side has none. */
  ourFen: number | null
  alipayFen: number | null
}

/** The kept result of matching one China day's bill. */
export interface BillMatchView {
  /** YYYY-MM-DD, China time. */
  billDate: string
  matchedAt: number
  billPayments: number
  billRefunds: number
  clean: boolean
  differences: BillDifferenceView[]
}
export type PaymentChannel = 'qr' | 'barcode' | 'cash' | 'card'

export interface PaymentAttemptView {
  paymentId: number
  orderId: number
  method: PayMethod
  channel: PaymentChannel
  outTradeNo: string
  amountFen: number
  status: PaymentStatus
  paidAt: number | null
  /** Pending, and Alipay's trade exists (WAIT_BUYER_PAY): the customer scanned and is paying. */
  customerScanned: boolean
}

export interface AlipayQrView extends PaymentAttemptView {
  /** What the QR encodes (Alipay's qr_code URL). */
  qrCode: string
  /** The QR as a PNG data URL, ready for an <img>. */
  qrImage: string
  /** When the code stops being payable (epoch ms); the trade is cancelled then. */
  expiresAt: number
}

/** What the pay screen polls: the order, its latest payment attempt and all of them. */
export interface PaymentStatusView {
  orderId: number
  orderStatus: OrderStatus
  payFen: number
  /** What its settled payments paid; below payFen while a split tender waits for the rest. */
  paidFen: number
  refundedFen: number
  payment: PaymentAttemptView | null
  /** Every attempt, oldest first. */
  payments: PaymentAttemptView[]
}

export interface PaidView {
  order: OrderView
  payment: PaymentAttemptView
  /** Cash: what to hand back; 0 otherwise. */
  changeFen: number
}

export interface RefundView {
  refundId: number
  orderId: number
  outRequestNo: string
  amountFen: number
  status: 'pending' | 'succeeded' | 'failed'
  restocked: boolean
  order: OrderView
}

const orderRef = z.object({ orderId: id })
/** One payment, tender or refund: at most what one order may come to. */
const fen = z.number().int().min(1).max(maxOrderFen)

export const refundInput = z.object({
  orderId: id,
  /** The payment refunded through (split tender); chosen automatically when absent. */
  paymentId: id.optional(),
  amountFen: fen,
  reason: text({ max: 200 }).default(''),
  /** Give the order's goods back to stock (full refunds only). */
  restock: z.boolean().default(false),
  /** The same key again (a retried click) is the same refund, never a second one. */
  idempotencyKey,
})

/** Split tender: the part of what the order still owes this payment pays; all of it when absent. */
const amountFen = fen.optional()

export const paymentMethods = {
  'payments.startAlipayQr': method<AlipayQrView>()('cashier', z.object({ orderId: id, amountFen })),
  'payments.payAlipayBarcode': method<PaymentStatusView>()(
    'cashier',
    z.object({
      orderId: id,
      authCode: z.string().regex(/^[0-9]{16,24}$/, 'the 16-24 digits of the payment code'),
      idempotencyKey,
      amountFen,
    }),
  ),
  /** Barcode, cash and card take the click's idempotency key: the same key again is the same payment. */
  'payments.payCash': method<PaidView>()(
    'cashier',
    z.object({ orderId: id, tenderedFen: fen, idempotencyKey, amountFen }),
  ),
  'payments.payCard': method<PaidView>()('cashier', z.object({ orderId: id, idempotencyKey, amountFen })),
  'payments.status': method<PaymentStatusView>()('cashier', orderRef),
  'payments.refund': method<RefundView>()('admin', refundInput),
  /** Matches a China day's Alipay bill to our payments and keeps the result (admin reports). */
  'payments.matchDay': method<BillMatchView>()(
    'admin',
    z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD') }),
  ),
}
