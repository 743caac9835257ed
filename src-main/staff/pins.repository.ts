// Cashiers' PINs' SQL (table `staff_pins`, migration 018): one row per till a PIN works at.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** The PIN's hash if the staff member has one that works at this till. */
export async function pinHashAt(db: Kysely<Database>, staffId: number, tillId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('staff_pins')
    .select('pin_hash')
    .where('staff_id', '=', staffId)
    .where('till_id', '=', tillId)
    .executeTakeFirst()
  return row?.pin_hash
}

/** The tills each of these staff members' PIN works at (staff without a PIN are left out). */
export async function pinTillsOf(db: Kysely<Database>, staffIds: readonly number[]): Promise<Map<number, string[]>> {
  const tills = new Map<number, string[]>()
  if (staffIds.length === 0) return tills
  const rows = await db
    .selectFrom('staff_pins')
    .select(['staff_id', 'till_id'])
    .where('staff_id', 'in', [...staffIds])
    .orderBy('staff_id')
    .orderBy('till_id')
    .execute()
  for (const row of rows) tills.set(row.staff_id, [...(tills.get(row.staff_id) ?? []), row.till_id])
  return tills
}

/** Replaces the staff member's PIN: the same hash at each of `tills`, and nowhere else. */
export async function replacePin(
  db: Kysely<Database>,
  pin: { staffId: number; hash: string; tills: readonly string[]; at: number },
): Promise<void> {
  await removePin(db, pin.staffId)
  await db
    .insertInto('staff_pins')
    .values(pin.tills.map((tillId) => ({ staff_id: pin.staffId, till_id: tillId, pin_hash: pin.hash, set_at: pin.at })))
    .execute()
}

export async function removePin(db: Kysely<Database>, staffId: number): Promise<void> {
  await db.deleteFrom('staff_pins').where('staff_id', '=', staffId).execute()
}
