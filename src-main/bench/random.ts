// Seeded randomness, so that every strategy in a run — and the next run — races through the very
// same orders, and a difference in the figures is the strategy's, not the dice's.

/** mulberry32: small, fast and good enough to pick goods; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A whole number from 0 to n − 1. */
export const pick = (random: () => number, n: number) => Math.floor(random() * n)

/**
 * Zipf-like popularity over n goods: the k-th most popular sells in proportion to 1 / k^s. With
 * s = 1 over 1,000 SKUs the best seller is in ~13% of the lines and the top 10 in ~39%, roughly
 * a fresh-food shop's eggs, milk and bananas against the long tail.
 */
export function zipf(random: () => number, n: number, s = 1): () => number {
  const cumulative: number[] = []
  let total = 0
  for (let k = 1; k <= n; k++) {
    total += 1 / k ** s
    cumulative.push(total)
  }
  return () => {
    const u = random() * total
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] as number) < u) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** Fisher–Yates with the seeded generator. */
export function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = pick(random, i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}
