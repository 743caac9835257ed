import { z } from 'zod'
import { text } from '../text'
import { id, memberPhone, method, phone } from './method'

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
  receiver: text({ min: 1, max: 64 }),
  phone,
  address: text({ min: 1, max: 255 }),
  zip: z
    .string()
    .trim()
    .regex(/^[0-9]{0,10}$/, 'up to 10 digits')
    .default(''),
  isDefault: z.boolean().default(false),
}

export const memberMethods = {
  'members.byPhone': method<MemberView>()('cashier', z.object({ phone })),
  'members.add': method<MemberView>()('cashier', z.object({ phone, name: text({ min: 1, max: 64 }) })),
  'members.addresses': method<AddressView[]>()('cashier', z.object({ memberPhone })),
  'members.addAddress': method<AddressView>()('cashier', z.object({ memberPhone, ...addressFields })),
  'members.updateAddress': method<AddressView>()('cashier', z.object({ memberPhone, addressId: id, ...addressFields })),
}
