// The bought lines leave the till's cart exactly once, even when the till dies between the
// order's commit and the removal (docs/ORDERS.md, "The cart after the sale"). The order's own
// transaction writes a cart_removals row; the removal deletes that row in a transaction of its
// own, holding it locked while it takes the lines out. Whoever finds a row does the removal:
// the till right after the commit, and — if it never got there — the next read of that till's
// cart, or the till's next start.
import { sql } from 'kysely'
import type { Logger } from 'pino'
import type { OrderLineRow } from '../db/schema'
import type { Store } from '../db/store'
import type { BatchRunner, FollowingTransaction } from '../db/batch'
import { precompiled, precompiledConstant, precompiledFor } from '../db/precompiled'
import { retryingTransaction, type Trx, writeTransaction } from '../db/transaction'
import { findLinesOfOrders } from '../orders/orders.repository'
import type { CartStore, PurchasedLine } from './cart.store'

/** In the order's transaction: its lines are still to leave its till's cart. */
export async function recordCartRemoval(trx: Trx, orderId: number, tillId: string, now: number): Promise<void> {
  await trx.insertInto('cart_removals').values({ order_id: orderId, till_id: tillId, created_at: now }).execute()
}

/**
 * Takes order `orderId`'s lines out of `tillId`'s cart if that is still to be done. Deleting the
 * row comes first and says whether it was still there; from then to the commit the row is locked
 * (MySQL) or the store's write lock held (SQLite), so two tills' processes — the one that placed
 * the order and a cart read — never both take the lines. `lines`: the order's lines when the
 * caller has them, else they are read.
 */
export async function takeOutOfCart(
  store: Store,
  cart: CartStore,
  tillId: string,
  orderId: number,
  lines?: readonly PurchasedLine[],
): Promise<void> {
  const taken =
    store.batch && cart.home === 'redis'
      ? await takeOutInBatch(store, store.batch, cart, tillId, orderId, lines)
      : await writeTransaction(store, async (trx) => {
          const deleted = await trx.deleteFrom('cart_removals').where('order_id', '=', orderId).executeTakeFirst()
          if (Number(deleted.numDeletedRows) === 0) return false
          const bought = lines ?? (await findLinesOfOrders(trx, [orderId])).map(boughtLineOf)
          // If the transaction fails after this (the till dies, the store goes away), the row is back,
          // the Redis cart keeps the order's mark and the next try leaves the lines as they are.
          await cart.takeBought(trx, tillId, orderId, bought)
          return true
        })
  removalCommitted(cart, tillId, orderId, taken)
}

/** A removal's transaction committed: the order's Redis mark may go, if the lines were taken. */
export function removalCommitted(cart: CartStore, tillId: string, orderId: number, taken: boolean): void {
  // Not waited for: once the row is gone nothing looks for the mark, and one left behind is harmless.
  if (taken) void cart.forgetBought(tillId, orderId).catch(() => undefined)
}

/**
 * The removal of the order the one-round-trip batch is writing (MySQL with the Redis cart), as the
 * transaction that follows the batch's COMMIT in the same round trip (db/batch.ts
 * runTransactionThen): it opens with the DELETE of the row the batch wrote (@order_id), the
 * Redis script runs while the row is held, and COMMIT is one more trip — the sale's removal in two
 * round trips of the store. Answers whether it took the lines; then removalCommitted.
 */
export function removalFollowingOrder(
  cart: CartStore,
  tillId: string,
  lines: readonly PurchasedLine[],
): FollowingTransaction<{ orderId: number; taken: boolean }> {
  return {
    opening: [deleteBatchOrderRemoval(), batchOrderId()],
    work: async ([deleted, idRows]) => {
      const orderId = Number((idRows as { order_id: number }[])[0]?.order_id)
      return { orderId, taken: await takeIfRowDeleted(deleted, () => cart.takeBought(null, tillId, orderId, lines)) }
    },
  }
}

/**
 * The same removal for a Redis cart on MySQL in three round trips: the transaction opens with the
 * row's DELETE, the Redis script runs while the row is held, then COMMIT.
 */
function takeOutInBatch(
  store: Store,
  batch: BatchRunner,
  cart: CartStore,
  tillId: string,
  orderId: number,
  lines: readonly PurchasedLine[] | undefined,
): Promise<boolean> {
  return retryingTransaction(() =>
    batch.inTransaction([deleteRemoval({ orderId })], ([deleted]) =>
      takeIfRowDeleted(deleted, async () => {
        const bought = lines ?? (await findLinesOfOrders(store.db, [orderId])).map(boughtLineOf)
        await cart.takeBought(null, tillId, orderId, bought)
      }),
    ),
  )
}

