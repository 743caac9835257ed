// The admin's view of the login throttle: who is locked out or has been failing, and clearing it.
import type { LoginLockView } from '../../src-shared/contract'
import type { Actor, Core } from '../core/core'
import type { LoginScope } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { FORGET_AFTER_MS } from './login-throttle'
import { addLoginEvent, forgetFailures, recentThrottleRows } from './login-throttle.repository'
import { requireAdmin } from './staff.service'

export async function listLockouts(core: Core, actor: Actor): Promise<LoginLockView[]> {
  requireAdmin(actor)
  const now = core.now()
  const rows = await recentThrottleRows(core.store.db, now - FORGET_AFTER_MS)
  return rows.map((r) => ({
    scope: r.scope,
    subject: r.subject,
    failures: r.failures,
    lastFailedAt: r.last_failed_at,
    lockedUntil: r.locked_until !== null && r.locked_until > now ? r.locked_until : null,
  }))
}

/** Clearing what is not counted is no error: another admin may have cleared it a moment ago. */
export async function clearLockout(
  core: Core,
  actor: Actor,
  key: { scope: LoginScope; subject: string },
): Promise<null> {
  requireAdmin(actor)
  await writeTransaction(core.store, async (trx) => {
    if (!(await forgetFailures(trx, key))) return
    await addLoginEvent(trx, {
      kind: 'cleared',
      scope: key.scope,
      username: key.scope === 'user' ? key.subject : undefined,
      tillId: key.scope === 'till' ? key.subject : actor.tillId,
      staffId: actor.staffId,
      at: core.now(),
    })
  })
  core.log.info({ ...key, by: actor.username }, 'login lockout cleared')
  return null
}
