// Opens the order store: MySQL/MariaDB (shared mode) or one SQLite file (embedded mode).
import SqliteDatabase from 'better-sqlite3'
import { Kysely, MysqlDialect } from 'kysely'
import { createPool, type Pool } from 'mysql2'
import { type BatchRunner, mysqlBatchRunner } from './batch'
import type { Database } from './schema'
import { privateDatabaseFiles, privateFile } from '../private-files'
import { WriteLockingSqliteDialect } from './sqlite-dialect'

export type StoreLocation = { kind: 'mysql'; url: string } | { kind: 'sqlite'; path: string }

export interface Store {
  readonly kind: StoreLocation['kind']
  readonly db: Kysely<Database>
  /** MySQL only: whole transactions in one round trip (see batch.ts). */
  readonly batch: BatchRunner | null
  close(): Promise<void>
}

export interface StoreOptions {
  /** MySQL connections in the pool; every till process needs only a few. */
  poolSize?: number
}

export function openStore(location: StoreLocation, options: StoreOptions = {}): Store {
  return location.kind === 'mysql' ? openMysql(location.url, options) : openSqlite(location.path)
}

export function createMysqlPool(url: string, connectionLimit: number, multipleStatements = false): Pool {
  return createPool({
    uri: url,
    connectionLimit,
    multipleStatements,
    charset: 'utf8mb4',
    // SUM() and AVG() come back as DECIMAL; read them as numbers (all our sums are whole fen).
    decimalNumbers: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: 5000,
    enableKeepAlive: true,
  })
}

function openMysql(url: string, options: StoreOptions): Store {
  const size = options.poolSize ?? 10
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool: createMysqlPool(url, size) }) })
  const batch = mysqlBatchRunner(createMysqlPool(url, size, true))
  return {
    kind: 'mysql',
    db,
    batch,
    close: async () => {
      await batch.close()
      await db.destroy()
    },
  }
}

function openSqlite(path: string): Store {
  const onDisk = path !== ':memory:' && path !== ''
  if (onDisk) privateFile(path)
  const database = new SqliteDatabase(path)
  // Settings for money: every commit durable, concurrent readers alongside one writer, and
  // waiting for another process's write rather than failing at once.
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  // The WAL and shared-memory files take the database file's mode when SQLite makes them; older
  // ones are narrowed here.
  if (onDisk) privateDatabaseFiles(path)
  const db = new Kysely<Database>({ dialect: new WriteLockingSqliteDialect({ database }) })
  return { kind: 'sqlite', db, batch: null, close: () => db.destroy() }
}
