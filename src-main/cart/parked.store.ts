// Where parked sales (挂单) live: beside the carts, in Redis in shared mode and in the store's
// tables in embedded mode (docs/PARKED.md). Both stores move a basket between a till's cart and a
// parked sale so that a till dying half-way neither loses it nor lands it twice.
import type { LabelPart, PurchasedLine } from './cart.store'

/** A line of a parked basket: a SKU and how many, with its scale-label part, as the cart had it. */
export type BasketLine = PurchasedLine & LabelPart

export interface ParkedSale {
  id: number
  /** As typed (text rule), or '' when the cashier gave none. */
  label: string
  /** The member the sale was for, if the cashier had found one. */
  memberId: number | null
  /** Who parked it, and at which till. */
  staffId: number
  username: string
  tillId: string
  parkedAt: number
  /** After this it can no longer be recalled (the shop's parkedSaleHours). */
  expiresAt: number
  lines: BasketLine[]
}

/** What the till knows of a sale it parks; the store adds the id, the till and the lines. */
export type ParkedBy = Omit<ParkedSale, 'id' | 'tillId' | 'lines'>

/** Kept after a recall (or expiry) so that a late second recall hears who took it. */
export const RECALLED_KEPT_MS = 7 * 24 * 60 * 60 * 1000

export interface ParkedSales {
  /** Moves `tillId`'s cart, whole, into a new parked sale; null when the cart has no lines. */
  park(tillId: string, by: ParkedBy): Promise<ParkedSale | null>
  /** The sales waiting to be recalled at `now`, newest first, at most `limit`. */
  waiting(now: number, limit: number): Promise<ParkedSale[]>
  /**
   * Moves parked sale `id` into `tillId`'s cart, which must have no lines (CART_NOT_EMPTY):
   * exactly one till gets it (PARKED_SALE_TAKEN for the others); an expired or unknown one is
   * PARKED_SALE_NOT_FOUND. Recalling again at the till that has it answers the same sale.
   */
  recall(tillId: string, id: number, now: number): Promise<ParkedSale>
  /** Finishes a park or a recall `tillId` left half done (a till that died; Redis only). */
  finishPending(tillId: string): Promise<void>
}
