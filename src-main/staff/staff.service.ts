import type { Kysely } from 'kysely'
import type { SessionView, StaffSession, StaffView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Role } from '../../src-shared/order-status'
import type { Actor, Core } from '../core/core'
import { dbErrorKind } from '../db/errors'
import type { Database } from '../db/schema'
import { throttledLogin } from './login-throttle'
import { decoyHash, hashPassword, verifyPassword } from './password'
import { pinTillsOf, removePin } from './pins.repository'
import { rehashIfOld } from './rehash'
import type { SessionStore } from './sessions'
import {
  findStaffById,
  findStaffByUsername,
  insertStaff,
  listStaffRows,
  loginStateOfStaff,
  setStaffActiveFlag,
  setStaffPasswordHash,
  setStaffRoleTo,
} from './staff.repository'

export async function login(
  core: Core,
  sessions: SessionStore,
  username: string,
  password: string,
): Promise<SessionView> {
  const name = canonicalUsername(username)
  return throttledLogin(core, name, 'password', async (beforeHash) => {
    const user = await findStaffByUsername(core.store.db, name)
    const matches = await verifyPassword(password, user?.password_hash ?? decoyHash, beforeHash)
    if (!user || !matches || user.active !== 1) throw new PosError('LOGIN_FAILED')
    // Read again after the slow hash check, right before the session opens: an admin who
    // deactivated the account or reset its password meanwhile has already ended its sessions,
    // and this one must not slip in after that.
    const current = await loginStateOfStaff(core.store.db, user.id)
    if (current?.active !== 1 || current.password_hash !== user.password_hash) throw new PosError('LOGIN_FAILED')
    await rehashIfOld(core, user.id, user.password_hash, password)
    const actor: Actor = { staffId: user.id, username: user.username, role: user.role, tillId: core.config.tillId }
    return { token: await sessions.open(core, actor), ...actorView(actor) }
  })
}

/**
 * A staff member's name and password checked as a login is — the same hash check, the same
 * throttle, so no other way in gets round the login lockout — but no session is opened: an admin
 * approving something at a cashier's till (a large cash out, docs/SHIFTS.md), or a `pos` command
 * run by a named cashier. LOGIN_FAILED for a wrong name or password or an inactive account.
 */
export async function checkStaffPassword(core: Core, username: string, password: string): Promise<Actor> {
  const name = canonicalUsername(username)
  return throttledLogin(core, name, 'password', async (beforeHash) => {
    const user = await findStaffByUsername(core.store.db, name)
    const matches = await verifyPassword(password, user?.password_hash ?? decoyHash, beforeHash)
    if (!user || !matches || user.active !== 1) throw new PosError('LOGIN_FAILED')
    return { staffId: user.id, username: user.username, role: user.role, tillId: core.config.tillId }
  })
}

/** An admin's approval at the till: their staff id; FORBIDDEN when the name is a cashier's. */
export async function verifyAdminApproval(core: Core, username: string, password: string): Promise<number> {
  const approver = await checkStaffPassword(core, username, password)
  if (approver.role !== 'admin') throw new PosError('FORBIDDEN', 'Only an admin can approve this.')
  return approver.staffId
}

/** User names are kept in lower case: MySQL compares them without case, SQLite with it. */
export const canonicalUsername = (name: string) => name.trim().toLowerCase()

export function actorView(actor: Actor): StaffSession {
  return { staffId: actor.staffId, username: actor.username, role: actor.role, tillId: actor.tillId }
}

export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new PosError('FORBIDDEN')
}

export async function addStaff(
  core: Core,
  actor: Actor,
  input: { username: string; password: string; role: Role },
): Promise<StaffView> {
  requireAdmin(actor)
  const username = canonicalUsername(input.username)
  try {
    const passwordHash = await hashPassword(input.password)
    const id = await insertStaff(core.store.db, { username, passwordHash, role: input.role, at: core.now() })
    return { id, username, role: input.role, active: true, pinTills: [] }
  } catch (error) {
    if (dbErrorKind(error) === 'duplicate-key')
      throw new PosError('ALREADY_EXISTS', `Staff "${username}" already exists.`)
    throw error
  }
}

