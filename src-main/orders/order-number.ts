// Order numbers: time first so they sort by time, then the till, then randomness so that tills
// never need to agree on anything. "20261126093015123" + "T1" + "k3x9q" ≤ 32 chars of [0-9A-Za-z].
import { randomInt } from 'node:crypto'

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'

export function newOrderNo(tillId: string, now: number): string {
  const d = new Date(now)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  const time =
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(d.getUTCMilliseconds(), 3)}`
  let random = ''
  for (let i = 0; i < 5; i++) random += alphabet[randomInt(alphabet.length)]
  return `${time}${tillId}${random}`
}
