// How Alipay writes times, amounts and time limits on the wire.
import { type Fen, parseYuanAmount } from '../../../src-shared/money'
import { chinaTime } from '../china-time'

export { chinaTime }
const chinaOffsetMs = 8 * 3600_000

/** The request's `timestamp`: the same shape, China time (the client sets it; see china-time.ts). */
export const timestampPattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

/** Alipay's amount limits for one trade: 0.01 to 100000000 yuan. */
export const minTradeFen = 1
export const maxTradeFen = 100_000_000 * 100

/** A yuan amount as Alipay accepts it ("12.30", "12.3", "12"; a JSON number is read as its text), or null. */
export function parseYuan(value: unknown): Fen | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null
  const text = String(value)
  // Alipay takes the amount as written: no spaces around it.
  return text === text.trim() ? parseYuanAmount(text) : null
}

/**
 * `timeout_express` / `qr_code_timeout_express`: `90m`, `2h`, `1d`, or `1c` (until the end of
 * today, China time). Alipay allows 1m to 15d; null means not a valid limit.
 */
export function parseTimeoutExpress(value: unknown, nowMs: number): number | null {
  if (typeof value !== 'string') return null
  const match = /^(\d{1,5})([mhdc])$/.exec(value)
  if (!match) return null
  const n = Number(match[1])
  const unit = match[2]
  if (unit === 'c') {
    if (n !== 1) return null
    const dayMs = 24 * 3600_000
    const chinaNow = nowMs + chinaOffsetMs
    return chinaNow - (chinaNow % dayMs) + dayMs - chinaOffsetMs - nowMs
  }
  const ms = n * (unit === 'm' ? 60_000 : unit === 'h' ? 3600_000 : 24 * 3600_000)
  return ms >= 60_000 && ms <= 15 * 24 * 3600_000 ? ms : null
}
