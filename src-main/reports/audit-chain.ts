// The audit chain of Z reports (docs/SHIFTS.md "Audit"). Each Z stores a digest of every row it
// covers — its till's order events not covered before, and those events' orders' money columns —
// the SHA-256 of that list, the hash of the till's previous Z, and its own hash over all of it.
// `pos audit verify` recomputes everything and names the first row that no longer matches.
// An order's money may change after its Z legitimately (a refund next day): every such change
// comes with an event, which the next Z covers with the order's new digest, so an order is
// checked against the newest Z that covers it, and not while it has events no Z covers yet.
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { CoveredKind, Database, ZReportRow } from '../db/schema'

/** The previous hash of a till's first Z. */
export const GENESIS = '0'.repeat(64)

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

type EventRow = { id: number; order_id: number; type: string; actor: string; detail: string; created_at: number }
type OrderMoney = {
  id: number
  order_no: string
  till_id: string
  goods_fen: number
  freight_fen: number
  pay_fen: number
  paid_fen: number
  refunded_fen: number
}

/** Canonical: a JSON array of the columns in a fixed order, numbers as numbers (BIGINT included). */
export const eventDigest = (e: EventRow) =>
  sha256(JSON.stringify([Number(e.id), Number(e.order_id), e.type, e.actor, e.detail, Number(e.created_at)]))

export const orderDigest = (o: OrderMoney) =>
  sha256(
    JSON.stringify([
      Number(o.id),
      o.order_no,
      o.till_id,
      Number(o.goods_fen),
      Number(o.freight_fen),
      Number(o.pay_fen),
      Number(o.paid_fen),
      Number(o.refunded_fen),
    ]),
  )

export interface CoveredRow {
  kind: CoveredKind
  row_id: number
  digest: string
}

/** The SHA-256 of a Z's covered rows, in the order they are stored: events, then orders, by id. */
export const coveredHash = (rows: readonly CoveredRow[]) =>
  sha256(rows.map((r) => `${r.kind}:${Number(r.row_id)}:${r.digest}\n`).join(''))

/** A Z's own hash: every column but the hash itself. */
export const zHash = (z: Omit<ZReportRow, 'hash'>) =>
  sha256(
    JSON.stringify([
      Number(z.id),
      z.till_id,
      Number(z.number),
      Number(z.staff_id),
      Number(z.created_at),
      z.figures,
      z.prev_hash,
      z.covered_hash,
    ]),
  )

export const orderMoneyColumns = [
  'id',
  'order_no',
  'till_id',
  'goods_fen',
  'freight_fen',
  'pay_fen',
  'paid_fen',
  'refunded_fen',
] as const

const eventColumns = ['id', 'order_id', 'type', 'actor', 'detail', 'created_at'] as const

/** The rows a new Z covers, already marked with its id by the caller: their digests, stored order. */
export async function digestsOfZ(db: Kysely<Database>, zId: number): Promise<CoveredRow[]> {
  const events = await db
    .selectFrom('order_events')
    .select(eventColumns)
    .where('z_id', '=', zId)
    .orderBy('id')
    .execute()
  const orders = await db
    .selectFrom('order_info')
    .select(orderMoneyColumns)
    .where('id', 'in', (eb) => eb.selectFrom('order_events').select('order_id').where('z_id', '=', zId))
    .orderBy('id')
    .execute()
  return [
    ...events.map((e) => ({ kind: 'event' as const, row_id: e.id, digest: eventDigest(e) })),
    ...orders.map((o) => ({ kind: 'order' as const, row_id: o.id, digest: orderDigest(o) })),
  ]
}

export type AuditResult =
  | { ok: true; zReports: number; rows: number }
  | {
      ok: false
      zReports: number
      table: 'z_reports' | 'z_report_rows' | 'order_events' | 'order_info'
      rowId: number
      zId: number
      message: string
    }

/** Recomputes every Z's chain, list and rows, oldest Z first; the first difference is the answer. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditResult> {
  const zs = await db.selectFrom('z_reports').selectAll().orderBy('id').execute()
  const lastHashOfTill = new Map<string, string>()
  const rowsOfZ = new Map<number, CoveredRow[]>()
  const newestZOfOrder = new Map<number, number>()
  for (const z of zs) {
    const rows = await db
      .selectFrom('z_report_rows')
      .select(['kind', 'row_id', 'digest'])
      .where('z_id', '=', z.id)
      .orderBy('kind')
      .orderBy('row_id')
      .execute()
    // Stored order: events before orders ('event' < 'order'), each by id.
    rowsOfZ.set(z.id, rows)
    for (const r of rows) if (r.kind === 'order') newestZOfOrder.set(Number(r.row_id), z.id)
  }
  const uncovered = new Set(
    (await db.selectFrom('order_events').select('order_id').distinct().where('z_id', 'is', null).execute()).map((r) =>
      Number(r.order_id),
    ),
  )
  let checked = 0
  for (const [index, z] of zs.entries()) {
    const name = `Z ${z.till_id}-${z.number} (z_reports id ${z.id})`
    const broken = (
      table: Exclude<AuditResult, { ok: true }>['table'],
      rowId: number,
      message: string,
    ): AuditResult => ({
      ok: false,
      zReports: index,
      table,
      rowId,
      zId: z.id,
      message,
    })
    if (zHash(z) !== z.hash)
      return broken('z_reports', z.id, `${name} was changed after it was taken: its hash does not match its content`)
    const prev = lastHashOfTill.get(z.till_id) ?? GENESIS
    if (z.prev_hash !== prev)
      return broken('z_reports', z.id, `${name} does not follow the till's previous Z: the chain is broken before it`)
    lastHashOfTill.set(z.till_id, z.hash)
    const rows = rowsOfZ.get(z.id) ?? []
    if (coveredHash(rows) !== z.covered_hash)
      return broken('z_report_rows', z.id, `the list of rows covered by ${name} was changed`)
    const eventIds = rows.filter((r) => r.kind === 'event').map((r) => Number(r.row_id))
    const live = new Map<number, string>()
    for (let at = 0; at < eventIds.length; at += 500) {
      const page = await db
        .selectFrom('order_events')
        .select(eventColumns)
        .where('id', 'in', eventIds.slice(at, at + 500))
        .execute()
      for (const e of page) live.set(Number(e.id), eventDigest(e))
    }
    const orderIds = rows
      .filter(
        (r) => r.kind === 'order' && newestZOfOrder.get(Number(r.row_id)) === z.id && !uncovered.has(Number(r.row_id)),
      )
      .map((r) => Number(r.row_id))
    const checkedOrders = new Set(orderIds)
    const liveOrders = new Map<number, string>()
    for (let at = 0; at < orderIds.length; at += 500) {
      const page = await db
        .selectFrom('order_info')
        .select(orderMoneyColumns)
        .where('id', 'in', orderIds.slice(at, at + 500))
        .execute()
      for (const o of page) liveOrders.set(Number(o.id), orderDigest(o))
    }
    for (const r of rows) {
      const id = Number(r.row_id)
      if (r.kind === 'event' && live.get(id) !== r.digest)
        return broken(
          'order_events',
          id,
          `order_events row id ${id}, covered by ${name}, was ${live.has(id) ? 'changed' : 'deleted'}`,
        )
      if (r.kind === 'order' && checkedOrders.has(id) && liveOrders.get(id) !== r.digest)
        return broken(
          'order_info',
          id,
          `order_info row id ${id}: its money columns were ${liveOrders.has(id) ? 'changed' : 'deleted'} since ${name}`,
        )
      checked++
    }
  }
  return { ok: true, zReports: zs.length, rows: checked }
}
