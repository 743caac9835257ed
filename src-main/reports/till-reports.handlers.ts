import type { StaffHandlers } from '../contract/handlers'
import type { Core } from '../core/core'
import { listZReports, takeZReport, xReport } from './z-reports.service'

export const tillReportHandlers = (core: Core) =>
  ({
    'reports.x': (input, { actor }) => xReport(core, actor, input.tillId),
    'reports.z': (input, { actor }) => takeZReport(core, actor, input.tillId),
    'reports.zList': (input, { actor }) => listZReports(core, actor, input.tillId),
  }) satisfies Pick<StaffHandlers, 'reports.x' | 'reports.z' | 'reports.zList'>
