// Keyset pagination cursors: opaque to the client, checked on the way back in.
import { PosError } from '../../src-shared/errors'

export interface TimeCursor {
  createdAt: number
  id: number
}

export function encodeCursor(parts: number[]): string {
  return Buffer.from(parts.join(':')).toString('base64url')
}

export function decodeCursor(cursor: string | undefined, size: number): number[] | null {
  if (!cursor) return null
  const parts = Buffer.from(cursor, 'base64url').toString().split(':').map(Number)
  if (parts.length !== size || !parts.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new PosError('INVALID_INPUT', undefined, { fields: { cursor: 'not a cursor from this list' } })
  }
  return parts
}
