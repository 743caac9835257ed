import { describe, expect, it } from 'vitest'
import { spreadFen } from '../../src-shared/spread'

describe('spreadFen (largest remainder)', () => {
  it('gives each part its floor and the fen left to the largest remainders, the earlier first on a tie', () => {
    expect(spreadFen(100, [945, 2500, 367])).toEqual([25, 65, 10])
    expect(spreadFen(2, [1, 1, 1])).toEqual([1, 1, 0])
    expect(spreadFen(10, [3, 3, 3])).toEqual([4, 3, 3])
  })

  it('always adds up to the amount, and never gives a part more than its share rounded up', () => {
    for (let seed = 1; seed < 200; seed++) {
      const weights = Array.from({ length: 1 + (seed % 7) }, (_, i) => ((seed * 7919 + i * 104729) % 5000) + (i % 3))
      const total = weights.reduce((a, b) => a + b, 0)
      const amount = seed % total
      const shares = spreadFen(amount, weights)
      expect(shares.reduce((a, b) => a + b, 0)).toBe(amount)
      shares.forEach((share, i) => expect(share).toBeLessThanOrEqual(Math.ceil((amount * (weights[i] ?? 0)) / total)))
    }
  })

  it('leaves parts of weight 0 out and is exact for amounts whose products pass 2^53', () => {
    expect(spreadFen(5, [0, 10, 0])).toEqual([0, 5, 0])
    expect(spreadFen(10_000_000_000, [10_000_000_000, 10_000_000_000])).toEqual([5_000_000_000, 5_000_000_000])
    expect(spreadFen(0, [0, 0])).toEqual([0, 0])
    expect(() => spreadFen(1, [0, 0])).toThrow(RangeError)
  })
})
