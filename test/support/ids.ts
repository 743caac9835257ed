// The one maker of test ids: idempotency keys, usernames, barcodes, database names, key prefixes.
// Tests run in several processes and worker threads at once, each with counters of its own, so a
// clock or a counter cannot keep their ids apart; a random UUID (122 random bits) can.
import { randomUUID } from 'node:crypto'

/**
 * A fresh id: `prefix` then lowercase hex digits, `length` characters in all (at most the prefix
 * plus 32); refuses a length that would leave fewer than 16 random digits.
 */
export function testId(prefix = '', length = prefix.length + 32): string {
  const id = `${prefix}${randomUUID().replace(/-/g, '')}`.slice(0, length)
  if (id.length - prefix.length < 16) throw new Error(`test id ${id} has too few random digits to stay unique`)
  return id
}

/** A fresh barcode of digits only, as a scanner types it: 69 and 11 digits of a random UUID. */
export const testBarcode = (): string => `69${BigInt(`0x${testId()}`).toString().slice(-11)}`
