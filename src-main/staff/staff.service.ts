import type { SessionView, StaffView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Role } from '../../src-shared/order-status'
import type { Actor, Core } from '../core/core'
import { dbErrorKind } from '../db/errors'
import { throttledLogin } from './login-throttle'
import { decoyHash, hashPassword, verifyPassword } from './password'
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
} from './staff.repository'

export async function login(
  core: Core,
  sessions: SessionStore,
  username: string,
  password: string,
): Promise<SessionView> {
  const name = canonicalUsername(username)
  return throttledLogin(core, name, async (beforeHash) => {
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
    return { token: sessions.open(actor), ...actorView(actor) }
  })
}

/** User names are kept in lower case: MySQL compares them without case, SQLite with it. */
export const canonicalUsername = (name: string) => name.trim().toLowerCase()

export function actorView(actor: Actor): Omit<SessionView, 'token'> {
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
    return { id, username, role: input.role, active: true }
  } catch (error) {
    if (dbErrorKind(error) === 'duplicate-key')
      throw new PosError('ALREADY_EXISTS', `Staff "${username}" already exists.`)
    throw error
  }
}

export async function listStaff(core: Core, actor: Actor): Promise<StaffView[]> {
  requireAdmin(actor)
  const rows = await listStaffRows(core.store.db)
  return rows.map((r) => ({ id: r.id, username: r.username, role: r.role, active: r.active === 1 }))
}

/** Deactivates or reactivates a staff account; a deactivated one is logged out everywhere at once. */
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
  const changed = await setStaffActiveFlag(core.store.db, staffId, active)
  if (!changed && !(await findStaffById(core.store.db, staffId))) throw noSuchStaff(staffId)
  if (!active) sessions.closeAllOf(staffId)
  const row = await findStaffById(core.store.db, staffId)
  if (!row) throw noSuchStaff(staffId)
  return { id: row.id, username: row.username, role: row.role, active: row.active === 1 }
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
  const changed = await setStaffPasswordHash(core.store.db, staffId, await hashPassword(password))
  if (!changed && !(await findStaffById(core.store.db, staffId))) throw noSuchStaff(staffId)
  sessions.closeAllOf(staffId, staffId === actor.staffId ? callerToken : undefined)
  return null
}

const noSuchStaff = (staffId: number) =>
  new PosError('INVALID_INPUT', 'No staff member with that id.', {
    fields: { staffId: `no staff member ${staffId}` },
  })
