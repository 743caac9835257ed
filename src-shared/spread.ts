// Spreading a whole amount of fen over parts in proportion to their weights, in fen that add up
// exactly (largest remainder): an order discount or 抹零 over an order's lines, a refund over what
// it refunds. Every share is floor(amount × weight ÷ total); the fen left over go one each to the
// parts with the largest remainders, the earlier part first on a tie, so the same input always
// spreads the same way.

/**
 * `amountFen` over `weights` (whole, not negative). A part of weight 0 gets nothing; with every
 * weight 0 there is nothing to spread in proportion to, and the amount must be 0.
 */
export function spreadFen(amountFen: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0)
  if (amountFen === 0 || total === 0) {
    if (amountFen !== 0) throw new RangeError('cannot spread an amount over nothing')
    return weights.map(() => 0)
  }
  // BigInt: amount × weight may pass 2^53 (an order of ¥10^8 over lines of ¥10^8).
  const big = BigInt(amountFen)
  const bigTotal = BigInt(total)
  const shares = weights.map((w) => {
    const product = big * BigInt(w)
    return { share: Number(product / bigTotal), remainder: product % bigTotal }
  })
  let left = amountFen - shares.reduce((sum, s) => sum + s.share, 0)
  const byRemainder = shares
    .map((s, i) => ({ i, remainder: s.remainder }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1))
  const result = shares.map((s) => s.share)
  for (const { i } of byRemainder) {
    if (left === 0) break
    result[i] = (result[i] ?? 0) + 1
    left--
  }
  return result
}
