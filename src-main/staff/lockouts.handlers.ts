import type { StaffHandlers } from '../contract/handlers'
import type { Core } from '../core/core'
import { clearLockout, listLockouts } from './lockouts.service'

export const lockoutHandlers = (core: Core) =>
  ({
    'staff.lockouts': (_input, { actor }) => listLockouts(core, actor),
    'staff.clearLockout': (input, { actor }) => clearLockout(core, actor, input),
  }) satisfies Pick<StaffHandlers, 'staff.lockouts' | 'staff.clearLockout'>
