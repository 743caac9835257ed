import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import { getSettings, updateSettings } from './settings.service'

export const settingsHandlers = (core: Core) =>
  ({
    'settings.get': (_input, { actor }) => getSettings(core, actor),
    'settings.update': (input, { actor }) => updateSettings(core, actor, input),
  }) satisfies Pick<StaffHandlers, 'settings.get' | 'settings.update'>
