// The embedded store's parked sales: two tables in the same file as the cart (migration 013).
// Parking and recalling are each one transaction over the cart's lines and the parked sale, so a
// till that dies half-way has done all of it or none.
import { PosError } from '../../src-shared/errors'
import type { Store } from '../db/store'
import { type Trx, writeTransaction } from '../db/transaction'
import { type BasketLine, type ParkedBy, type ParkedSale, type ParkedSales, RECALLED_KEPT_MS } from './parked.store'

type SaleRow = {
  id: number
  label: string
  member_id: number | null
  staff_id: number
  username: string
  till_id: string
  parked_at: number
  expires_at: number
  recalled_by: string | null
}

export class SqlParkedSales implements ParkedSales {
  constructor(private readonly store: Store) {}

  async park(tillId: string, by: ParkedBy): Promise<ParkedSale | null> {
    return writeTransaction(this.store, async (trx) => {
      await prune(trx, by.parkedAt)
      const lines = await cartLines(trx, tillId)
      if (lines.length === 0) return null
      const inserted = await trx
        .insertInto('parked_sales')
        .values({
          label: by.label,
          member_id: by.memberId,
          staff_id: by.staffId,
          username: by.username,
          till_id: tillId,
          parked_at: by.parkedAt,
          expires_at: by.expiresAt,
          recalled_by: null,
          recalled_at: null,
        })
        .executeTakeFirstOrThrow()
      const id = Number(inserted.insertId)
      await trx
        .insertInto('parked_sale_lines')
        .values(
          lines.map((l, position) => ({
            parked_id: id,
            sku_id: l.skuId,
            count: l.count,
            label_fen: l.labelFen,
            label_grams: l.labelGrams,
            position,
          })),
        )
        .execute()
      await trx
        .deleteFrom('cart_lines')
        .where('till_id', '=', tillId)
        .where(
          'sku_id',
          'in',
          lines.map((l) => l.skuId),
        )
        .execute()
      return { ...by, id, tillId, lines }
    })
  }

  async waiting(now: number, limit: number): Promise<ParkedSale[]> {
    const rows = await this.store.db
      .selectFrom('parked_sales')
      .selectAll()
      .where('recalled_by', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    const lines = await linesOf(
      this.store.db,
      rows.map((r) => r.id),
    )
    return rows.map((row) => toSale(row, lines.get(row.id) ?? []))
  }

  async recall(tillId: string, id: number, now: number): Promise<ParkedSale> {
    return writeTransaction(this.store, async (trx) => {
      const row = await trx.selectFrom('parked_sales').selectAll().where('id', '=', id).executeTakeFirst()
      const lines = (await linesOf(trx, [id])).get(id) ?? []
      if (row?.recalled_by === tillId) return toSale(row, lines) // asked again: it is here already
      if (row?.recalled_by) throw new PosError('PARKED_SALE_TAKEN', undefined, { id, tillId: row.recalled_by })
      if (!row || row.expires_at <= now) throw new PosError('PARKED_SALE_NOT_FOUND', undefined, { id })
      if ((await cartLines(trx, tillId)).length > 0) throw new PosError('CART_NOT_EMPTY', undefined, { id })
      // Conditional, so that on MySQL a second till that read the row before the first committed
      // finds it taken once it gets the row's lock.
      const taken = await trx
        .updateTable('parked_sales')
        .set({ recalled_by: tillId, recalled_at: now })
        .where('id', '=', id)
        .where('recalled_by', 'is', null)
        .executeTakeFirst()
      if (Number(taken.numUpdatedRows) !== 1) {
        const holder = await trx
          .selectFrom('parked_sales')
          .select('recalled_by')
          .where('id', '=', id)
          .executeTakeFirst()
        throw new PosError('PARKED_SALE_TAKEN', undefined, { id, tillId: holder?.recalled_by ?? null })
      }
      await trx
        .insertInto('cart_lines')
        .values(
          lines.map((l, i) => ({
            till_id: tillId,
            sku_id: l.skuId,
            count: l.count,
            label_fen: l.labelFen,
            label_grams: l.labelGrams,
            updated_at: now,
            added_seq: i + 1,
          })),
        )
        .execute()
      return toSale(row, lines)
    })
  }

  /** Nothing is ever half done here: parking and recalling are one transaction each. */
  async finishPending(): Promise<void> {}
}

async function cartLines(trx: Trx, tillId: string): Promise<BasketLine[]> {
  const rows = await trx
    .selectFrom('cart_lines')
    .select(['sku_id', 'count', 'label_fen', 'label_grams'])
    .where('till_id', '=', tillId)
    .orderBy('added_seq')
    .orderBy('sku_id')
    .execute()
  return rows.map(basketLineOf)
}

function basketLineOf(row: { sku_id: number; count: number; label_fen: number; label_grams: number }): BasketLine {
  return {
    skuId: row.sku_id,
    count: Number(row.count),
    labelFen: Number(row.label_fen),
    labelGrams: Number(row.label_grams),
  }
}

async function linesOf(db: Store['db'] | Trx, ids: number[]): Promise<Map<number, BasketLine[]>> {
  const byId = new Map<number, BasketLine[]>()
  if (ids.length === 0) return byId
  const rows = await db
    .selectFrom('parked_sale_lines')
    .select(['parked_id', 'sku_id', 'count', 'label_fen', 'label_grams'])
    .where('parked_id', 'in', ids)
    .orderBy('position')
    .orderBy('sku_id')
    .execute()
  for (const row of rows) {
    const lines = byId.get(row.parked_id) ?? []
    lines.push(basketLineOf(row))
    byId.set(row.parked_id, lines)
  }
  return byId
}

/** Sales recalled or expired more than RECALLED_KEPT_MS ago go, with their lines. */
async function prune(trx: Trx, now: number): Promise<void> {
  const before = now - RECALLED_KEPT_MS
  const old = trx
    .selectFrom('parked_sales')
    .select('id')
    .where((eb) => eb.or([eb('recalled_at', '<', before), eb('expires_at', '<', before)]))
  await trx.deleteFrom('parked_sale_lines').where('parked_id', 'in', old).execute()
  await trx
    .deleteFrom('parked_sales')
    .where((eb) => eb.or([eb('recalled_at', '<', before), eb('expires_at', '<', before)]))
    .execute()
}

function toSale(row: SaleRow, lines: BasketLine[]): ParkedSale {
  return {
    id: row.id,
    label: row.label,
    memberId: row.member_id,
    staffId: row.staff_id,
    username: row.username,
    tillId: row.till_id,
    parkedAt: Number(row.parked_at),
    expiresAt: Number(row.expires_at),
    lines,
  }
}
