// Table types for Kysely. Times are epoch milliseconds in BIGINT columns: the same value and the
// same comparisons on MySQL and SQLite, with no time-zone conversion anywhere between them.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { BillDifferenceKind, PaymentChannel, PaymentStatus } from '../../src-shared/contract/payments'
import type { Fulfilment, OrderStatus, PayMethod, Role } from '../../src-shared/order-status'
import type { SaleMode } from '../../src-shared/weight'

type Id = Generated<number>
/** 0 or 1: MySQL and SQLite share no boolean type. */
type Flag = ColumnType<number, number | undefined, number>

export interface UsersTable {
  id: Id
  username: string
  password_hash: string
  role: Role
  active: Flag
  created_at: number
}

/** A logged-in staff member at one till; the token itself is never stored, only its SHA-256. */
export interface SessionsTable {
  token_hash: string
  staff_id: number
  till_id: string
  created_at: number
  last_seen_at: number
}

export interface MembersTable {
  id: Id
  phone: string
  name: string
  created_at: number
}

export interface AddressesTable {
  id: Id
  member_id: number
  receiver: string
  phone: string
  address: string
  zip: string
  is_default: Flag
  created_at: number
  updated_at: number
}

export interface GoodsTable {
  id: Id
  name: string
  description: string
  created_at: number
}

export interface GoodsSkuTable {
  id: Id
  goods_id: number
  name: string
  barcode: string
  unit: string
  price_fen: number
  stock: number
  sales: ColumnType<number, number | undefined, number>
  on_sale: Flag
  created_at: number
  updated_at: number
  /** By the piece, or by weight with stock and sales in grams (migration 019). */
  sale_mode: ColumnType<SaleMode, SaleMode | undefined, SaleMode>
  /** Grams per priced unit of a weight SKU (500 斤, 1000 kg); null for pieces. */
  unit_grams: ColumnType<number | null, number | null | undefined, number | null>
  /** The item code (PLU) a counter scale prints on this SKU's labels. */
  scale_code: ColumnType<string | null, string | null | undefined, string | null>
  /** The name in pinyin, whole and as initials (catalog/search-key.ts); null where a bulk load left it out. */
  search_key: string | null
}

export interface OrderInfoTable {
  id: Id
  order_no: string
  member_id: number | null
  staff_id: number
  till_id: string
  fulfilment: Fulfilment
  address_id: number | null
  receiver: string | null
  receiver_phone: string | null
  address: string | null
  pay_method: PayMethod
  total_count: number
  goods_fen: number
  freight_fen: number
  pay_fen: number
  status: OrderStatus
  paid_fen: ColumnType<number, number | undefined, number>
  refunded_fen: ColumnType<number, number | undefined, number>
  idempotency_key: string
  /** Hash of the request that made the order: the same key with another payload is a conflict. */
  request_hash: string
  created_at: number
  updated_at: number
  paid_at: number | null
  expires_at: number | null
  /** The shop day (yyyymmdd, China time) and number of the order's ticket; null before migration 020. */
  ticket_day: number | null
  ticket_seq: number | null
  /** order_no reversed and lower-cased: the search by the tail of the number is a prefix range on it. */
  order_no_reversed: string | null
  /** The shift the order was placed in (migration 025); 0 for orders from before shifts. */
  shift_id: number
}

export interface OrderGoodsTable {
  id: Id
  order_id: number
  sku_id: number
  sku_name: string
  price_fen: number
  /** Pieces, or grams of a weight SKU. */
  count: number
  /** What the line came to (migration 019): lineFen of price and count, or a scale label's amount. */
  line_fen: number
  /** The line's share of every discount of the order (migration 027): its own, the order's, 抹零. */
  discount_fen: ColumnType<number, number | undefined, number>
  /** line_fen − discount_fen: what the customer paid for the line (migration 027). */
  net_fen: number
  /** The SKU's grams per priced unit at order time; null for pieces. */
  unit_grams: ColumnType<number | null, number | null | undefined, number | null>
  /** Of `count`, the grams that came on scale labels, and the labels' amount. */
  label_fen: ColumnType<number, number | undefined, number>
  label_grams: ColumnType<number, number | undefined, number>
  rating: number | null
  comment: string | null
  reviewed_at: number | null
}

