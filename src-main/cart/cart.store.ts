// Where a till's cart lives: a Redis hash in shared mode, a table in embedded mode. The cart is
// not a reservation; stock is only taken when an order commits.

export const MAX_LINE_COUNT = 999

export interface PurchasedLine {
  skuId: number
  count: number
}

export interface CartStore {
  /** sku id → count */
  lines(tillId: string): Promise<Map<number, number>>
  /** Adds to a line; returns the new count, or null when it would pass MAX_LINE_COUNT. */
  add(tillId: string, skuId: number, count: number): Promise<number | null>
  set(tillId: string, skuId: number, count: number): Promise<void>
  remove(tillId: string, skuId: number): Promise<void>
  clear(tillId: string): Promise<void>
  /** Takes what an order bought out of the cart; lines added meanwhile stay. */
  removePurchased(tillId: string, lines: readonly PurchasedLine[]): Promise<void>
  close(): Promise<void>
}
