// Logged-in staff, by session token. Kept in the app process: a restart logs everyone out,
// which at a till is what a shop expects.
import { randomBytes } from 'node:crypto'
import type { Actor } from '../core/core'

const IDLE_LIMIT_MS = 12 * 60 * 60 * 1000

interface Session {
  actor: Actor
  lastSeen: number
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>()

  constructor(private readonly now: () => number = Date.now) {}

  open(actor: Actor): string {
    const token = randomBytes(32).toString('base64url')
    this.sessions.set(token, { actor, lastSeen: this.now() })
    return token
  }

  /** The session's actor, or null when the token is unknown or has sat idle too long. */
  actorFor(token: string | null | undefined): Actor | null {
    if (!token) return null
    const session = this.sessions.get(token)
    if (!session) return null
    const now = this.now()
    if (now - session.lastSeen > IDLE_LIMIT_MS) {
      this.sessions.delete(token)
      return null
    }
    session.lastSeen = now
    return session.actor
  }

  close(token: string | null | undefined): void {
    if (token) this.sessions.delete(token)
  }

  /** Ends every session of a staff member (deactivated, password changed), but `keep` if given. */
  closeAllOf(staffId: number, keep?: string): void {
    for (const [token, session] of this.sessions)
      if (session.actor.staffId === staffId && token !== keep) this.sessions.delete(token)
  }
}