export async function listStaff(core: Core, actor: Actor): Promise<StaffView[]> {
  requireAdmin(actor)
  const rows = await listStaffRows(core.store.db)
  const pins = await pinTillsOf(
    core.store.db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    role: r.role,
    active: r.active === 1,
    pinTills: pins.get(r.id) ?? [],
  }))
}

/**
 * Deactivates or reactivates a staff account; deactivating ends its sessions on every till in
 * the same transaction.
 */
export async function setStaffActive(
  core: Core,
  sessions: SessionStore,
  actor: Actor,
  staffId: number,
  active: boolean,
): Promise<StaffView> {
  requireAdmin(actor)
  // An admin locked out by their own hand would leave the shop with nobody to undo it.
  if (!active && staffId === actor.staffId)
    throw new PosError('FORBIDDEN', 'You cannot deactivate your own account.', { staffId })
  return changeStaff(core, staffId, async (trx) => {
    await setStaffActiveFlag(trx, staffId, active)
    if (!active) await sessions.endAllOf(trx, staffId)
  })
}

/**
 * Gives a staff member another role; their sessions end on every till, so they log in again
 * into the screens of the new role. A cashier made admin loses their PIN: admins have none.
 */
export async function setStaffRole(
  core: Core,
  sessions: SessionStore,
  actor: Actor,
  staffId: number,
  role: Role,
): Promise<StaffView> {
  requireAdmin(actor)
  // The same reason as for deactivating: an admin must not take their own admin role away.
  if (staffId === actor.staffId) throw new PosError('FORBIDDEN', 'You cannot change your own role.', { staffId })
  return changeStaff(core, staffId, async (trx) => {
    await setStaffRoleTo(trx, staffId, role)
    if (role === 'admin') await removePin(trx, staffId)
    await sessions.endAllOf(trx, staffId)
  })
}

/** Sets a new password; the staff member's sessions end, except the caller's own when resetting their own. */
export async function resetStaffPassword(
  core: Core,
  sessions: SessionStore,
  actor: Actor,
  staffId: number,
  password: string,
  callerToken?: string,
): Promise<null> {
  requireAdmin(actor)
  const passwordHash = await hashPassword(password)
  await changeStaff(core, staffId, async (trx) => {
    await setStaffPasswordHash(trx, staffId, passwordHash)
    await sessions.endAllOf(trx, staffId, staffId === actor.staffId ? callerToken : undefined)
  })
  return null
}

/**
 * "Log out everywhere": ends every session of a staff member on every till. For an admin's own
 * account from the staff screen, `keep` is the admin's current session; a staff member logging
 * themself out everywhere keeps none.
 */
export async function logOutEverywhere(
  core: Core,
  sessions: SessionStore,
  staffId: number,
  keep?: string,
): Promise<null> {
  await changeStaff(core, staffId, (trx) => sessions.endAllOf(trx, staffId, keep))
  return null
}

/**
 * One change to a staff account and the end of its sessions, in one transaction: either both
 * happen or neither (an unknown staff id undoes the lot).
 */
export async function changeStaff(
  core: Core,
  staffId: number,
  change: (trx: Kysely<Database>) => Promise<unknown>,
): Promise<StaffView> {
  return core.store.db.transaction().execute(async (trx) => {
    await change(trx)
    return staffViewIn(trx, staffId)
  })
}

/** The staff member as the staff screen shows them; an unknown id is INVALID_INPUT. */
export async function staffViewIn(db: Kysely<Database>, staffId: number): Promise<StaffView> {
  const row = await findStaffById(db, staffId)
  if (!row) throw noSuchStaff(staffId)
  const pins = await pinTillsOf(db, [staffId])
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    active: row.active === 1,
    pinTills: pins.get(staffId) ?? [],
  }
}

export const noSuchStaff = (staffId: number) =>
  new PosError('INVALID_INPUT', 'No staff member with that id.', {
    fields: { staffId: `no staff member ${staffId}` },
  })
