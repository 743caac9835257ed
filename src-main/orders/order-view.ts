// Rows → the order shapes the contract promises.
import type { Kysely } from 'kysely'
import type { OrderLineView, OrderView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Database, OrderLineRow, OrderRow } from '../db/schema'
import { findLinesOfOrders, findOrderById } from './orders.repository'
import { ticketLabel } from './ticket-numbers'

export function toLineView(row: OrderLineRow): OrderLineView {
  return {
    id: row.id,
    skuId: row.sku_id,
    skuName: row.sku_name,
    priceFen: row.price_fen,
    count: row.count,
    unitGrams: row.unit_grams,
    labelFen: Number(row.label_fen),
    labelGrams: Number(row.label_grams),
    // As computed when the order was placed (quote.ts pricedLine), never again.
    lineFen: Number(row.line_fen),
    discountFen: Number(row.discount_fen),
    netFen: Number(row.net_fen),
    rating: row.rating,
    comment: row.comment,
    reviewedAt: row.reviewed_at,
  }
}

export function toOrderView(row: OrderRow, lines: readonly OrderLineRow[]): OrderView {
  return {
    id: row.id,
    orderNo: row.order_no,
    ticketNo: row.ticket_seq === null ? null : ticketLabel(row.till_id, row.ticket_seq),
    memberId: row.member_id,
    staffId: row.staff_id,
    tillId: row.till_id,
    fulfilment: row.fulfilment,
    receiver: row.receiver,
    receiverPhone: row.receiver_phone,
    address: row.address,
    payMethod: row.pay_method,
    totalCount: row.total_count,
    goodsFen: row.goods_fen,
    freightFen: row.freight_fen,
    payFen: row.pay_fen,
    status: row.status,
    paidFen: row.paid_fen,
    refundedFen: row.refunded_fen,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    paidAt: row.paid_at,
    expiresAt: row.expires_at,
    lines: lines.map(toLineView),
  }
}

/** Orders with their lines, in the order given, with one query for all the lines. */
export async function withLines(db: Kysely<Database>, rows: readonly OrderRow[]): Promise<OrderView[]> {
  const lines = await findLinesOfOrders(
    db,
    rows.map((r) => r.id),
  )
  const byOrder = new Map<number, OrderLineRow[]>()
  for (const line of lines) {
    const list = byOrder.get(line.order_id) ?? []
    list.push(line)
    byOrder.set(line.order_id, list)
  }
  return rows.map((row) => toOrderView(row, byOrder.get(row.id) ?? []))
}

export async function loadOrderView(db: Kysely<Database>, orderId: number): Promise<OrderView> {
  const row = await findOrderById(db, orderId)
  if (!row) throw new PosError('ORDER_NOT_FOUND', undefined, { orderId })
  const [view] = await withLines(db, [row])
  return view as OrderView
}
