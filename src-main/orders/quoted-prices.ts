// The SKU rows each till's last quote was built from. When the submit that follows sends that
// quote's fingerprint, the one-round-trip order write can use these rows instead of reading the
// SKUs again: it re-checks price and on-sale inside its own stock statement, at commit time, so a
// row that went stale in between refuses the order (CART_CHANGED) rather than charging it.
import type { SkuRow } from '../db/schema'

const KEEP_MS = 5 * 60 * 1000

interface Quoted {
  skus: readonly SkuRow[]
  at: number
}

export class QuotedPrices {
  private readonly byTill = new Map<string, Quoted>()

  remember(tillId: string, skus: readonly SkuRow[], now: number): void {
    this.byTill.set(tillId, { skus, at: now })
  }

  /** The rows of the till's last quote if it covered exactly these SKUs and is recent. */
  recall(tillId: string, skuIds: readonly number[], now: number): readonly SkuRow[] | null {
    const quoted = this.byTill.get(tillId)
    if (!quoted || now - quoted.at > KEEP_MS) return null
    const ids = quoted.skus.map((s) => s.id)
    return ids.length === skuIds.length && skuIds.every((id, i) => ids[i] === id) ? quoted.skus : null
  }
}
