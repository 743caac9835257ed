import { z } from 'zod'
import { maxOrderFen, maxUnitPriceFen } from '../bounds'
import type { OrderStatus, PayMethod, Fulfilment } from '../order-status'
import { orderStatuses, payMethods } from '../order-status'
import { text } from '../text'
import type { SaleMode } from '../weight'
import { cursor, id, idempotencyKey, memberPhone, method, orderSearch, pageSize, password } from './method'

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
  /** lineFen of the rest (src-shared/weight.ts), plus labelFen: the line at its list price. */
  lineFen: number
  /** The line's share of every discount (docs/DISCOUNTS.md); 0 in the cart. */
  discountFen: number
  /** lineFen − discountFen: what the customer pays for the line. */
  netFen: number
  stockLeft: number
}

/** 抹零 as the shop offers it: off, drop the fen, or drop the jiao and fen of the amount due. */
export const roundDownOffers = ['off', 'fen', 'jiao'] as const
export type RoundDownOffer = (typeof roundDownOffers)[number]

/** What the discounts of a quote came to (docs/DISCOUNTS.md). */
export interface QuoteDiscounts {
  /** Σ lineFen: the goods at their list prices. */
  listFen: number
  /** Line discounts and price overrides, the order discount, and 抹零: Σ discountFen of the lines. */
  discountFen: number
  /** Of discountFen, the 抹零 part (never counted against the cashier's limit). */
  roundedDownFen: number
  /** The most a cashier may give without an admin: the shop's limit of listFen. */
  limitFen: number
  /** The discounts (抹零 apart) are above the limit: placing needs an admin's approval. */
  needsApproval: boolean
  /** Which 抹零 the shop offers. */
  roundDown: RoundDownOffer
}

export interface CheckoutQuote {
  lines: QuoteLine[]
  totalCount: number
  goodsFen: number
  freightFen: number
  payFen: number
  discounts: QuoteDiscounts
  /** Hash of lines, counts, prices, discounts and freight; the order is refused if it no longer matches. */
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
  /** The line at its list price. */
  lineFen: number
  /** Its share of every discount of the order (migration 027; 0 before). */
  discountFen: number
  /** lineFen − discountFen: what the customer paid for the line. */
  netFen: number
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

// Percent off in whole percents (9折 is 10). Up to 1000 passes the contract so that the rule can
// answer DISCOUNT_TOO_LARGE for more than 100 rather than a bare INVALID_INPUT.
const percentOff = z.number().int().min(1).max(1000)
const amountOff = z.number().int().min(1).max(maxOrderFen)

const percentDiscount = z.object({ kind: z.literal('percent'), percent: percentOff })
const amountDiscount = z.object({ kind: z.literal('amount'), amountFen: amountOff })

/** A line's discount: percent off, an amount off, or the price per unit overridden (lower). */
export const lineDiscountInput = z.discriminatedUnion('kind', [
  percentDiscount.extend({ skuId: id }),
  amountDiscount.extend({ skuId: id }),
  z.object({ kind: z.literal('price'), skuId: id, priceFen: z.number().int().min(0).max(maxUnitPriceFen) }),
])
export type LineDiscountInput = z.output<typeof lineDiscountInput>

export const orderDiscountInput = z.discriminatedUnion('kind', [percentDiscount, amountDiscount])
export type OrderDiscountInput = z.output<typeof orderDiscountInput>

/** The discounts of a sale: rules, never figures; the main process computes what they come to. */
export const discountsInput = z.object({
  /** At most one per SKU. */
  lines: z
    .array(lineDiscountInput)
    .max(200)
    .refine((l) => new Set(l.map((d) => d.skuId)).size === l.length, 'one discount per line')
    .default([]),
  order: orderDiscountInput.optional(),
  /** 抹零, as the shop offers it. */
  roundDown: z.boolean().default(false),
})
export type DiscountsInput = z.output<typeof discountsInput>

export const quoteInput = z.object({
  skuIds,
  fulfilment,
  memberPhone: memberPhone.optional(),
  addressId: id.optional(),
  discounts: discountsInput.optional(),
})

export const placeOrderInput = quoteInput.extend({
  /** An admin's approval at the till, for discounts above the cashier's limit (docs/DISCOUNTS.md). */
  approval: z.object({ username: text({ min: 1, max: 64 }), password: password(1) }).optional(),
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
