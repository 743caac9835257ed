// X and Z reports of a till (docs/SHIFTS.md). The X is read-only and may be taken at any time. The
// Z closes the till's day: it covers every shift of the till closed since its last Z (a day may
// have a morning and an evening cashier), is numbered per till, and is written once, in one
// transaction, chained to the previous Z (audit-chain.ts). No path changes a Z afterwards.
import type { TillReportFigures, XReport, ZReport } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Actor, Core } from '../core/core'
import { dbErrorKind } from '../db/errors'
import type { ZReportRow } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { requireAdmin } from '../staff/staff.service'
import { coveredHash, digestsOfZ, GENESIS, zHash } from './audit-chain'
import { shiftsSinceLastZ, tillFigures } from './till-figures'

export async function xReport(core: Core, actor: Actor, tillId = actor.tillId): Promise<XReport> {
  requireAdmin(actor)
  const db = core.store.db
  const shifts = await shiftsSinceLastZ(db, tillId)
  const last = await lastZ(core, tillId)
  const from = shifts[0] ? Number(shifts[0].opened_at) : last ? Number(last.created_at) : core.now()
  const figures = await tillFigures(db, tillId, shifts, { from, to: core.now() })
  return { kind: 'X', nextZ: (last?.number ?? 0) + 1, ...figures }
}

export async function takeZReport(core: Core, actor: Actor, tillId = actor.tillId): Promise<ZReport> {
  requireAdmin(actor)
  const zId = await writeTransaction(core.store, async (trx) => {
    const open = await trx.selectFrom('shifts').select('id').where('open_till', '=', tillId).executeTakeFirst()
    if (open) throw new PosError('SHIFT_STILL_OPEN', undefined, { shiftId: open.id, tillId })
    const prev = await trx
      .selectFrom('z_reports')
      .selectAll()
      .where('till_id', '=', tillId)
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst()
    const shifts = await shiftsSinceLastZ(trx, tillId)
    const now = core.now()
    const from = shifts[0] ? Number(shifts[0].opened_at) : prev ? Number(prev.created_at) : now
    const figures = await tillFigures(trx, tillId, shifts, { from, to: now })
    const row = {
      till_id: tillId,
      number: (prev?.number ?? 0) + 1,
      staff_id: actor.staffId,
      created_at: now,
      figures: JSON.stringify(figures),
      prev_hash: prev?.hash ?? GENESIS,
    }
    // The id is part of what is hashed, so the row goes in first and gets its hashes in this same
    // transaction: nobody ever sees it without them.
    const inserted = await trx
      .insertInto('z_reports')
      .values({ ...row, covered_hash: '', hash: '' })
      .executeTakeFirstOrThrow()
    const id = Number(inserted.insertId)
    if (shifts.length > 0)
      await trx
        .updateTable('shifts')
        .set({ z_id: id })
        .where(
          'id',
          'in',
          shifts.map((s) => s.id),
        )
        .execute()
    await trx
      .updateTable('order_events')
      .set({ z_id: id })
      .where('z_id', 'is', null)
      .where('order_id', 'in', (eb) => eb.selectFrom('order_info').select('id').where('till_id', '=', tillId))
      .execute()
    const covered = await digestsOfZ(trx, id)
    for (let at = 0; at < covered.length; at += 500)
      await trx
        .insertInto('z_report_rows')
        .values(covered.slice(at, at + 500).map((r) => ({ z_id: id, ...r })))
        .execute()
    const coveredHashHex = coveredHash(covered)
    const hash = zHash({ id, ...row, covered_hash: coveredHashHex })
    await trx.updateTable('z_reports').set({ covered_hash: coveredHashHex, hash }).where('id', '=', id).execute()
    return id
  }).catch((error: unknown) => {
    if (dbErrorKind(error) === 'duplicate-key')
      throw new PosError('ALREADY_EXISTS', 'Another Z report of this till was taken at the same moment.', { tillId })
    throw error
  })
  const z = await core.store.db.selectFrom('z_reports').selectAll().where('id', '=', zId).executeTakeFirstOrThrow()
  core.log.info({ tillId, number: z.number, hash: z.hash }, 'Z report taken')
  return zView(core, z)
}

export async function listZReports(core: Core, actor: Actor, tillId = actor.tillId): Promise<ZReport[]> {
  requireAdmin(actor)
  const rows = await core.store.db
    .selectFrom('z_reports')
    .selectAll()
    .where('till_id', '=', tillId)
    .orderBy('number', 'desc')
    .limit(60)
    .execute()
  return Promise.all(rows.map((z) => zView(core, z)))
}

function lastZ(core: Core, tillId: string) {
  return core.store.db
    .selectFrom('z_reports')
    .select(['number', 'created_at'])
    .where('till_id', '=', tillId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst()
}

async function zView(core: Core, z: ZReportRow): Promise<ZReport> {
  const count = await core.store.db
    .selectFrom('z_report_rows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('z_id', '=', z.id)
    .executeTakeFirstOrThrow()
  return {
    ...(JSON.parse(z.figures) as TillReportFigures),
    kind: 'Z',
    number: z.number,
    createdAt: Number(z.created_at),
    prevHash: z.prev_hash,
    coveredHash: z.covered_hash,
    hash: z.hash,
    coveredRows: Number(count.n),
  }
}
