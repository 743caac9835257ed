import { z } from 'zod'
import { id, method, phone, requiredText, text } from './method'

export interface MemberView {
  id: number
  phone: string
  name: string
}

export interface AddressView {
  id: number
  memberId: number
  receiver: string
  phone: string
  address: string
  zip: string
  isDefault: boolean
}

const addressFields = {
  receiver: requiredText(64),
  phone,
  address: requiredText(255),
  zip: text(10)
    .regex(/^[0-9]*$/, 'digits only')
    .default(''),
  isDefault: z.boolean().default(false),
}

export const memberMethods = {
  'members.byPhone': method<MemberView>()('cashier', z.object({ phone })),
  'members.add': method<MemberView>()('cashier', z.object({ phone, name: requiredText(64) })),
  'members.addresses': method<AddressView[]>()('cashier', z.object({ memberId: id })),
  'members.addAddress': method<AddressView>()('cashier', z.object({ memberId: id, ...addressFields })),
  'members.updateAddress': method<AddressView>()(
    'cashier',
    z.object({ memberId: id, addressId: id, ...addressFields }),
  ),
}
