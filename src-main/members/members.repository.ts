import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

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
