// Alipay's clock is China time (UTC+8, no daylight saving) and its wire times carry no zone
// marker, so every time we write for it is formatted with that fixed offset, never the host's zone.
const chinaOffsetMs = 8 * 3600_000

/**
 * `YYYY-MM-DD HH:mm:ss` in China time with no zone marker, whatever the host's zone (the request
 * `timestamp`, all `gmt_*`, `notify_time`); with milliseconds (`.SSS`) where Alipay writes them.
 */
export function chinaTime(epochMs: number, withMillis = false): string {
  return new Date(epochMs + chinaOffsetMs)
    .toISOString()
    .slice(0, withMillis ? 23 : 19)
    .replace('T', ' ')
}

/** The epoch milliseconds of a `YYYY-MM-DD HH:mm:ss` China time; NaN when it is not one. */
export function parseChinaTime(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text)
  if (!match) return Number.NaN
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = match.slice(1).map(Number)
  return Date.UTC(y, mo - 1, d, h, mi, s) - chinaOffsetMs
}

/**
 * The shop day of an instant as yyyymmdd, in China time: the day the shop's tickets are counted
 * in (ticket-numbers.ts), wherever the till's clock is set.
 */
export function chinaDay(epochMs: number): number {
  // Every sale draws its ticket on it: figures, not the formatted text.
  const china = new Date(epochMs + chinaOffsetMs)
  return china.getUTCFullYear() * 10_000 + (china.getUTCMonth() + 1) * 100 + china.getUTCDate()
}

/** The instant the shop day of `epochMs` began: midnight in China time. */
export function chinaDayStart(epochMs: number): number {
  const day = 24 * 3600_000
  return Math.floor((epochMs + chinaOffsetMs) / day) * day - chinaOffsetMs
}
