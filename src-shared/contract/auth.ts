import { z } from 'zod'
import type { Role } from '../order-status'
import { method, requiredText } from './method'

export interface SessionView {
  token: string
  staffId: number
  username: string
  role: Role
  tillId: string
}

export const authMethods = {
  'auth.login': method<SessionView>()(
    'public',
    z.object({ username: requiredText(64), password: z.string().min(1).max(200) }),
  ),
  'auth.logout': method<null>()('cashier', z.object({})),
  'auth.me': method<SessionView>()('cashier', z.object({})),
}
