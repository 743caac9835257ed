// An admin's approval at the till for discounts above the cashier's limit (docs/DISCOUNTS.md):
// the admin types their user name and password into the till's dialog, and the main process
// checks them as a login would — under the same throttle, so the dialog is no way around the
// lockout — without opening a session. Admins have no PIN, so the password is the one credential.
import { PosError } from '../../src-shared/errors'
import type { Core } from '../core/core'
import { throttledLogin } from './login-throttle'
import { decoyHash, verifyPassword } from './password'
import { findStaffByUsername, loginStateOfStaff } from './staff.repository'
import { canonicalUsername } from './staff.service'

/** Who approved, and when: recorded on the order's `created` event. */
export interface DiscountApproval {
  staffId: number
  username: string
  at: number
}

/**
 * The admin named by these credentials, or DISCOUNT_APPROVAL_REFUSED: a wrong name or password
 * (counted as a failed login), a deactivated account, or someone who is not an admin.
 */
export async function checkDiscountApproval(
  core: Core,
  credentials: { username: string; password: string },
): Promise<DiscountApproval> {
  const name = canonicalUsername(credentials.username)
  try {
    const approver = await throttledLogin(core, name, 'password', async (beforeHash) => {
      const user = await findStaffByUsername(core.store.db, name)
      const matches = await verifyPassword(credentials.password, user?.password_hash ?? decoyHash, beforeHash)
      if (!user || !matches || user.active !== 1) throw new PosError('LOGIN_FAILED')
      const current = await loginStateOfStaff(core.store.db, user.id)
      if (current?.active !== 1 || current.password_hash !== user.password_hash) throw new PosError('LOGIN_FAILED')
      return { staffId: user.id, username: user.username, role: current.role }
    })
    if (approver.role !== 'admin') throw new PosError('DISCOUNT_APPROVAL_REFUSED', undefined, { reason: 'not-admin' })
    return { staffId: approver.staffId, username: approver.username, at: core.now() }
  } catch (error) {
    if (error instanceof PosError && error.code === 'LOGIN_FAILED')
      throw new PosError('DISCOUNT_APPROVAL_REFUSED', undefined, { reason: 'credentials' })
    throw error
  }
}
