// Opens the order store: MySQL/MariaDB (shared mode) or one SQLite file (embedded mode).
import SqliteDatabase from 'better-sqlite3'
import { Kysely, MysqlDialect } from 'kysely'
import { createPool, type Pool } from 'mysql2'
import { type BatchRunner, mysqlBatchRunner } from './batch'
import { defaultDeadlines, type Deadlines } from '../config'
import { deadlinePool } from './mysql-deadlines'
import type { Database } from './schema'
import { privateDatabaseFiles, privateFile } from '../private-files'
import { SqliteConnectionTurns, WriteLockingSqliteDialect } from './sqlite-dialect'

export type StoreLocation = { kind: 'mysql'; url: string } | { kind: 'sqlite'; path: string }

export interface Store {
  readonly kind: StoreLocation['kind']
  readonly db: Kysely<Database>
  /**
   * The same store for statements that may rightly run long (the daily report, the CSV export,
   * migrations), under the report deadline; on MySQL a small pool of its own.
   */
  readonly slowDb: Kysely<Database>
  /** MySQL only: whole transactions in one round trip (see batch.ts). */
  readonly batch: BatchRunner | null
  close(): Promise<void>
}

export interface StoreOptions {
  /** MySQL connections in the pool; every till process needs only a few. */
  poolSize?: number
  deadlines?: Deadlines
}

export function openStore(location: StoreLocation, options: StoreOptions = {}): Store {
  const deadlines = options.deadlines ?? defaultDeadlines
  return location.kind === 'mysql'
    ? openMysql(location.url, options.poolSize ?? 10, deadlines)
    : openSqlite(location.path, deadlines)
}

/** Report and export connections per till: an admin runs one report or export at a time. */
const SLOW_POOL_SIZE = 2

/** `deadlineMs` bounds connecting; statements get theirs from mysql-deadlines.ts. */
export function createMysqlPool(
  url: string,
  connectionLimit: number,
  deadlineMs: number,
  multipleStatements = false,
): Pool {
  return createPool({
    uri: url,
    connectionLimit,
    multipleStatements,
    charset: 'utf8mb4',
    // SUM() and AVG() come back as DECIMAL; read them as numbers (all our sums are whole fen).
    decimalNumbers: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: deadlineMs,
    enableKeepAlive: true,
  })
}

function openMysql(url: string, size: number, deadlines: Deadlines): Store {
  const kysely = (connections: number, ms: number) =>
    new Kysely<Database>({
      dialect: new MysqlDialect({ pool: deadlinePool(createMysqlPool(url, connections, ms), ms) }),
    })
  const db = kysely(size, deadlines.storeMs)
  const slowDb = kysely(SLOW_POOL_SIZE, deadlines.reportMs)
  const batch = mysqlBatchRunner(createMysqlPool(url, size, deadlines.storeMs, true), deadlines.storeMs)
  return {
    kind: 'mysql',
    db,
    slowDb,
    batch,
    close: async () => {
      await batch.close()
      await slowDb.destroy()
      await db.destroy()
    },
  }
}

/**
 * SQLite has no server to wait for: a statement runs in this process, synchronously. What a till
 * does wait for is another process's write lock, and busy_timeout bounds that wait by the store
 * deadline; then SQLITE_BUSY answers STOCK_CONTENDED. How long this process may keep the
 * connection (and the write lock) is bounded by the dialect's watchdog: the store deadline for the
 * order path, the report deadline for reports, exports and migrations, on the same connection.
 */
function openSqlite(path: string, deadlines: Deadlines): Store {
  const onDisk = path !== ':memory:' && path !== ''
  if (onDisk) privateFile(path)
  const database = new SqliteDatabase(path)
  // Settings for money: every commit durable, concurrent readers alongside one writer, and
  // waiting for another process's write rather than failing at once.
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  database.pragma(`busy_timeout = ${deadlines.storeMs}`)
  // The WAL and shared-memory files take the database file's mode when SQLite makes them; older
  // ones are narrowed here.
  if (onDisk) privateDatabaseFiles(path)
  const turns = new SqliteConnectionTurns(database)
  const db = new Kysely<Database>({ dialect: new WriteLockingSqliteDialect(turns, deadlines.storeMs) })
  const slowDb = new Kysely<Database>({ dialect: new WriteLockingSqliteDialect(turns, deadlines.reportMs) })
  return {
    kind: 'sqlite',
    db,
    slowDb,
    batch: null,
    close: async () => {
      await slowDb.destroy()
      await db.destroy()
    },
  }
}
