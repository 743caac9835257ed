// A hash made with older, cheaper scrypt parameters is replaced at its owner's next successful
// login, the only time the password is at hand (docs/SECURITY.md).
import type { Core } from '../core/core'
import { hashPassword, needsRehash } from './password'
import { replacePasswordHash } from './staff.repository'

export async function rehashIfOld(core: Core, staffId: number, oldHash: string, password: string): Promise<void> {
  if (!needsRehash(oldHash)) return
  try {
    await replacePasswordHash(core.store.db, staffId, oldHash, await hashPassword(password))
  } catch (error) {
    // The login is good either way; the old hash still verifies and is replaced next time.
    core.log.warn({ err: error, staffId }, 'cannot rehash a staff password')
  }
}
