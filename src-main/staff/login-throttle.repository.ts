// The login throttle's SQL (tables `login_throttle` and `login_events`, migration 009).
import type { Kysely } from 'kysely'
import type { Database, LoginCredential, LoginEventKind, LoginScope } from '../db/schema'
import { dbErrorKind } from '../db/errors'
import type { Trx } from '../db/transaction'

export interface ThrottleKey {
  scope: LoginScope
  subject: string
}

export async function throttleRows(db: Kysely<Database>, keys: readonly ThrottleKey[]) {
  return db
    .selectFrom('login_throttle')
    .selectAll()
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('subject', '=', k.subject)]))))
    .execute()
}

/**
 * Counts one more failure for the key in a single statement, so that two tills failing at once
 * both count: a count whose last failure is older than `forgetBefore` starts again from one, and
 * reaching `limit` locks the key until `lockedUntil`. Returns the row as it is now.
 */
export async function countFailure(
  trx: Trx,
  key: ThrottleKey,
  at: { now: number; forgetBefore: number; limit: number; lockedUntil: number },
) {
  const lockedAtOnce = at.limit <= 1 ? at.lockedUntil : null
  for (let tries = 1; ; tries++) {
    const updated = await trx
      .updateTable('login_throttle')
      // locked_until first: MySQL assigns left to right and would see the new failures in the
      // next expression; SQLite always sees the old values. Listed first, both see the old ones.
      .set((eb) => ({
        locked_until: eb
          .case()
          .when('last_failed_at', '<', at.forgetBefore)
          .then(lockedAtOnce)
          .when('failures', '>=', at.limit - 1)
          .then(at.lockedUntil)
          .else(eb.ref('locked_until'))
          .end(),
        failures: eb
          .case()
          .when('last_failed_at', '<', at.forgetBefore)
          .then(1)
          .else(eb('failures', '+', 1))
          .end(),
        last_failed_at: at.now,
      }))
      .where('scope', '=', key.scope)
      .where('subject', '=', key.subject)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) > 0) break
    try {
      await trx
        .insertInto('login_throttle')
        .values({ ...key, failures: 1, last_failed_at: at.now, locked_until: lockedAtOnce })
        .execute()
      break
    } catch (error) {
      // Another till counted its first failure meanwhile: count on top of it.
      if (dbErrorKind(error) !== 'duplicate-key' || tries > 1) throw error
    }
  }
  return trx
    .selectFrom('login_throttle')
    .selectAll()
    .where('scope', '=', key.scope)
    .where('subject', '=', key.subject)
    .executeTakeFirstOrThrow()
}

/** `unlessLockedAt`: keep the count if it is locked out at that time. */
export async function forgetFailures(
  db: Kysely<Database> | Trx,
  key: ThrottleKey,
  unlessLockedAt?: number,
): Promise<boolean> {
  let query = db.deleteFrom('login_throttle').where('scope', '=', key.scope).where('subject', '=', key.subject)
  if (unlessLockedAt !== undefined)
    query = query.where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', unlessLockedAt)]))
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Keys with failures since `since`, the locked ones first. */
export async function recentThrottleRows(db: Kysely<Database>, since: number) {
  return db
    .selectFrom('login_throttle')
    .selectAll()
    .where('last_failed_at', '>=', since)
    .orderBy('locked_until', 'desc')
    .orderBy('last_failed_at', 'desc')
    .limit(200)
    .execute()
}

export async function addLoginEvent(
  db: Kysely<Database> | Trx,
  event: {
    kind: LoginEventKind
    /** failed, succeeded, and locked (the failure that locked it): what the login was tried with. */
    credential?: LoginCredential
    scope?: LoginScope
    username?: string
    tillId: string
    staffId?: number
    at: number
  },
): Promise<void> {
  await db
    .insertInto('login_events')
    .values({
      kind: event.kind,
      credential: event.credential ?? null,
      scope: event.scope ?? null,
      username: event.username ?? null,
      till_id: event.tillId,
      staff_id: event.staffId ?? null,
      created_at: event.at,
    })
    .execute()
}
