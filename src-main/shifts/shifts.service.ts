// Shifts at the till (docs/SHIFTS.md): opened with the counted float, cash in and out with a
// reason, closed with a blind count. Every change is one transaction; one open shift per till is
// the unique index on shifts.open_till, so two opens racing at one till leave one shift.
import type { ClosedShiftView, ShiftStatus, ShiftView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Actor, Core } from '../core/core'
import { dbErrorKind } from '../db/errors'
import type { CashMoveKind } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { shopSettings } from '../settings/settings.service'
import { verifyAdminApproval } from '../staff/staff.service'
import { drawersOf } from './drawer'
import { requireOpenShift } from './open-shift'
import {
  cashMoveByKey,
  cashMovesOf,
  insertCashMove,
  insertShift,
  markShiftClosed,
  openShiftOf,
  setExpectedFen,
  usernameOf,
} from './shifts.repository'

export async function shiftStatus(core: Core, actor: Actor): Promise<ShiftStatus> {
  const { cashOutApprovalFen } = await shopSettings(core)
  const open = await openShiftOf(core.store.db, actor.tillId)
  return { tillId: actor.tillId, shift: open ? await shiftView(core, open.id) : null, cashOutApprovalFen }
}

export async function openShift(core: Core, actor: Actor, input: { floatFen: number }): Promise<ShiftView> {
  const id = await writeTransaction(core.store, async (trx) => {
    const open = await trx.selectFrom('shifts').select('id').where('open_till', '=', actor.tillId).executeTakeFirst()
    if (open) throw new PosError('SHIFT_ALREADY_OPEN', undefined, { shiftId: open.id })
    return insertShift(trx, { tillId: actor.tillId, staffId: actor.staffId, floatFen: input.floatFen, at: core.now() })
  }).catch(async (error: unknown) => {
    // Another open at this till committed between the check and the insert: the index refused ours.
    if (dbErrorKind(error) === 'duplicate-key') {
      const open = await openShiftOf(core.store.db, actor.tillId)
      throw new PosError('SHIFT_ALREADY_OPEN', undefined, { shiftId: open?.id })
    }
    throw error
  })
  core.log.info({ shiftId: id, tillId: actor.tillId, floatFen: input.floatFen }, 'shift opened')
  return shiftView(core, id)
}

export interface CashMoveInput {
  kind: CashMoveKind
  amountFen: number
  reason: string
  approval?: { username: string; password: string }
  idempotencyKey: string
}

export async function moveCash(core: Core, actor: Actor, input: CashMoveInput): Promise<ShiftView> {
  const repeat = await cashMoveByKey(core.store.db, input.idempotencyKey)
  if (repeat) return sameMoveAgain(core, repeat, input)
  const { cashOutApprovalFen } = await shopSettings(core)
  let approvedBy: number | null = null
  if (input.kind === 'out' && input.amountFen > cashOutApprovalFen) {
    if (!input.approval) throw new PosError('APPROVAL_NEEDED', undefined, { limitFen: cashOutApprovalFen })
    // Checked before the transaction: the password hash is slow and must not hold the shift's lock.
    approvedBy = await verifyAdminApproval(core, input.approval.username, input.approval.password).catch((error) => {
      if (error instanceof PosError && error.code === 'FORBIDDEN')
        throw new PosError('APPROVAL_NEEDED', 'Only an admin can approve a cash out this large.', {
          limitFen: cashOutApprovalFen,
        })
      throw error
    })
  }
  const shiftId = await writeTransaction(core.store, async (trx) => {
    const id = await requireOpenShift(trx, core.store.kind, actor.tillId)
    await insertCashMove(trx, {
      shiftId: id,
      kind: input.kind,
      amountFen: input.amountFen,
      reason: input.reason,
      staffId: actor.staffId,
      approvedBy,
      requestKey: input.idempotencyKey,
      at: core.now(),
    })
    return id
  }).catch(async (error: unknown) => {
    const again = dbErrorKind(error) === 'duplicate-key' && (await cashMoveByKey(core.store.db, input.idempotencyKey))
    if (again) return again.shift_id
    throw error
  })
  return shiftView(core, shiftId)
}

async function sameMoveAgain(
  core: Core,
  repeat: NonNullable<Awaited<ReturnType<typeof cashMoveByKey>>>,
  input: CashMoveInput,
): Promise<ShiftView> {
  if (repeat.kind !== input.kind || Number(repeat.amount_fen) !== input.amountFen)
    throw new PosError('IDEMPOTENCY_CONFLICT', 'This cash move was already sent with another amount.')
  return shiftView(core, repeat.shift_id)
}

/**
 * The blind close: the cashier's count is stored with what the drawer should hold, worked out in
 * the same transaction after the shift row is taken — on MySQL the update waits for every sale
 * and payment that holds the shift (requireOpenShift's shared lock), so none is left out.
 */
export async function closeShift(core: Core, actor: Actor, input: { countedFen: number }): Promise<ClosedShiftView> {
  const closed = await writeTransaction(core.store, async (trx) => {
    const open = await openShiftOf(trx, actor.tillId)
    if (!open) throw new PosError('SHIFT_CLOSED', undefined, { tillId: actor.tillId })
    const at = core.now()
    if (!(await markShiftClosed(trx, open.id, { staffId: actor.staffId, at, countedFen: input.countedFen })))
      throw new PosError('SHIFT_CLOSED', undefined, { tillId: actor.tillId })
    const shift = { ...open, open_till: null, closed_at: at, closed_by: actor.staffId, counted_fen: input.countedFen }
    const drawer = (await drawersOf(trx, [shift])).get(open.id)
    await setExpectedFen(trx, open.id, drawer?.expectedFen ?? 0)
    return { id: open.id, tillId: actor.tillId, closedAt: at, countedFen: input.countedFen }
  })
  core.log.info({ shiftId: closed.id, tillId: closed.tillId }, 'shift closed')
  return closed
}

async function shiftView(core: Core, shiftId: number): Promise<ShiftView> {
  const db = core.store.db
  const shift = await db.selectFrom('shifts').selectAll().where('id', '=', shiftId).executeTakeFirstOrThrow()
  const moves = await cashMovesOf(db, [shiftId])
  return {
    id: shift.id,
    tillId: shift.till_id,
    staffId: shift.staff_id,
    username: await usernameOf(db, shift.staff_id),
    openedAt: Number(shift.opened_at),
    floatFen: Number(shift.float_fen),
    cashMoves: moves.map((m) => ({
      kind: m.kind,
      amountFen: Number(m.amount_fen),
      reason: m.reason,
      at: Number(m.created_at),
      approvedBy: m.approved_by_name ?? null,
    })),
  }
}
