import { Migrator, type MigrationResultSet } from 'kysely'
import { createConnection } from 'mysql2/promise'
import { migrations } from '../../migrations'
import type { Store, StoreLocation } from './store'

/** Applies every pending migration; running it again changes nothing. */
export async function migrateToLatest(store: Store): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  })
  const result = await migrator.migrateToLatest()
  if (result.error) throw result.error instanceof Error ? result.error : new Error(JSON.stringify(result.error))
  return result
}

/** Creates the MySQL database named in the URL if it is missing (utf8mb4 for Chinese names). */
export async function ensureMysqlDatabase(location: StoreLocation): Promise<void> {
  if (location.kind !== 'mysql') return
  const url = new URL(location.url)
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw new Error(`POS_DB: database name must be [A-Za-z0-9_], got "${name}"`)
  url.pathname = '/'
  const conn = await createConnection({ uri: url.toString(), connectTimeout: 5000 })
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  } finally {
    await conn.end()
  }
}
