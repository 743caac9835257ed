import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import { addAddress, addMember, addressesOfMember, memberByPhone, updateAddress } from './members.service'

export const memberHandlers = (core: Core) =>
  ({
    'members.byPhone': (input) => memberByPhone(core, input.phone),
    'members.add': (input) => addMember(core, input),
    'members.addresses': (input) => addressesOfMember(core, input.memberId),
    'members.addAddress': (input) => addAddress(core, input),
    'members.updateAddress': (input) => updateAddress(core, input),
  }) satisfies Pick<
    StaffHandlers,
    'members.byPhone' | 'members.add' | 'members.addresses' | 'members.addAddress' | 'members.updateAddress'
  >
