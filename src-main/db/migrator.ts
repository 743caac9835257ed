import { Migrator, type MigrationResultSet } from 'kysely'
import { createConnection } from 'mysql2/promise'
import { migrations } from '../../migrations'
import { defaultDeadlines } from '../config'
import type { Store, StoreLocation } from './store'

/** Applies every pending migration; running it again changes nothing. */
export async function migrateToLatest(store: Store): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    // Migrations may rightly run long (an ALTER TABLE on a big table): the report deadline.
    db: store.slowDb,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  })
  const result = await migrator.migrateToLatest()
  if (result.error) throw result.error instanceof Error ? result.error : new Error(JSON.stringify(result.error))
  return result
}

/**
 * Creates the MySQL database named in the URL if it is missing (utf8mb4 for Chinese names).
 * Connecting and the statement each have `deadlineMs`; a connection that ran out is destroyed.
 */
export async function ensureMysqlDatabase(
  location: StoreLocation,
  deadlineMs = defaultDeadlines.storeMs,
): Promise<void> {
  if (location.kind !== 'mysql') return
  const url = new URL(location.url)
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw new Error(`POS_DB: database name must be [A-Za-z0-9_], got "${name}"`)
  url.pathname = '/'
  const conn = await createConnection({ uri: url.toString(), connectTimeout: deadlineMs })
  try {
    await conn.query({
      sql: `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      timeout: deadlineMs,
    })
  } catch (error) {
    conn.destroy()
    throw error
  }
  await conn.end()
}
