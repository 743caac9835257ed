// A store of one test file's own, migrated only up to a given migration, for the tests of the
// migrations after it: a MariaDB database or a SQLite file, dropped when the file's tests are done.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Migrator } from 'kysely'
import { createConnection } from 'mysql2/promise'
import { afterAll } from 'vitest'
import { migrations } from '../../migrations'
import { ensureMysqlDatabase } from '../../src-main/db/migrator'
import { openStore, type Store, type StoreLocation } from '../../src-main/db/store'
import { testId } from './ids'
import { MYSQL_ROOT, type StoreKind } from './stores'

/** Call inside a describe block: registers the clean-up; `open(last)` gives the store at `last`. */
export function storeBeforeMigration(kind: StoreKind, label: string): { open(last: string): Promise<Store> } {
  const dbName = testId(`${label}_`, 24).replace(/[^A-Za-z0-9_]/g, '_')
  const dir = mkdtempSync(join(tmpdir(), `freshtill-${label}-`))
  const location: StoreLocation =
    kind === 'mysql' ? { kind, url: `${MYSQL_ROOT}/${dbName}` } : { kind, path: join(dir, 'store.db') }
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    if (kind !== 'mysql') return
    const conn = await createConnection({ uri: MYSQL_ROOT })
    await conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``)
    await conn.end()
  })
  return {
    async open(last) {
      await ensureMysqlDatabase(location)
      const store = openStore(location)
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: () => Promise.resolve(migrations) } })
      const { error } = await migrator.migrateTo(last)
      if (error === undefined) return store
      await store.close()
      throw error instanceof Error ? error : new Error(`migrating up to ${last}: ${JSON.stringify(error)}`)
    },
  }
}
