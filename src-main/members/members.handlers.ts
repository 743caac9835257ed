import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import {
  addAddress,
  addMember,
  addressesOfMember,
  memberByPhone,
  memberIdOfPhone,
  updateAddress,
} from './members.service'

// Every method names the member by phone; the id it resolves to never comes from the caller.

export const memberHandlers = (core: Core) =>
  ({
    'members.byPhone': (input) => memberByPhone(core, input.phone),
    'members.add': (input) => addMember(core, input),
    'members.addresses': async (input) => addressesOfMember(core, await memberIdOfPhone(core, input.memberPhone)),
    'members.addAddress': async ({ memberPhone, ...address }) =>
      addAddress(core, { ...address, memberId: await memberIdOfPhone(core, memberPhone) }),
    'members.updateAddress': async ({ memberPhone, ...address }) =>
      updateAddress(core, { ...address, memberId: await memberIdOfPhone(core, memberPhone) }),
  }) satisfies Pick<
    StaffHandlers,
    'members.byPhone' | 'members.add' | 'members.addresses' | 'members.addAddress' | 'members.updateAddress'
  >
