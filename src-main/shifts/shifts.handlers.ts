import type { StaffHandlers } from '../contract/handlers'
import type { Core } from '../core/core'
import { closeShift, moveCash, openShift, shiftStatus } from './shifts.service'

export const shiftHandlers = (core: Core) =>
  ({
    'shift.status': (_input, { actor }) => shiftStatus(core, actor),
    'shift.open': (input, { actor }) => openShift(core, actor, input),
    'shift.cash': (input, { actor }) => moveCash(core, actor, input),
    'shift.close': (input, { actor }) => closeShift(core, actor, input),
  }) satisfies Pick<StaffHandlers, 'shift.status' | 'shift.open' | 'shift.cash' | 'shift.close'>
