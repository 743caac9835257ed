// Times on screen are the till's local time; the server speaks epoch milliseconds.
const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-11-26 14:05" */
export function formatDateTime(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** "14:05" — the offline banner's "as of". */
export function formatClock(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/**
 * An <input type="date"> value ("2026-11-26") as epoch ms at local midnight; `dayAfter` gives
 * the next midnight, so that a "to" date includes its whole day (the list's upper bound is exclusive).
 */
export function localMidnight(date: string, dayAfter = false): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return undefined
  const [, y, m, d] = match
  return new Date(Number(y), Number(m) - 1, Number(d) + (dayAfter ? 1 : 0)).getTime()
}