export interface PaymentsTable {
  id: Id
  order_id: number
  method: PayMethod
  out_trade_no: string
  trade_no: string | null
  amount_fen: number
  status: PaymentStatus
  qr_code: string | null
  last_response: string | null
  created_at: number
  updated_at: number
  /** qr | barcode | cash | card (migration 003). */
  channel: ColumnType<PaymentChannel, PaymentChannel | undefined, PaymentChannel>
  /** QR: when the code stops being payable and the trade is cancelled. */
  deadline_at: NullableLater
  paid_at: NullableLater
  tendered_fen: NullableLater
  /** Cash, card and barcode: the click's idempotency key and the hash of its payload (migration 007). */
  request_key: ColumnType<string | null, string | null | undefined, string | null>
  request_hash: ColumnType<string | null, string | null | undefined, string | null>
  /** The till's shift the attempt was started in (migration 025); null before shifts. */
  shift_id: NullableLater
}

/** A nullable column added by a later migration: inserts may leave it out. */
type NullableLater = ColumnType<number | null, number | null | undefined, number | null>

export type { PaymentChannel, PaymentStatus }

export interface RefundsTable {
  id: Id
  order_id: number
  payment_id: number
  out_request_no: string
  amount_fen: number
  reason: string
  status: string
  restocked: Flag
  created_at: number
  updated_at: number
  /** The admin's idempotency key for this refund (migration 003). */
  request_key: ColumnType<string | null, string | null | undefined, string | null>
  /** 1: give the goods back to stock when the refund succeeds (migration 003). */
  restock: Flag
  /** The return this refund belongs to (migration 028); null for a refund by amount. */
  return_id: ColumnType<number | null, number | null | undefined, number | null>
  /** The shift of the till that gave the refund (migration 025); null for automatic refunds. */
  shift_id: NullableLater
}

export interface OrderEventsTable {
  id: Id
  order_id: number
  type: string
  actor: string
  detail: string
  created_at: number
  /** The Z report that covers the event (migration 026): null until one does, 0 from before the audit. */
  z_id: NullableLater
}

/** The embedded store's cart (shared mode keeps carts in Redis). */
export interface CartLinesTable {
  till_id: string
  sku_id: number
  count: number
  updated_at: number
  /** Of `count`, the grams that came on scale labels, and the labels' amount (migration 019). */
  label_fen: ColumnType<number, number | undefined, number>
  label_grams: ColumnType<number, number | undefined, number>
  /** The line's number in the order lines came into this till's cart (scan order). */
  added_seq: ColumnType<number, number | undefined, number>
}

/** An order whose bought lines have still to leave its till's cart (migration 007, docs/ORDERS.md). */
export interface CartRemovalsTable {
  order_id: number
  till_id: string
  created_at: number
}

/** Every stock change made by hand (receiving, shrinkage, damage, stocktake), for the audit. */
export interface StockMovesTable {
  id: Id
  sku_id: number
  delta: number
  reason: string
  note: string
  stock_after: number
  staff_id: number
  created_at: number
}

/** The shop's settings that override the environment's defaults; values are JSON text. */
export interface SettingsTable {
  name: string
  value: string
  updated_by: number
  updated_at: number
}

/** One matched day of the Alipay bill (migration 005). */
export interface BillMatchesTable {
  bill_date: string
  matched_at: number
  bill_payments: number
  bill_refunds: number
  differences: number
}

export interface BillDifferencesTable {
  id: Id
  bill_date: string
  kind: BillDifferenceKind
  out_trade_no: string
  out_request_no: string | null
  our_fen: number | null
  alipay_fen: number | null
}

/** Failed logins per user name and per till (migration 009; docs/SECURITY.md). */
export interface LoginThrottleTable {
  scope: LoginScope
  subject: string
  failures: number
  last_failed_at: number
  locked_until: number | null
}

export type LoginScope = 'user' | 'till'
export type LoginEventKind = 'failed' | 'locked' | 'succeeded' | 'cleared'
/** What a login was tried with (migration 018). */
export type LoginCredential = 'password' | 'pin'

/** Every login event: failures, lockouts, successes and an admin clearing a lockout (migration 009). */
export interface LoginEventsTable {
  id: Id
  kind: LoginEventKind
  scope: LoginScope | null
  username: string | null
  till_id: string
  staff_id: number | null
  created_at: number
  /** failed, succeeded, locked: what the login was tried with; null when cleared. */
  credential: LoginCredential | null
}

/** A cashier's PIN at one till it works at (migration 018; docs/SECURITY.md): its scrypt hash only. */
export interface StaffPinsTable {
  staff_id: number
  till_id: string
  pin_hash: string
  set_at: number
}

