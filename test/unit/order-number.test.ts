import { describe, expect, it } from 'vitest'
import { newOrderNo } from '../../src-main/orders/order-number'

const shape = /^[0-9A-Za-z_]{1,32}$/

describe('order numbers', () => {
  it('are at most 32 characters of [0-9A-Za-z_], even with the longest till id', () => {
    const now = Date.UTC(2026, 10, 26, 9, 30, 15, 123)
    for (const till of ['T1', 'A', 'ABCDEFGHIJ', 'till99']) {
      const no = newOrderNo(till, now)
      expect(no).toMatch(shape)
      expect(no.length).toBeLessThanOrEqual(32)
    }
    expect(newOrderNo('ABCDEFGHIJ', Date.UTC(9999, 11, 31, 23, 59, 59, 999)).length).toBeLessThanOrEqual(32)
  })

  it('start with the UTC time to the millisecond, whatever the local time zone', () => {
    expect(newOrderNo('T1', Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toMatch(/^20260102030405006T1[0-9a-z]{5}$/)
  })

  it('sort by the time they were made, across seconds, days, years and tills', () => {
    const base = Date.UTC(2025, 11, 31, 23, 59, 59, 998)
    const steps = [0, 1, 2, 9, 10, 999, 1000, 59_999, 3_600_000, 86_400_000, 400 * 86_400_000]
    const made = steps.flatMap((step, i) => [
      { at: base + step, no: newOrderNo(i % 2 === 0 ? 'T1' : 'T10', base + step) },
      { at: base + step + 1, no: newOrderNo(i % 2 === 0 ? 'T2' : 'Z', base + step + 1) },
    ])
    const byText = [...made].sort((a, b) => (a.no < b.no ? -1 : a.no > b.no ? 1 : 0))
    expect(byText.map((m) => m.at)).toEqual([...made].map((m) => m.at).sort((a, b) => a - b))
  })

  it('never repeat over many calls on two tills made at the same moments', () => {
    let now = Date.UTC(2026, 4, 1, 8, 0, 0, 0)
    const all: string[] = []
    for (let step = 0; step < 2000; step++) {
      now += 1 + (step % 3) // several orders per till within each millisecond
      for (const till of ['T1', 'T2']) {
        for (let i = 0; i < 3; i++) all.push(newOrderNo(till, now))
      }
    }
    expect(all.filter((no) => !shape.test(no))).toEqual([])
    const seen = new Set<string>()
    const repeated = all.filter((no) => seen.has(no) || (seen.add(no), false))
    expect(repeated).toEqual([])
    expect(new Set(all).size).toBe(12_000)
  })

  it('two tills at the very same millisecond get different numbers without agreeing on anything', () => {
    const now = Date.now()
    const one = new Set(Array.from({ length: 50 }, () => newOrderNo('T1', now)))
    const two = new Set(Array.from({ length: 50 }, () => newOrderNo('T2', now)))
    expect(one.size).toBe(50)
    expect(two.size).toBe(50)
    for (const no of one) expect(two.has(no)).toBe(false)
  })
})
