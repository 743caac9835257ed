// The staff accounts' SQL (table `users`).
import type { Kysely } from 'kysely'
import type { Role } from '../../src-shared/order-status'
import type { Database } from '../db/schema'

export async function findStaffByUsername(db: Kysely<Database>, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
}

/** What decides whether a login may still open its session: active, the same password, the role (a PIN's). */
export async function loginStateOfStaff(db: Kysely<Database>, staffId: number) {
  return db.selectFrom('users').select(['active', 'password_hash', 'role']).where('id', '=', staffId).executeTakeFirst()
}

/** The new account's id; a taken user name fails with the driver's duplicate-key error. */
export async function insertStaff(
  db: Kysely<Database>,
  staff: { username: string; passwordHash: string; role: Role; at: number },
): Promise<number> {
  const result = await db
    .insertInto('users')
    .values({
      username: staff.username,
      password_hash: staff.passwordHash,
      role: staff.role,
      active: 1,
      created_at: staff.at,
    })
    .executeTakeFirstOrThrow()
  return Number(result.insertId)
}

export async function listStaffRows(db: Kysely<Database>) {
  return db.selectFrom('users').select(['id', 'username', 'role', 'active']).orderBy('id').execute()
}

export async function findStaffById(db: Kysely<Database>, staffId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'active'])
    .where('id', '=', staffId)
    .executeTakeFirst()
}

/**
 * False when no row changed: no such account, or (MySQL counts changed rows only) it already was
 * so. The caller tells the two apart with findStaffById.
 */
export async function setStaffActiveFlag(db: Kysely<Database>, staffId: number, active: boolean): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ active: active ? 1 : 0 })
    .where('id', '=', staffId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** False when no row changed, as setStaffActiveFlag. */
export async function setStaffRoleTo(db: Kysely<Database>, staffId: number, role: Role): Promise<boolean> {
  const result = await db.updateTable('users').set({ role }).where('id', '=', staffId).executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** False when no row changed, as setStaffActiveFlag. */
export async function setStaffPasswordHash(
  db: Kysely<Database>,
  staffId: number,
  passwordHash: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', staffId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function hasAnyStaff(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined
}

/** Replaces the hash only if it is still `oldHash`: a password reset meanwhile wins. */
export async function replacePasswordHash(
  db: Kysely<Database>,
  staffId: number,
  oldHash: string,
  newHash: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: newHash })
    .where('id', '=', staffId)
    .where('password_hash', '=', oldHash)
    .execute()
}
