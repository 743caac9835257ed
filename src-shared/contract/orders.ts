import { z } from 'zod'
import type { OrderStatus, PayMethod, Fulfilment } from '../order-status'
import { orderStatuses, payMethods } from '../order-status'
import { text } from '../text'
import type { SaleMode } from '../weight'
import { cursor, id, idempotencyKey, memberPhone, method, orderSearch, pageSize } from './method'

export interface QuoteLine {
  skuId: number
  name: string
  unit: string
  saleMode: SaleMode
  /** Grams per priced unit of a weight SKU (500 斤, 1000 kg); null for pieces. */
  unitGrams: number | null
  priceFen: number
  /** Pieces, or grams of a weight SKU. */
  count: number
  /** Of `count`, the grams that came on scale labels and what the labels said (0 and 0: none). */
  labelFen: number
  labelGrams: number
  /** lineFen of the rest (src-shared/weight.ts), plus labelFen. */
  lineFen: number
  stockLeft: number
}

export interface CheckoutQuote {
  lines: QuoteLine[]
  totalCount: number
  goodsFen: number
  freightFen: number
  payFen: number
  /** Hash of lines, counts, prices and freight; the order is refused if it no longer matches. */
  fingerprint: string
}

export interface OrderLineView {
  id: number
  skuId: number
  skuName: string
  priceFen: number
  /** Pieces, or grams when unitGrams is set. */
  count: number
  unitGrams: number | null
  labelFen: number
  labelGrams: number
  lineFen: number
  rating: number | null
  comment: string | null
  reviewedAt: number | null
}

export interface OrderView {
  id: number
  orderNo: string
  /** The short ticket number, e.g. T1-0042 (till and number of the shop day); null for orders from before tickets. */
  ticketNo: string | null
  memberId: number | null
  staffId: number
  tillId: string
  fulfilment: Fulfilment
  receiver: string | null
  receiverPhone: string | null
  address: string | null
  payMethod: PayMethod
  totalCount: number
  goodsFen: number
  freightFen: number
  payFen: number
  status: OrderStatus
  paidFen: number
  refundedFen: number
  createdAt: number
  updatedAt: number
  paidAt: number | null
  expiresAt: number | null
  lines: OrderLineView[]
}

export interface OrderEventView {
  id: number
  type: string
  actor: string
  createdAt: number
  detail: Record<string, unknown>
}

export interface PaymentView {
  id: number
  method: PayMethod
  outTradeNo: string
  tradeNo: string | null
  amountFen: number
  status: string
  createdAt: number
  updatedAt: number
  /**
   * Money that could not pay the order (a duplicate or late payment) and goes back to the buyer by
   * itself: how much, and whether Alipay has refunded it yet. Null for a payment that paid the order.
   */
  autoRefund: { amountFen: number; status: 'pending' | 'succeeded' | 'failed' } | null
}

export interface OrderDetail extends OrderView {
  events: OrderEventView[]
  payments: PaymentView[]
  /** Null when read live; else MySQL was unreachable and this is the local copy as of asOf (epoch ms). */
  offline: { asOf: number } | null
}

export interface OrderPage {
  orders: OrderView[]
  nextCursor: string | null
  /** Null when read live; else MySQL was unreachable and this is the local copy as of asOf (epoch ms). */
  offline: { asOf: number } | null
}

const fulfilment = z.enum(['pickup', 'delivery'])
const payMethod = z.union(
  payMethods.map((m) => z.literal(m)) as [z.ZodLiteral<PayMethod>, ...z.ZodLiteral<PayMethod>[]],
)
const status = z.union(
  orderStatuses.map((s) => z.literal(s)) as [z.ZodLiteral<OrderStatus>, ...z.ZodLiteral<OrderStatus>[]],
)
const skuIds = z.array(id).min(1).max(200)

export const quoteInput = z.object({
  skuIds,
  fulfilment,
  memberPhone: memberPhone.optional(),
  addressId: id.optional(),
})

export const placeOrderInput = quoteInput.extend({
  payMethod,
  fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/),
  idempotencyKey,
})

/** The order list's orders: by time placed or by amount, each way. */
export const orderSorts = ['newest', 'oldest', 'amountHigh', 'amountLow'] as const
export type OrderSort = (typeof orderSorts)[number]

export const listOrdersInput = z.object({
  tab: z.union([z.literal('all'), status]).default('all'),
  sort: z.enum(orderSorts).default('newest'),
  /** The whole order number, its tail (the last few characters), or a ticket number: T1-0042, or 42 for any till. */
  orderNo: orderSearch.optional(),
  memberPhone: memberPhone.optional(),
  /** Epoch milliseconds, inclusive lower bound. */
  from: z.number().int().nonnegative().optional(),
  /** Epoch milliseconds, exclusive upper bound. */
  to: z.number().int().nonnegative().optional(),
  cursor,
  limit: pageSize,
})

/** The list's filters, without paging: what the CSV export takes. */
export const exportOrdersInput = listOrdersInput.omit({ cursor: true, limit: true })

/** The filtered order list as a CSV file (UTF-8 with BOM). */
export interface ExportedCsv {
  filename: string
  csv: string
  /** Orders in the file. */
  rows: number
}

const orderRef = z.object({ orderId: id })

export const reviewInput = z.object({
  orderId: id,
  lines: z
    .array(
      z.object({
        lineId: id,
        rating: z.number().int().min(1).max(5),
        comment: text({ max: 500, multiline: true }).default(''),
      }),
    )
    .min(1)
    .max(200),
})

export const orderMethods = {
  'orders.quote': method<CheckoutQuote>()('cashier', quoteInput),
  'orders.place': method<OrderView>()('cashier', placeOrderInput),
  'orders.list': method<OrderPage>()('cashier', listOrdersInput),
  'orders.get': method<OrderDetail>()('cashier', orderRef),
  'orders.cancel': method<OrderView>()('cashier', orderRef),
  'orders.ship': method<OrderView>()('admin', orderRef),
  'orders.receive': method<OrderView>()('cashier', orderRef),
  'orders.review': method<OrderView>()('cashier', reviewInput),
  'orders.skipReview': method<OrderView>()('cashier', orderRef),
  'orders.exportCsv': method<ExportedCsv>()('cashier', exportOrdersInput),
  'orders.ofMember': method<OrderPage>()('cashier', z.object({ memberPhone, cursor, limit: pageSize })),
}
