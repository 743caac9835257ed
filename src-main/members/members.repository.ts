import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { Trx } from '../db/transaction'

export async function findMemberById(db: Kysely<Database>, id: number) {
  return db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findMemberByPhone(db: Kysely<Database>, phone: string) {
  return db.selectFrom('members').selectAll().where('phone', '=', phone).executeTakeFirst()
}

/** The owner check: an address is found only together with the member it belongs to. */
export async function findAddressOfMember(db: Kysely<Database>, memberId: number, addressId: number) {
  return db
    .selectFrom('addresses')
    .selectAll()
    .where('id', '=', addressId)
    .where('member_id', '=', memberId)
    .executeTakeFirst()
}

export async function listAddressesOfMember(db: Kysely<Database>, memberId: number) {
  return db
    .selectFrom('addresses')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .execute()
}

/** The new member's id; a phone already taken fails with the driver's duplicate-key error. */
export async function insertMember(
  db: Kysely<Database>,
  member: { phone: string; name: string; at: number },
): Promise<number> {
  const result = await db
    .insertInto('members')
    .values({ phone: member.phone, name: member.name, created_at: member.at })
    .executeTakeFirstOrThrow()
  return Number(result.insertId)
}

/** No address of the member is the default any more (one is about to become it). */
export async function clearDefaultAddress(trx: Trx, memberId: number, at: number): Promise<void> {
  await trx.updateTable('addresses').set({ is_default: 0, updated_at: at }).where('member_id', '=', memberId).execute()
}

export interface AddressFields {
  receiver: string
  phone: string
  address: string
  zip: string
}

export async function insertAddress(
  trx: Trx,
  memberId: number,
  fields: AddressFields & { isDefault: boolean },
  at: number,
): Promise<number> {
  const result = await trx
    .insertInto('addresses')
    .values({
      member_id: memberId,
      receiver: fields.receiver,
      phone: fields.phone,
      address: fields.address,
      zip: fields.zip,
      is_default: fields.isDefault ? 1 : 0,
      created_at: at,
      updated_at: at,
    })
    .executeTakeFirstOrThrow()
  return Number(result.insertId)
}

/** Changes one of the member's addresses; `makeDefault` only ever sets the flag, never clears it. */
export async function updateAddressOfMember(
  trx: Trx,
  memberId: number,
  addressId: number,
  fields: AddressFields & { makeDefault: boolean },
  at: number,
): Promise<void> {
  await trx
    .updateTable('addresses')
    .set({
      receiver: fields.receiver,
      phone: fields.phone,
      address: fields.address,
      zip: fields.zip,
      updated_at: at,
      ...(fields.makeDefault ? { is_default: 1 } : {}),
    })
    .where('id', '=', addressId)
    .where('member_id', '=', memberId)
    .execute()
}

/** Member id → phone, for the members among `ids` (the order export's member column). */
export async function phonesOfMembers(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  const members = await db
    .selectFrom('members')
    .select(['id', 'phone'])
    .where('id', 'in', [...ids])
    .execute()
  return new Map(members.map((m) => [m.id, m.phone]))
}
