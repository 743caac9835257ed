import type { Kysely } from 'kysely'
import type { Database, NewOrder, OrderLineRow, OrderRow } from '../db/schema'
import type { Trx } from '../db/transaction'

export async function insertOrder(trx: Trx, order: NewOrder): Promise<number> {
  const result = await trx.insertInto('order_info').values(order).executeTakeFirstOrThrow()
  return Number(result.insertId)
}

export async function insertOrderLines(
  trx: Trx,
  orderId: number,
  lines: readonly { skuId: number; name: string; priceFen: number; count: number }[],
): Promise<void> {
  await trx
    .insertInto('order_goods')
    .values(
      lines.map((l) => ({
        order_id: orderId,
        sku_id: l.skuId,
        sku_name: l.name,
        price_fen: l.priceFen,
        count: l.count,
      })),
    )
    .execute()
}

export async function appendOrderEvent(
  trx: Trx,
  event: { orderId: number; type: string; actor: string; detail?: Record<string, unknown>; at: number },
): Promise<void> {
  await trx
    .insertInto('order_events')
    .values({
      order_id: event.orderId,
      type: event.type,
      actor: event.actor,
      detail: JSON.stringify(event.detail ?? {}),
      created_at: event.at,
    })
    .execute()
}

export async function findOrderByIdempotencyKey(db: Kysely<Database>, key: string): Promise<OrderRow | undefined> {
  return db.selectFrom('order_info').selectAll().where('idempotency_key', '=', key).executeTakeFirst()
}

export async function findOrderById(db: Kysely<Database>, id: number): Promise<OrderRow | undefined> {
  return db.selectFrom('order_info').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findLinesOfOrders(db: Kysely<Database>, orderIds: readonly number[]): Promise<OrderLineRow[]> {
  if (orderIds.length === 0) return []
  return db
    .selectFrom('order_goods')
    .selectAll()
    .where('order_id', 'in', [...orderIds])
    .orderBy('id')
    .execute()
}

/**
 * Moves an order from one status to another if — and only if — it is still in `from`. The
 * condition is the guard that makes racing cancels, sweeps and payments act exactly once.
 */
export async function moveOrderStatus(
  trx: Trx,
  orderId: number,
  from: number,
  set: Partial<Pick<OrderRow, 'status' | 'paid_at' | 'paid_fen' | 'refunded_fen' | 'expires_at'>> & {
    updated_at: number
  },
): Promise<boolean> {
  const result = await trx
    .updateTable('order_info')
    .set(set)
    .where('id', '=', orderId)
    .where('status', '=', from as OrderRow['status'])
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
