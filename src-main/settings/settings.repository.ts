import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { StoreLocation } from '../db/store'
import type { Trx } from '../db/transaction'

export async function readStoredSettings(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('settings').select(['name', 'value']).execute()
  return new Map(rows.map((r) => [r.name, r.value]))
}

/** Inserts or replaces one setting; the two dialects spell "upsert" differently. */
export async function storeSetting(
  db: Trx,
  kind: StoreLocation['kind'],
  row: { name: string; value: string; updated_by: number; updated_at: number },
): Promise<void> {
  const changes = { value: row.value, updated_by: row.updated_by, updated_at: row.updated_at }
  const insert = db.insertInto('settings').values(row)
  await (
    kind === 'mysql'
      ? insert.onDuplicateKeyUpdate(changes)
      : insert.onConflict((oc) => oc.column('name').doUpdateSet(changes))
  ).execute()
}
