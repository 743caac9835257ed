// Logged-in staff, by session token. Sessions live in the store (the `sessions` table: MySQL in
// shared mode, the SQLite file in embedded mode), so every till sees the same ones: ending a
// staff member's sessions ends them on every till in one statement, and every call re-reads the
// staff row, so a deactivated account or a changed role counts from the next call on any till.
// Only a SHA-256 of each token is stored. A session belongs to the till it was opened at.
//
// In shared mode the offline history keeps a copy of this till's sessions and of the staff
// accounts. When MySQL cannot be reached, a session is checked against that copy and the call
// is marked offline: the dispatcher then lets through only the read-only history calls. A
// session opened while MySQL was down lives only in the copy, so once MySQL answers again its
// staff member logs in again.
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { SessionLimits } from '../config'
import type { Actor, Core } from '../core/core'
import type { Database } from '../db/schema'
import type { OrderMirror } from '../history/mirror'
import { offlineHistory } from '../history/mirror.handlers'

/** last_seen_at is written at most this often, so a session costs no write on most calls. */
const TOUCH_EVERY_MS = 60_000

export interface CheckedSession {
  actor: Actor
  /** Checked against the offline history's copy because MySQL could not be reached. */
  offline: boolean
}

export class SessionStore {
  constructor(
    private readonly core: Core,
    private readonly mirror: OrderMirror | null = null,
  ) {}

  private get limits(): SessionLimits {
    return this.core.config.sessionLimits
  }

  /**
   * Opens a session for `actor` in `from`'s store: the shop's, or the offline history when the
   * login was checked there. A session opened in the shop's store is copied to the offline
   * history at once, so it still opens the history if MySQL goes away before the next sync.
   */
  async open(from: Core, actor: Actor): Promise<string> {
    const token = randomBytes(32).toString('base64url')
    const now = this.core.now()
    const row = {
      token_hash: tokenHash(token),
      staff_id: actor.staffId,
      till_id: this.core.config.tillId,
      created_at: now,
      last_seen_at: now,
    }
    await from.store.db.insertInto('sessions').values(row).execute()
    await this.forgetExpired(from.store.db, now)
    if (this.mirror && from.store !== this.mirror.store) {
      await this.mirror.store.db
        .insertInto('sessions')
        .values(row)
        .execute()
        .catch((error: unknown) => this.core.log.warn({ err: error }, 'cannot copy a session to the offline history'))
    }
    return token
  }

  /**
   * The session's staff member as the staff row says now, or null when the token is unknown,
   * expired, of another till, or its staff member is deactivated. Throws DB_UNAVAILABLE when
   * neither the shop's store nor the offline history can tell.
   */
  async check(token: unknown): Promise<CheckedSession | null> {
    // Whatever a transport hands over: only a string can be a token.
    if (typeof token !== 'string' || token === '') return null
    const { actor, offline } = await offlineHistory(this.core, this.mirror).read(async (from) => ({
      actor: await this.actorIn(from.store.db, token),
    }))
    return actor ? { actor, offline: offline !== null } : null
  }

  private async actorIn(db: Kysely<Database>, token: string): Promise<Actor | null> {
    const hash = tokenHash(token)
    const row = await db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.staff_id')
      .select(['s.staff_id', 's.created_at', 's.last_seen_at', 'u.username', 'u.role', 'u.active'])
      .where('s.token_hash', '=', hash)
      .where('s.till_id', '=', this.core.config.tillId)
      .executeTakeFirst()
    if (!row) return null
    const now = this.core.now()
    const created = Number(row.created_at)
    const lastSeen = Number(row.last_seen_at)
    if (row.active !== 1 || now - lastSeen > this.limits.idleMs || now - created > this.limits.maxMs) {
      await db.deleteFrom('sessions').where('token_hash', '=', hash).execute()
      return null
    }
    if (now - lastSeen >= Math.min(TOUCH_EVERY_MS, this.limits.idleMs / 4))
      await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', hash).execute()
    return { staffId: row.staff_id, username: row.username, role: row.role, tillId: this.core.config.tillId }
  }

  /** Logs one session out, in the offline history's copy first: that one is always reachable. */
  async close(token: string): Promise<void> {
    const hash = tokenHash(token)
    if (this.mirror) await this.mirror.store.db.deleteFrom('sessions').where('token_hash', '=', hash).execute()
    await this.core.store.db.deleteFrom('sessions').where('token_hash', '=', hash).execute()
  }

  /**
   * Ends every session of a staff member on every till, but `keep` (the caller's own) if given.
   * `db` is the transaction that changes the staff row, so both commit together or not at all.
   */
  async endAllOf(db: Kysely<Database>, staffId: number, keep?: string): Promise<void> {
    let ending = db.deleteFrom('sessions').where('staff_id', '=', staffId)
    if (keep) ending = ending.where('token_hash', '<>', tokenHash(keep))
    await ending.execute()
  }

  /** Sessions nobody can use any more; removed when this till opens a new one, so the table stays small. */
  private async forgetExpired(db: Kysely<Database>, now: number): Promise<void> {
    await db
      .deleteFrom('sessions')
      .where('till_id', '=', this.core.config.tillId)
      .where((eb) =>
        eb.or([eb('last_seen_at', '<', now - this.limits.idleMs), eb('created_at', '<', now - this.limits.maxMs)]),
      )
      .execute()
  }
}

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex')
