import type { SessionView, StaffView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Role } from '../../src-shared/order-status'
import type { Actor, Core } from '../core/core'
import { dbErrorKind } from '../db/errors'
import { decoyHash, hashPassword, verifyPassword } from './password'
import type { SessionStore } from './sessions'

export async function login(core: Core, sessions: SessionStore, username: string, password: string): Promise<SessionView> {
  const user = await core.store.db.selectFrom('users').selectAll().where('username', '=', canonicalUsername(username)).executeTakeFirst()
  const matches = await verifyPassword(password, user?.password_hash ?? decoyHash)
  if (!user || !matches || user.active !== 1) throw new PosError('LOGIN_FAILED')
  const actor: Actor = { staffId: user.id, username: user.username, role: user.role, tillId: core.config.tillId }
  return { token: sessions.open(actor), ...actorView(actor) }
}

/** User names are kept in lower case: MySQL compares them without case, SQLite with it. */
export const canonicalUsername = (name: string) => name.trim().toLowerCase()

export function actorView(actor: Actor): Omit<SessionView, 'token'> {
  return { staffId: actor.staffId, username: actor.username, role: actor.role, tillId: actor.tillId }
}

export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new PosError('FORBIDDEN')
}

export async function addStaff(core: Core, actor: Actor, input: { username: string; password: string; role: Role }): Promise<StaffView> {
  requireAdmin(actor)
  const username = canonicalUsername(input.username)
  try {
    const result = await core.store.db
      .insertInto('users')
      .values({ username, password_hash: await hashPassword(input.password), role: input.role, active: 1, created_at: core.now() })
      .executeTakeFirstOrThrow()
    return { id: Number(result.insertId), username, role: input.role, active: true }
  } catch (error) {
    if (dbErrorKind(error) === 'duplicate-key') throw new PosError('ALREADY_EXISTS', `Staff "${username}" already exists.`)
    throw error
  }
}

export async function listStaff(core: Core, actor: Actor): Promise<StaffView[]> {
  requireAdmin(actor)
  const rows = await core.store.db.selectFrom('users').select(['id', 'username', 'role', 'active']).orderBy('id').execute()
  return rows.map((r) => ({ id: r.id, username: r.username, role: r.role, active: r.active === 1 }))
}
