import { z } from 'zod'
import type { Role } from '../order-status'
import { id, method, password } from './method'

export interface StaffView {
  id: number
  username: string
  role: Role
  active: boolean
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
  /** Deactivating ends the staff member's sessions at once; nobody can deactivate themself. */
  'staff.setActive': method<StaffView>()('admin', z.object({ staffId: id, active: z.boolean() })),
  /** Ends the staff member's other sessions. */
  'staff.resetPassword': method<null>()('admin', z.object({ staffId: id, password: staffInput.shape.password })),
}
