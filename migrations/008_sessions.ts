// Sessions in the store, so that every till sees the same ones: an admin ending a staff member's
// sessions (deactivated, password or role changed, "log out everywhere") ends them on every till
// in the one statement. Only a SHA-256 of the token is kept: a copy of the table logs nobody in.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('till_id', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute()
  // Ending every session of a staff member, and the offline history's copy of one till's.
  await db.schema.createIndex('sessions_staff').on('sessions').columns(['staff_id']).execute()
  await db.schema.createIndex('sessions_till').on('sessions').columns(['till_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sessions').ifExists().execute()
}
