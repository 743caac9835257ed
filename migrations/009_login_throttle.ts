// Login throttling (docs/SECURITY.md): failed logins counted per user name and per till, in the
// shop database so that every till sees the same counts, and every login event kept for the
// admins. The offline history's copy of the staff also reads the successful logins: it keeps
// only the cashiers who have logged in at its till.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    // 'user' (subject: the canonical user name, known or not) or 'till' (subject: the till id).
    .addColumn('scope', 'varchar(8)', (c) => c.notNull())
    .addColumn('subject', 'varchar(80)', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failed_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .addPrimaryKeyConstraint('login_throttle_pk', ['scope', 'subject'])
    .addCheckConstraint('login_throttle_scope_known', sql`scope in ('user', 'till')`)
    .execute()

  await db.schema
    .createTable('login_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // failed | locked | succeeded | cleared
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    // locked and cleared: which count ('user' or 'till'); null for the others.
    .addColumn('scope', 'varchar(8)')
    .addColumn('username', 'varchar(80)')
    .addColumn('till_id', 'varchar(16)', (c) => c.notNull())
    // succeeded: who logged in; cleared: the admin who cleared it.
    .addColumn('staff_id', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('login_events_kind_known', sql`kind in ('failed', 'locked', 'succeeded', 'cleared')`)
    .execute()
  await db.schema.createIndex('login_events_till').on('login_events').columns(['till_id', 'kind', 'staff_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_events').ifExists().execute()
  await db.schema.dropTable('login_throttle').ifExists().execute()
}
