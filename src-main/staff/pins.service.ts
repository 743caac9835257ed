// Numeric PINs for cashiers at their own till (docs/SECURITY.md). A PIN is hashed with the same
// scrypt as a password and checked under the same throttle, on the same user name and till
// counts; it logs in only at the tills the admin gave it, and never an admin. Setting, changing
// or taking one away ends the cashier's sessions on every till, as a password reset does.
import type { SessionView, StaffView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Actor, Core } from '../core/core'
import { writeTransaction } from '../db/transaction'
import { throttledLogin } from './login-throttle'
import { decoyHash, hashPassword, verifyPassword } from './password'
import { pinHashAt, removePin, replacePin } from './pins.repository'
import type { SessionStore } from './sessions'
import { findStaffById, findStaffByUsername, loginStateOfStaff } from './staff.repository'
import { actorView, canonicalUsername, noSuchStaff, requireAdmin, staffViewIn } from './staff.service'

/**
 * A cashier's login with their PIN at this till. Every refusal is LOGIN_FAILED, as for a wrong
 * password: an unknown name, no PIN for this till, an admin, a deactivated account — each costs
 * a hash all the same, so neither the answer nor its time tells them apart.
 */
export async function loginWithPin(
  core: Core,
  sessions: SessionStore,
  username: string,
  pin: string,
): Promise<SessionView> {
  const name = canonicalUsername(username)
  const tillId = core.config.tillId
  return throttledLogin(core, name, 'pin', async (beforeHash) => {
    const user = await findStaffByUsername(core.store.db, name)
    const stored = user && (await pinHashAt(core.store.db, user.id, tillId))
    const matches = await verifyPassword(pin, stored ?? decoyHash, beforeHash)
    if (!user || !stored || !matches || user.active !== 1 || user.role !== 'cashier') throw new PosError('LOGIN_FAILED')
    // Read again after the slow hash, as a password login does: a PIN changed or taken away, the
    // account deactivated or made admin meanwhile has already ended its sessions.
    const current = await loginStateOfStaff(core.store.db, user.id)
    if (
      current?.active !== 1 ||
      current.role !== 'cashier' ||
      (await pinHashAt(core.store.db, user.id, tillId)) !== stored
    )
      throw new PosError('LOGIN_FAILED')
    const actor: Actor = { staffId: user.id, username: user.username, role: 'cashier', tillId }
    return { token: await sessions.open(core, actor), ...actorView(actor) }
  })
}

/** Gives a cashier a PIN for these tills, replacing any earlier one. */
export async function setStaffPin(
  core: Core,
  sessions: SessionStore,
  actor: Actor,
  input: { staffId: number; pin: string; tills: readonly string[] },
): Promise<StaffView> {
  requireAdmin(actor)
  if (tooEasy(input.pin)) throw new PosError('PIN_TOO_SIMPLE', undefined, { fields: { pin: 'too easy to guess' } })
  // Refused before the slow hash, and again in the transaction, where it counts.
  await refuseIfNotCashier(core, input.staffId)
  const hash = await hashPassword(input.pin)
  return writeTransaction(core.store, async (trx) => {
    await refuseIfNotCashier(core, input.staffId, trx)
    await replacePin(trx, { staffId: input.staffId, hash, tills: input.tills, at: core.now() })
    await sessions.endAllOf(trx, input.staffId)
    return staffViewIn(trx, input.staffId)
  })
}

/** Takes a staff member's PIN away; their sessions end on every till. No PIN: nothing changes. */
export async function clearStaffPin(
  core: Core,
  sessions: SessionStore,
  actor: Actor,
  staffId: number,
): Promise<StaffView> {
  requireAdmin(actor)
  return writeTransaction(core.store, async (trx) => {
    await removePin(trx, staffId)
    await sessions.endAllOf(trx, staffId)
    return staffViewIn(trx, staffId)
  })
}

async function refuseIfNotCashier(core: Core, staffId: number, db = core.store.db): Promise<void> {
  const staff = await findStaffById(db, staffId)
  if (!staff) throw noSuchStaff(staffId)
  if (staff.role !== 'cashier') throw new PosError('PIN_NOT_FOR_ADMIN', undefined, { staffId })
}

/**
 * The PINs tried first: one digit over and over (0000), or digits in a row up or down, round
 * past 9 (1234, 8765, 7890).
 */
export function tooEasy(pin: string): boolean {
  const digits = [...pin].map(Number)
  const steps = new Set(digits.slice(1).map((d, i) => (d - (digits[i] ?? 0) + 10) % 10))
  return steps.size === 1 && [0, 1, 9].some((step) => steps.has(step))
}
