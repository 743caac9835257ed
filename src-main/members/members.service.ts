import type { z } from 'zod'
import type { AddressView, MemberView, memberMethods } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Core } from '../core/core'
import { dbErrorKind } from '../db/errors'
import { writeTransaction } from '../db/transaction'
import {
  clearDefaultAddress,
  findAddressOfMember,
  findMemberById,
  findMemberByPhone,
  insertAddress,
  insertMember,
  listAddressesOfMember,
  updateAddressOfMember,
} from './members.repository'

/** The contract's inputs name the member by phone; the services below take the id that phone resolved to. */
type ByMemberId<T> = Omit<T, 'memberPhone'> & { memberId: number }
export type AddressInput = ByMemberId<z.output<(typeof memberMethods)['members.addAddress']['input']>>
export type AddressUpdate = ByMemberId<z.output<(typeof memberMethods)['members.updateAddress']['input']>>

const toMember = (row: { id: number; phone: string; name: string }): MemberView => ({
  id: row.id,
  phone: row.phone,
  name: row.name,
})

function toAddress(row: {
  id: number
  member_id: number
  receiver: string
  phone: string
  address: string
  zip: string
  is_default: number
}): AddressView {
  return {
    id: row.id,
    memberId: row.member_id,
    receiver: row.receiver,
    phone: row.phone,
    address: row.address,
    zip: row.zip,
    isDefault: row.is_default === 1,
  }
}

export async function memberByPhone(core: Core, phone: string): Promise<MemberView> {
  const row = await findMemberByPhone(core.store.db, phone)
  if (!row) throw new PosError('MEMBER_NOT_FOUND', undefined, { phone })
  return toMember(row)
}

/**
 * The id of the member with exactly this phone: the one way a call from a till reaches a member
 * (docs/ORDERS.md, "Members"). An unknown phone is MEMBER_NOT_FOUND.
 */
export async function memberIdOfPhone(core: Core, phone: string): Promise<number> {
  return (await memberByPhone(core, phone)).id
}

/** A contract input with its optional `memberPhone` replaced by that member's id. */
export async function withMemberId<T extends { memberPhone?: string }>(
  core: Core,
  input: T,
): Promise<Omit<T, 'memberPhone'> & { memberId?: number }> {
  const { memberPhone, ...rest } = input
  if (memberPhone === undefined) return rest
  return { ...rest, memberId: await memberIdOfPhone(core, memberPhone) }
}

export async function addMember(core: Core, input: { phone: string; name: string }): Promise<MemberView> {
  try {
    const id = await insertMember(core.store.db, { phone: input.phone, name: input.name, at: core.now() })
    return { id, phone: input.phone, name: input.name }
  } catch (error) {
    if (dbErrorKind(error) === 'duplicate-key')
      throw new PosError('ALREADY_EXISTS', 'A member with this phone already exists.', { phone: input.phone })
    throw error
  }
}

async function requireMember(core: Core, memberId: number) {
  if (!(await findMemberById(core.store.db, memberId))) throw new PosError('MEMBER_NOT_FOUND', undefined, { memberId })
}

export async function addressesOfMember(core: Core, memberId: number): Promise<AddressView[]> {
  await requireMember(core, memberId)
  return (await listAddressesOfMember(core.store.db, memberId)).map(toAddress)
}

export async function addAddress(core: Core, input: AddressInput): Promise<AddressView> {
  await requireMember(core, input.memberId)
  const now = core.now()
  const id = await writeTransaction(core.store, async (trx) => {
    const isFirst = (await listAddressesOfMember(trx, input.memberId)).length === 0
    const isDefault = input.isDefault || isFirst
    if (isDefault) await clearDefaultAddress(trx, input.memberId, now)
    return insertAddress(trx, input.memberId, { ...input, isDefault }, now)
  })
  const row = await findAddressOfMember(core.store.db, input.memberId, id)
  return toAddress(row!)
}

export async function updateAddress(core: Core, input: AddressUpdate): Promise<AddressView> {
  const now = core.now()
  await writeTransaction(core.store, async (trx) => {
    if (!(await findAddressOfMember(trx, input.memberId, input.addressId))) {
      throw new PosError('ADDRESS_NOT_FOUND', undefined, { addressId: input.addressId })
    }
    if (input.isDefault) await clearDefaultAddress(trx, input.memberId, now)
    await updateAddressOfMember(trx, input.memberId, input.addressId, { ...input, makeDefault: input.isDefault }, now)
  })
  const row = await findAddressOfMember(core.store.db, input.memberId, input.addressId)
  return toAddress(row!)
}
