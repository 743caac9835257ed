// The SQL of shifts and the cash drawer. Functions that must run inside a write take its transaction.
import type { Kysely } from 'kysely'
import type { CashMoveKind, Database, ShiftRow } from '../db/schema'
import type { Trx } from '../db/transaction'

export async function openShiftOf(db: Kysely<Database>, tillId: string): Promise<ShiftRow | undefined> {
  return db.selectFrom('shifts').selectAll().where('open_till', '=', tillId).executeTakeFirst()
}

export async function insertShift(
  trx: Trx,
  shift: { tillId: string; staffId: number; floatFen: number; at: number },
): Promise<number> {
  const result = await trx
    .insertInto('shifts')
    .values({
      till_id: shift.tillId,
      open_till: shift.tillId,
      staff_id: shift.staffId,
      opened_at: shift.at,
      float_fen: shift.floatFen,
      closed_by: null,
      closed_at: null,
      counted_fen: null,
      expected_fen: null,
    })
    .executeTakeFirstOrThrow()
  return Number(result.insertId)
}

/** Closes the shift if it is still open; false if another close got there first. */
export async function markShiftClosed(
  trx: Trx,
  shiftId: number,
  close: { staffId: number; at: number; countedFen: number },
): Promise<boolean> {
  const result = await trx
    .updateTable('shifts')
    .set({ open_till: null, closed_by: close.staffId, closed_at: close.at, counted_fen: close.countedFen })
    .where('id', '=', shiftId)
    .where('open_till', 'is not', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function setExpectedFen(trx: Trx, shiftId: number, expectedFen: number): Promise<void> {
  await trx.updateTable('shifts').set({ expected_fen: expectedFen }).where('id', '=', shiftId).execute()
}

export async function insertCashMove(
  trx: Trx,
  move: {
    shiftId: number
    kind: CashMoveKind
    amountFen: number
    reason: string
    staffId: number
    approvedBy: number | null
    requestKey: string
    at: number
  },
): Promise<void> {
  await trx
    .insertInto('cash_moves')
    .values({
      shift_id: move.shiftId,
      kind: move.kind,
      amount_fen: move.amountFen,
      reason: move.reason,
      staff_id: move.staffId,
      approved_by: move.approvedBy,
      request_key: move.requestKey,
      created_at: move.at,
    })
    .execute()
}

export async function cashMoveByKey(db: Kysely<Database>, requestKey: string) {
  return db.selectFrom('cash_moves').selectAll().where('request_key', '=', requestKey).executeTakeFirst()
}

export async function cashMovesOf(db: Kysely<Database>, shiftIds: readonly number[]) {
  if (shiftIds.length === 0) return []
  return db
    .selectFrom('cash_moves')
    .leftJoin('users', 'users.id', 'cash_moves.approved_by')
    .select([
      'cash_moves.shift_id',
      'cash_moves.kind',
      'cash_moves.amount_fen',
      'cash_moves.reason',
      'cash_moves.created_at',
      'users.username as approved_by_name',
    ])
    .where('cash_moves.shift_id', 'in', [...shiftIds])
    .orderBy('cash_moves.id')
    .execute()
}

export async function usernameOf(db: Kysely<Database>, staffId: number): Promise<string> {
  const row = await db.selectFrom('users').select('username').where('id', '=', staffId).executeTakeFirst()
  return row?.username ?? (staffId === 0 ? 'system' : `#${staffId}`)
}