/** A parked sale (挂单) of the embedded store (migration 013, docs/PARKED.md). */
export interface ParkedSalesTable {
  id: Id
  label: string
  member_id: number | null
  staff_id: number
  username: string
  till_id: string
  parked_at: number
  expires_at: number
  /** The till that recalled it; null while it waits. */
  recalled_by: string | null
  recalled_at: number | null
}

export interface ParkedSaleLinesTable {
  parked_id: number
  sku_id: number
  count: number
  label_fen: ColumnType<number, number | undefined, number>
  label_grams: ColumnType<number, number | undefined, number>
  /** The line's place in the basket as it was scanned. */
  position: ColumnType<number, number | undefined, number>
}

/** Goods brought back (migration 028, docs/RETURNS.md); no order for an admin's return without one. */
export interface ReturnsTable {
  id: Id
  order_id: number | null
  till_id: string
  staff_id: number
  username: string
  reason: string
  /** All the money given back, and the part of it handed over in cash. */
  refund_fen: number
  cash_fen: number
  request_key: string
  request_hash: string
  /** The till's shift it was made in: its cash comes out of that drawer. */
  shift_id: number
  created_at: number
}

export interface ReturnLinesTable {
  id: Id
  return_id: number
  /** The order line it came back from; null without an order. */
  order_line_id: number | null
  sku_id: number
  sku_name: string
  /** Pieces, or grams of a weight SKU. */
  count: number
  refund_fen: number
  /** 1: back on the shelf; 0: written off as a loss. */
  restock: number
}

/** A till's shift (migration 025, docs/SHIFTS.md): open while open_till holds the till id. */
export interface ShiftsTable {
  id: Id
  till_id: string
  open_till: string | null
  staff_id: number
  opened_at: number
  float_fen: number
  closed_by: number | null
  closed_at: number | null
  counted_fen: number | null
  expected_fen: number | null
  /** The Z report that closed the till's day over this shift (migration 026). */
  z_id: NullableLater
}

export type CashMoveKind = 'in' | 'out'

/** Cash put into or taken out of the drawer during a shift, with its reason. */
export interface CashMovesTable {
  id: Id
  shift_id: number
  kind: CashMoveKind
  amount_fen: number
  reason: string
  staff_id: number
  approved_by: number | null
  request_key: string
  created_at: number
}

/** A Z report (migration 026): written once, chained to the till's previous one. */
export interface ZReportsTable {
  id: Id
  till_id: string
  number: number
  staff_id: number
  created_at: number
  /** The report's figures as JSON (ZFigures). */
  figures: string
  prev_hash: string
  covered_hash: string
  hash: string
}

export type CoveredKind = 'event' | 'order'

/** The digest of one row a Z covers: an order event, or an order's money columns. */
export interface ZReportRowsTable {
  z_id: number
  kind: CoveredKind
  row_id: number
  digest: string
}

export interface Database {
  users: UsersTable
  sessions: SessionsTable
  members: MembersTable
  addresses: AddressesTable
  goods: GoodsTable
  goods_sku: GoodsSkuTable
  order_info: OrderInfoTable
  order_goods: OrderGoodsTable
  payments: PaymentsTable
  refunds: RefundsTable
  order_events: OrderEventsTable
  cart_lines: CartLinesTable
  cart_removals: CartRemovalsTable
  stock_moves: StockMovesTable
  settings: SettingsTable
  bill_matches: BillMatchesTable
  bill_differences: BillDifferencesTable
  login_throttle: LoginThrottleTable
  login_events: LoginEventsTable
  staff_pins: StaffPinsTable
  parked_sales: ParkedSalesTable
  parked_sale_lines: ParkedSaleLinesTable
  returns: ReturnsTable
  return_lines: ReturnLinesTable
  shifts: ShiftsTable
  cash_moves: CashMovesTable
  z_reports: ZReportsTable
  z_report_rows: ZReportRowsTable
}

export type SkuRow = Selectable<GoodsSkuTable>
export type OrderRow = Selectable<OrderInfoTable>
export type NewOrder = Insertable<OrderInfoTable>
export type OrderLineRow = Selectable<OrderGoodsTable>
export type PaymentRow = Selectable<PaymentsTable>
export type RefundRow = Selectable<RefundsTable>
export type StockMoveRow = Selectable<StockMovesTable>
export type ShiftRow = Selectable<ShiftsTable>
export type ZReportRow = Selectable<ZReportsTable>
