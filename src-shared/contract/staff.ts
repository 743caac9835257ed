import { z } from 'zod'
import type { Role } from '../order-status'
import { text } from '../text'
import { id, method, password, pin, tillId } from './method'

export interface StaffView {
  id: number
  username: string
  role: Role
  active: boolean
  /** The tills the cashier's PIN logs in at; empty: no PIN. */
  pinTills: string[]
}

/** Failed logins counted against a user name or a till (docs/SECURITY.md). */
export interface LoginLockView {
  scope: 'user' | 'till'
  /** The user name as typed at login (known or not), or the till id. */
  subject: string
  failures: number
  lastFailedAt: number
  /** Locked out until then; null: not locked out now (but the next try may have to wait). */
  lockedUntil: number | null
}

export const staffInput = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{2,64}$/, 'letters, digits, _ . -'),
  password: password(8),
  role: z.enum(['cashier', 'admin']),
})

export const staffMethods = {
  'staff.list': method<StaffView[]>()('admin', z.object({})),
  'staff.add': method<StaffView>()('admin', staffInput),
  /** Deactivating ends the staff member's sessions on every till at once; nobody can deactivate themself. */
  'staff.setActive': method<StaffView>()('admin', z.object({ staffId: id, active: z.boolean() })),
  /** Ends the staff member's sessions on every till (the caller's own kept when resetting their own). */
  'staff.resetPassword': method<null>()('admin', z.object({ staffId: id, password: staffInput.shape.password })),
  /** Ends the staff member's sessions on every till, to log in again as the new role; not one's own role. */
  'staff.setRole': method<StaffView>()('admin', z.object({ staffId: id, role: staffInput.shape.role })),
  /** "Log out everywhere" for a staff member: every till; an admin's own current session is kept. */
  'staff.logoutEverywhere': method<null>()('admin', z.object({ staffId: id })),
  /**
   * A cashier's PIN and the tills it logs in at (replacing any earlier one); admins never have
   * one. Ends the cashier's sessions on every till, as a password reset does.
   */
  'staff.setPin': method<StaffView>()(
    'admin',
    z.object({
      staffId: id,
      pin,
      tills: z
        .array(tillId)
        .min(1)
        .max(16)
        .refine((tills) => new Set(tills).size === tills.length, 'each till once'),
    }),
  ),
  /** Takes the PIN away; the cashier's sessions end on every till. */
  'staff.clearPin': method<StaffView>()('admin', z.object({ staffId: id })),
  /** User names and tills with failed logins in the last 24 hours, the locked-out ones first. */
  'staff.lockouts': method<LoginLockView[]>()('admin', z.object({})),
  /** Forgets the failures of one user name or till: it may log in again at once. */
  'staff.clearLockout': method<null>()(
    'admin',
    z.object({ scope: z.enum(['user', 'till']), subject: text({ min: 1, max: 80 }) }),
  ),
}
