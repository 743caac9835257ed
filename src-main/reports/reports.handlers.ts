import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import { dayReport } from './reports.service'

export const reportHandlers = (core: Core) =>
  ({
    'reports.day': (input, { actor }) => dayReport(core, actor, input),
  }) satisfies Pick<StaffHandlers, 'reports.day'>
