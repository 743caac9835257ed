import type { StaffHandlers } from '../contract/handlers'
import type { Core } from '../core/core'
import { getReceipt, printReceipt } from './receipts.service'

/** `env`: the environment the app started with (its printer settings win over the till's file). */
export const receiptHandlers = (core: Core, env: Record<string, string | undefined>) =>
  ({
    'receipts.get': (input, { actor }) => getReceipt(core, env, actor, input),
    'receipts.print': (input, { actor }) => printReceipt(core, env, actor, input),
  }) satisfies Pick<StaffHandlers, 'receipts.get' | 'receipts.print'>
