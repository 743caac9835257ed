import type { StaffHandlers } from '../contract/handlers'
import type { Returns } from '../payments/payments'

type ReturnMethods = 'returns.ofOrder' | 'returns.fromOrder' | 'returns.withoutOrder'

export const returnHandlers = (returns: Returns) =>
  ({
    'returns.ofOrder': (input, { actor }) => returns.ofOrder(actor, input.orderId),
    'returns.fromOrder': (input, { actor }) => returns.fromOrder(actor, input),
    'returns.withoutOrder': (input, { actor }) => returns.withoutOrder(actor, input),
  }) satisfies Pick<StaffHandlers, ReturnMethods>
