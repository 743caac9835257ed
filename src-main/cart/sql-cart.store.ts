// The embedded-mode cart: a table in the same SQLite file as the orders.
import { PosError } from '../../src-shared/errors'
import { type Trx, writeTransaction } from '../db/transaction'
import type { Store } from '../db/store'
import { type CartStore, MAX_LINE_COUNT, type PurchasedLine } from './cart.store'

export class SqlCartStore implements CartStore {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async lines(tillId: string): Promise<Map<number, number>> {
    const rows = await this.store.db
      .selectFrom('cart_lines')
      .select(['sku_id', 'count'])
      .where('till_id', '=', tillId)
      .orderBy('added_seq')
      .orderBy('sku_id')
      .execute()
    return new Map(rows.map((r) => [r.sku_id, r.count]))
  }

  async add(tillId: string, skuId: number, count: number): Promise<number | null> {
    return writeTransaction(this.store, async (trx) => {
      const row = await lineCount(trx, tillId, skuId)
      const next = (row?.count ?? 0) + count
      if (next > MAX_LINE_COUNT) return null
      await this.write(trx, tillId, skuId, next, row !== undefined)
      return next
    })
  }

  async set(tillId: string, skuId: number, count: number): Promise<void> {
    if (count < 1) throw new PosError('INVALID_INPUT', undefined, { fields: { count: 'must be at least 1' } })
    await writeTransaction(this.store, async (trx) => {
      const row = await lineCount(trx, tillId, skuId)
      await this.write(trx, tillId, skuId, count, row !== undefined)
    })
  }

  async remove(tillId: string, skuId: number): Promise<void> {
    await this.store.db.deleteFrom('cart_lines').where('till_id', '=', tillId).where('sku_id', '=', skuId).execute()
  }

  async clear(tillId: string): Promise<void> {
    await this.store.db.deleteFrom('cart_lines').where('till_id', '=', tillId).execute()
  }

  /** In the removal's transaction, which deleted the order's row: once, since the row is gone. */
  async takeBought(trx: Trx, tillId: string, _orderId: number, lines: readonly PurchasedLine[]): Promise<void> {
    for (const line of lines) {
      // The delete first: after the update a line left with no more than it sold would match it.
      await trx
        .deleteFrom('cart_lines')
        .where('till_id', '=', tillId)
        .where('sku_id', '=', line.skuId)
        .where('count', '<=', line.count)
        .execute()
      await trx
        .updateTable('cart_lines')
        .set((eb) => ({ count: eb('count', '-', line.count), updated_at: this.now() }))
        .where('till_id', '=', tillId)
        .where('sku_id', '=', line.skuId)
        .where('count', '>', line.count)
        .execute()
    }
  }

  async forgetBought(): Promise<void> {}

  async close(): Promise<void> {}

  private async write(trx: Trx, tillId: string, skuId: number, count: number, exists: boolean) {
    if (exists) {
      await trx
        .updateTable('cart_lines')
        .set({ count, updated_at: this.now() })
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
        .values({
          till_id: tillId,
          sku_id: skuId,
          count,
          updated_at: this.now(),
          added_seq: Number(last?.seq ?? 0) + 1,
        })
        .execute()
    }
  }
}

/** The cart line of one SKU, read inside the transaction that will change it. */
function lineCount(trx: Trx, tillId: string, skuId: number) {
  return trx
    .selectFrom('cart_lines')
    .select('count')
    .where('till_id', '=', tillId)
    .where('sku_id', '=', skuId)
    .executeTakeFirst()
}
