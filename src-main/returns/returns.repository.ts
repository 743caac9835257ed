// SQL of returns (docs/RETURNS.md): the return, its lines, and what came back of each order line.
import type { Kysely } from 'kysely'
import type { Database, ReturnLinesTable, ReturnsTable } from '../db/schema'
import type { Trx } from '../db/transaction'
import type { Insertable, Selectable } from 'kysely'

export type ReturnRow = Selectable<ReturnsTable>
export type ReturnLineRow = Selectable<ReturnLinesTable>
export type NewReturn = Omit<Insertable<ReturnsTable>, 'id'>
export type NewReturnLine = Omit<Insertable<ReturnLinesTable>, 'id' | 'return_id'>

export async function insertReturn(trx: Trx, row: NewReturn, lines: readonly NewReturnLine[]): Promise<number> {
  const result = await trx.insertInto('returns').values(row).executeTakeFirstOrThrow()
  const returnId = Number(result.insertId)
  if (lines.length > 0)
    await trx
      .insertInto('return_lines')
      .values(lines.map((line) => ({ ...line, return_id: returnId })))
      .execute()
  return returnId
}

export async function findReturnByKey(db: Kysely<Database>, requestKey: string): Promise<ReturnRow | undefined> {
  return db.selectFrom('returns').selectAll().where('request_key', '=', requestKey).executeTakeFirst()
}

export async function readReturn(db: Kysely<Database>, returnId: number): Promise<ReturnRow> {
  return db.selectFrom('returns').selectAll().where('id', '=', returnId).executeTakeFirstOrThrow()
}

export async function returnsOfOrder(db: Kysely<Database>, orderId: number): Promise<ReturnRow[]> {
  return db.selectFrom('returns').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

export async function linesOfReturns(db: Kysely<Database>, returnIds: readonly number[]): Promise<ReturnLineRow[]> {
  if (returnIds.length === 0) return []
  return db.selectFrom('return_lines').selectAll().where('return_id', 'in', returnIds).orderBy('id').execute()
}

/** Per order line of this order: how much has come back and how much money went with it. */
export async function returnedOfOrder(
  db: Kysely<Database>,
  orderId: number,
): Promise<Map<number, { count: number; refundFen: number }>> {
  const rows = await db
    .selectFrom('return_lines')
    .innerJoin('returns', 'returns.id', 'return_lines.return_id')
    .select(['return_lines.order_line_id', 'return_lines.count', 'return_lines.refund_fen'])
    .where('returns.order_id', '=', orderId)
    .execute()
  const byLine = new Map<number, { count: number; refundFen: number }>()
  for (const row of rows) {
    if (row.order_line_id === null) continue
    const sum = byLine.get(row.order_line_id) ?? { count: 0, refundFen: 0 }
    sum.count += Number(row.count)
    sum.refundFen += Number(row.refund_fen)
    byLine.set(row.order_line_id, sum)
  }
  return byLine
}

/** The refunds a return made, one per payment it went back through. */
export async function refundsOfReturns(db: Kysely<Database>, returnIds: readonly number[]) {
  if (returnIds.length === 0) return []
  return db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .select(['refunds.id', 'refunds.return_id', 'refunds.amount_fen', 'refunds.status', 'payments.method'])
    .where('refunds.return_id', 'in', returnIds)
    .orderBy('refunds.id')
    .execute()
}
