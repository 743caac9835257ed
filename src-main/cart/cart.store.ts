// Where a till's cart lives: a Redis hash in shared mode, a table in embedded mode. The cart is
// not a reservation; stock is only taken when an order commits.
import type { Trx } from '../db/transaction'

export const MAX_LINE_COUNT = 999

export interface PurchasedLine {
  skuId: number
  count: number
}

export interface CartStore {
  /** sku id → count, in scan order: the order the lines first came into the cart. */
  lines(tillId: string): Promise<Map<number, number>>
  /** Adds to a line; returns the new count, or null when it would pass MAX_LINE_COUNT. */
  add(tillId: string, skuId: number, count: number): Promise<number | null>
  set(tillId: string, skuId: number, count: number): Promise<void>
  remove(tillId: string, skuId: number): Promise<void>
  clear(tillId: string): Promise<void>
  /**
   * Takes what order `orderId` bought out of the cart; lines added meanwhile stay. Runs inside
   * the transaction that deletes the order's cart_removals row (cart-removals.ts), and at most
   * once per order however often it is called: the table cart, in the same store, through that
   * transaction; the Redis cart with a mark of the order in the cart's own hash, set by the same
   * script that takes the lines out.
   */
  takeBought(trx: Trx, tillId: string, orderId: number, lines: readonly PurchasedLine[]): Promise<void>
  /** The removal's row is gone: the mark of `orderId` is no longer needed (Redis). */
  forgetBought(tillId: string, orderId: number): Promise<void>
  close(): Promise<void>
}
