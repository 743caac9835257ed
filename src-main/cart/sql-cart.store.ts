// The embedded-mode cart: a table in the same SQLite file as the orders.
import { sql } from 'kysely'
import { PosError } from '../../src-shared/errors'
import { type Trx, writeTransaction } from '../db/transaction'
import type { Store } from '../db/store'
import { type CartQuantity, type CartStore, MAX_LINE_COUNT, type PurchasedLine } from './cart.store'

export class SqlCartStore implements CartStore {
  readonly home = 'store'

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async lines(tillId: string): Promise<Map<number, number>> {
    return new Map([...(await this.basket(tillId))].map(([sku, line]) => [sku, line.count]))
  }

  async basket(tillId: string): Promise<Map<number, CartQuantity>> {
    const rows = await this.store.db
      .selectFrom('cart_lines')
      .select(['sku_id', 'count', 'label_fen', 'label_grams'])
      .where('till_id', '=', tillId)
      .orderBy('added_seq')
      .orderBy('sku_id')
      .execute()
    return new Map(
      rows.map((r) => [
        r.sku_id,
        { count: Number(r.count), labelFen: Number(r.label_fen), labelGrams: Number(r.label_grams) },
      ]),
    )
  }

  async add(tillId: string, skuId: number, count: number, max = MAX_LINE_COUNT): Promise<number | null> {
    return this.addParts(tillId, skuId, count, max, 0)
  }

  async addLabel(tillId: string, skuId: number, grams: number, fen: number, max: number): Promise<number | null> {
    return this.addParts(tillId, skuId, grams, max, fen)
  }

  async set(tillId: string, skuId: number, count: number): Promise<Map<number, CartQuantity>> {
    if (count < 1) throw new PosError('INVALID_INPUT', undefined, { fields: { count: 'must be at least 1' } })
    await writeTransaction(this.store, async (trx) => {
      const row = await lineCount(trx, tillId, skuId)
      await this.write(trx, tillId, skuId, { count, labelFen: 0, labelGrams: 0 }, row !== undefined)
    })
    return this.basket(tillId)
  }

  /** Adds `count` to a line; with `labelFen`, as a scale label of that amount and those grams. */
  private async addParts(tillId: string, skuId: number, count: number, max: number, labelFen: number) {
    const labelled = labelFen > 0
    return writeTransaction(this.store, async (trx) => {
      const row = await lineCount(trx, tillId, skuId)
      const next = Number(row?.count ?? 0) + count
      if (next > max) return null
      const label = {
        labelFen: Number(row?.label_fen ?? 0) + labelFen,
        labelGrams: Number(row?.label_grams ?? 0) + (labelled ? count : 0),
      }
      await this.write(trx, tillId, skuId, { count: next, ...label }, row !== undefined)
      return next
    })
  }

  async remove(tillId: string, skuId: number): Promise<void> {
    await this.store.db.deleteFrom('cart_lines').where('till_id', '=', tillId).where('sku_id', '=', skuId).execute()
  }

  async clear(tillId: string): Promise<void> {
    await this.store.db.deleteFrom('cart_lines').where('till_id', '=', tillId).execute()
  }

  /** In the removal's transaction, which deleted the order's row: once, since the row is gone. */
  async takeBought(trx: Trx | null, tillId: string, _orderId: number, lines: readonly PurchasedLine[]): Promise<void> {
    if (!trx) throw new Error('the table cart takes bought lines only inside the store transaction holding the removal')
    for (const line of lines) {
      // The delete first: after the update a line left with no more than it sold would match it.
      await trx
        .deleteFrom('cart_lines')
        .where('till_id', '=', tillId)
        .where('sku_id', '=', line.skuId)
        .where('count', '<=', line.count)
        .execute()
      const [labelFen, labelGrams] = [line.labelFen ?? 0, line.labelGrams ?? 0]
      await trx
        .updateTable('cart_lines')
        .set((eb) => ({
          count: eb('count', '-', line.count),
          // What stays of the label part: what was added meanwhile, never more grams than the line.
          label_fen: sql`case when label_fen > ${labelFen} then label_fen - ${labelFen} else 0 end`,
          // (No scalar min() in both dialects: MySQL has LEAST, SQLite min.)
          label_grams: sql`case when label_grams <= ${labelGrams} then 0
            when label_grams - ${labelGrams} < count - ${line.count} then label_grams - ${labelGrams}
            else count - ${line.count} end`,
          updated_at: this.now(),
        }))
        .where('till_id', '=', tillId)
        .where('sku_id', '=', line.skuId)
        .where('count', '>', line.count)
        .execute()
    }
  }

  async forgetBought(): Promise<void> {}

  async close(): Promise<void> {}

  private async write(trx: Trx, tillId: string, skuId: number, line: CartQuantity, exists: boolean) {
    const values = { count: line.count, label_fen: line.labelFen, label_grams: line.labelGrams, updated_at: this.now() }
    if (exists) {
      await trx
        .updateTable('cart_lines')
        .set(values)
        .where('till_id', '=', tillId)
        .where('sku_id', '=', skuId)
        .execute()
    } else {
      // Last in scan order: inside the write transaction, so two adds cannot draw one number.
      const last = await trx
        .selectFrom('cart_lines')
        .select((eb) => eb.fn.max('added_seq').as('seq'))
        .where('till_id', '=', tillId)
        .executeTakeFirst()
      await trx
        .insertInto('cart_lines')
        .values({ till_id: tillId, sku_id: skuId, ...values, added_seq: Number(last?.seq ?? 0) + 1 })
        .execute()
    }
  }
}

/** The cart line of one SKU, read inside the transaction that will change it. */
function lineCount(trx: Trx, tillId: string, skuId: number) {
  return trx
    .selectFrom('cart_lines')
    .select(['count', 'label_fen', 'label_grams'])
    .where('till_id', '=', tillId)
    .where('sku_id', '=', skuId)
    .executeTakeFirst()
}
