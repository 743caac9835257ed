// Where a till's cart lives: a Redis hash in shared mode, a table in embedded mode. The cart is
// not a reservation; stock is only taken when an order commits.
import { maxLineGrams, maxLinePieces } from '../../src-shared/weight'
import type { Trx } from '../db/transaction'

/** The most of a piece SKU on one cart line; a weight SKU's line holds up to maxLineGrams grams. */
export const MAX_LINE_COUNT = maxLinePieces
/** The most any line may hold whatever its SKU: what a store's own guard checks against. */
export const MAX_LINE_QUANTITY = Math.max(maxLinePieces, maxLineGrams)

/** Of a line's grams, those that came on scale labels and what the labels said they cost. */
export interface LabelPart {
  labelFen: number
  labelGrams: number
}

/** One cart line: pieces or grams, of which `labelGrams` at the labels' `labelFen`. */
export interface CartQuantity extends LabelPart {
  count: number
}

export interface PurchasedLine {
  skuId: number
  count: number
  /** Of `count`, what came on scale labels; absent or 0 for none. */
  labelFen?: number
  labelGrams?: number
}

export const noLabel: LabelPart = { labelFen: 0, labelGrams: 0 }

export interface CartStore {
  /** sku id → count, in scan order: the order the lines first came into the cart. */
  lines(tillId: string): Promise<Map<number, number>>
  /**
   * sku id → count with its scale-label part, read at once, in scan order: what the quote and the
   * order price. `asLeft`: as the store holds it, even with an earlier sale's lines still to be
   * taken out — for a caller whose write refuses to go ahead while there are (the cart with
   * removals, cart-removals.ts, otherwise finishes those first).
   */
  basket(tillId: string, asLeft?: boolean): Promise<Map<number, CartQuantity>>
  /** Adds to a line; returns the new count, or null when it would pass `max` (MAX_LINE_COUNT: pieces). */
  add(tillId: string, skuId: number, count: number, max?: number): Promise<number | null>
  /**
   * Adds a scale label to a line: its grams to the count and to the label part, its amount to the
   * label part, in one step; returns the new count, or null when it would pass `max`.
   */
  addLabel(tillId: string, skuId: number, grams: number, fen: number, max: number): Promise<number | null>
  /**
   * Sets a line's count as weighed or counted at the till; any label part goes. Returns the
   * basket as it is after the change (on Redis from the same script, without a read of its own).
   */
  set(tillId: string, skuId: number, count: number): Promise<Map<number, CartQuantity>>
  remove(tillId: string, skuId: number): Promise<void>
  clear(tillId: string): Promise<void>
  /**
   * Where the cart lives: `store`, in the order store's own tables (changed only inside the store's
   * transactions); `redis`, beside it.
   */
  readonly home: 'store' | 'redis'
  /**
   * Takes what order `orderId` bought out of the cart; lines added meanwhile stay. Runs while the
   * order's cart_removals row is deleted and held locked (cart-removals.ts), and at most once per
   * order however often it is called: the table cart through `trx`, the transaction deleting that
   * row; the Redis cart with a mark of the order in the cart's own hash, set by the same script
   * that takes the lines out (`trx` is null when the row is held by a batch transaction).
   */
  takeBought(trx: Trx | null, tillId: string, orderId: number, lines: readonly PurchasedLine[]): Promise<void>
  /**
   * The removal's row is gone: the mark of `orderId` is no longer needed (Redis). The Redis cart
   * deletes it with the till's next takeBought rather than in a round trip of its own: until then
   * it only takes a field of the hash, and nobody looks for it.
   */
  forgetBought(tillId: string, orderId: number): Promise<void>
  close(): Promise<void>
}
