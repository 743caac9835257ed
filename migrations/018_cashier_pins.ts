// Numeric PINs for cashiers at their own till (docs/SECURITY.md). One row per till a cashier's
// PIN works at, each with the PIN's scrypt hash: a login by PIN finds its row by staff and till
// in one read, and a PIN works nowhere else. Admins never have one (the service refuses it).
// login_events learns which credential a failure, a lockout or a success came from; the rows made before this
// migration were all passwords, so they are marked so.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_pins')
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    // A till id as POS_TILL_ID allows: 1–10 letters and digits.
    .addColumn('till_id', 'varchar(10)', (c) => c.notNull())
    .addColumn('pin_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('set_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_pins_pk', ['staff_id', 'till_id'])
    .execute()

  // failed, succeeded and locked: 'password' or 'pin'; null for cleared. Rows from before: passwords.
  await db.schema
    .alterTable('login_events')
    .addColumn('credential', 'varchar(8)', (c) => c.check(sql`credential in ('password', 'pin')`))
    .execute()
  await db
    .updateTable('login_events')
    .set({ credential: 'password' })
    .where('kind', 'in', ['failed', 'succeeded', 'locked'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('login_events').dropColumn('credential').execute()
  await db.schema.dropTable('staff_pins').ifExists().execute()
}