/** The removal's DELETE (a batch result) found the row: the lines are still to be taken, and `take` takes them. */
async function takeIfRowDeleted(deleted: unknown, take: () => Promise<void>): Promise<boolean> {
  if ((deleted as { affectedRows: number }).affectedRows === 0) return false
  await take()
  return true
}

const removalsOf = precompiledFor<{ tillId: string }, { order_id: number }>(['tillId'], ({ tillId }, db) =>
  db.selectFrom('cart_removals').select('order_id').where('till_id', '=', tillId).orderBy('order_id'),
)

const deleteBatchOrderRemoval = precompiledConstant((db) =>
  db.deleteFrom('cart_removals').where('order_id', '=', sql<number>`@order_id`),
)
const batchOrderId = precompiledConstant(() => sql<{ order_id: number }>`SELECT @order_id AS order_id`)

const deleteRemoval = precompiled<{ orderId: number }>(['orderId'], ({ orderId }, db) =>
  db.deleteFrom('cart_removals').where('order_id', '=', orderId),
)

/** An order line as what it took from the cart: its count and its scale-label part. */
function boughtLineOf(line: OrderLineRow): PurchasedLine {
  return { skuId: line.sku_id, count: line.count, labelGrams: line.label_grams, labelFen: line.label_fen }
}

/** Finishes every removal still to be done in `tillId`'s cart, oldest order first; how many there were. */
export async function finishCartRemovals(store: Store, cart: CartStore, tillId: string): Promise<number> {
  // Before every cart read: compiled once (db/precompiled.ts).
  const { rows: pending } = await store.db.executeQuery(removalsOf(store.db, { tillId }))
  for (const { order_id } of pending) await takeOutOfCart(store, cart, tillId, order_id)
  return pending.length
}

/** At the till's start: what a till that died after a sale left in its cart. Never stops the start. */
export async function finishCartRemovalsAtStart(store: Store, cart: CartStore, tillId: string, log: Logger) {
  try {
    const finished = await finishCartRemovals(store, cart, tillId)
    if (finished > 0) log.info({ tillId, finished }, 'took the lines of earlier sales out of the cart')
  } catch (error) {
    log.warn({ err: error, tillId }, 'could not finish the cart removals at start; the next cart read does')
  }
}

/**
 * The cart every service uses: reading a till's cart, setting a line's count, or clearing it,
 * first finishes that till's removals — so a customer never sees the last customer's bought
 * lines, a count just set is not cut by them, and a clear cannot wipe the mark of a half-done
 * removal.
 */
export class CartWithRemovals implements CartStore {
  constructor(
    private readonly cart: CartStore,
    private readonly store: Store,
  ) {}

  async lines(tillId: string) {
    await finishCartRemovals(this.store, this.cart, tillId)
    return this.cart.lines(tillId)
  }
  async clear(tillId: string) {
    await finishCartRemovals(this.store, this.cart, tillId)
    return this.cart.clear(tillId)
  }
  async basket(tillId: string, asLeft = false) {
    if (!asLeft) await finishCartRemovals(this.store, this.cart, tillId)
    return this.cart.basket(tillId)
  }
  add(tillId: string, skuId: number, count: number, max?: number) {
    return this.cart.add(tillId, skuId, count, max)
  }
  addLabel(tillId: string, skuId: number, grams: number, fen: number, max: number) {
    return this.cart.addLabel(tillId, skuId, grams, fen, max)
  }
  async set(tillId: string, skuId: number, count: number) {
    // First, so that an unfinished removal does not take its lines off the count just set.
    await finishCartRemovals(this.store, this.cart, tillId)
    return this.cart.set(tillId, skuId, count)
  }
  remove(tillId: string, skuId: number) {
    return this.cart.remove(tillId, skuId)
  }
  get home() {
    return this.cart.home
  }
  takeBought(trx: Trx | null, tillId: string, orderId: number, lines: readonly PurchasedLine[]) {
    return this.cart.takeBought(trx, tillId, orderId, lines)
  }
  forgetBought(tillId: string, orderId: number) {
    return this.cart.forgetBought(tillId, orderId)
  }
  close() {
    return this.cart.close()
  }
}
