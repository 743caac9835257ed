// Order numbers: time first so they sort by time, then the till, then a 5-character tail so that
// tills never need to agree on anything. "20261126093015123" + "T1" + "k3x9q" ≤ 32 chars of
// [0-9A-Za-z]. The tail counts up from a random start: one process never repeats itself, and two
// processes of one till collide only if their counters meet in the same millisecond (the unique
// key then refuses the insert and placeOrder draws again).
import { randomInt } from 'node:crypto'

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'
const TAIL_SPACE = 36 ** 5
let tail = randomInt(TAIL_SPACE)

export function newOrderNo(tillId: string, now: number): string {
  const d = new Date(now)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  const time =
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(d.getUTCMilliseconds(), 3)}`
  tail = (tail + 1) % TAIL_SPACE
  let suffix = ''
  for (let n = tail, i = 0; i < 5; i++, n = Math.floor(n / 36)) suffix = alphabet[n % 36] + suffix
  return `${time}${tillId}${suffix}`
}
