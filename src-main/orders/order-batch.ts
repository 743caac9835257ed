// The order's statements for the MySQL one-round-trip batch (place-order.ts), compiled once
// (db/precompiled.ts) and run with each order's values: the order row, its lines, its 'created'
// event and its cart removal, each written through @order_id, the id the server just gave.
import { type CompiledQuery, sql } from 'kysely'
import { precompiled, precompiledConstant } from '../db/precompiled'
import type { OrderLineRow } from '../db/schema'
import { batchShiftId } from '../shifts/open-shift'
import type { OrderDraft } from './order-draft'
import { lineValues } from './orders.repository'

type DraftedOrder = OrderDraft['order']
type LineValues = ReturnType<typeof lineValues>

/** Every column of the drafted order, so that each reaches the insert (the compiler checks the list is whole). */
const orderColumns = Object.keys({
  order_no: 1,
  order_no_reversed: 1,
  ticket_day: 1,
  ticket_seq: 1,
  member_id: 1,
  staff_id: 1,
  till_id: 1,
  fulfilment: 1,
  address_id: 1,
  receiver: 1,
  receiver_phone: 1,
  address: 1,
  pay_method: 1,
  total_count: 1,
  goods_fen: 1,
  freight_fen: 1,
  pay_fen: 1,
  status: 1,
  paid_fen: 1,
  refunded_fen: 1,
  idempotency_key: 1,
  request_hash: 1,
  created_at: 1,
  updated_at: 1,
  paid_at: 1,
  expires_at: 1,
} satisfies Record<keyof DraftedOrder, 1>) as (keyof DraftedOrder)[]

const lineColumns = Object.keys({
  sku_id: 1,
  sku_name: 1,
  price_fen: 1,
  count: 1,
  line_fen: 1,
  discount_fen: 1,
  net_fen: 1,
  unit_grams: 1,
  label_fen: 1,
  label_grams: 1,
} satisfies Record<keyof LineValues, 1>) as (keyof LineValues)[]

const orderId = sql<number>`@order_id`

const insertOrder = precompiled<DraftedOrder>(orderColumns, (order, db) =>
  db.insertInto('order_info').values({ ...order, shift_id: batchShiftId }),
)
const rememberOrderId = precompiledConstant(() => sql`SET @order_id = LAST_INSERT_ID()`)
const insertLine = precompiled<LineValues>(lineColumns, (line, db) =>
  db.insertInto('order_goods').values({ ...line, order_id: orderId }),
)
const insertCreatedEvent = precompiled<{ type: string; actor: string; detail: string; created_at: number }>(
  ['type', 'actor', 'detail', 'created_at'],
  (event, db) => db.insertInto('order_events').values({ ...event, order_id: orderId }),
)
const insertCartRemoval = precompiled<{ till_id: string; created_at: number }>(
  ['till_id', 'created_at'],
  (removal, db) => db.insertInto('cart_removals').values({ ...removal, order_id: orderId }),
)
/** Last in the batch, after the stock: the order's lines as stored, for the answer to the till. */
export const linesWritten = precompiledConstant<OrderLineRow>((db) =>
  db.selectFrom('order_goods').selectAll().where('order_id', '=', orderId).orderBy('id'),
)

/**
 * No order while an earlier sale's lines are still to leave the till's cart (cart-removals.ts):
 * the batch's caller read the basket without finishing those first, to save a round trip. Then
 * @shift_id is cleared and the order's insert fails as with no open shift; the caller finishes
 * the removals and places the order again on the basket as it is now.
 */
export const noEarlierSaleInCart = precompiled<{ tillId: string }>(
  ['tillId'],
  ({ tillId }) =>
    sql`SET @shift_id = IF(EXISTS (SELECT 1 FROM cart_removals WHERE till_id = ${tillId}), NULL, @shift_id)`,
)

/** The order's writes, in the order the batch runs them; its shift is @shift_id (open-shift.ts). */
export function orderWrites(draft: OrderDraft): CompiledQuery[] {
  return [
    insertOrder(draft.order),
    rememberOrderId(),
    ...draft.lines.map((line) => insertLine(lineValues(line))),
    insertCreatedEvent({
      type: draft.event.type,
      actor: draft.event.actor,
      detail: JSON.stringify(draft.event.detail),
      created_at: draft.event.at,
    }),
    insertCartRemoval({ till_id: draft.order.till_id, created_at: draft.event.at }),
  ]
}
