// Kysely's SQLite dialect, except that a transaction begins with BEGIN IMMEDIATE instead of
// BEGIN. A plain BEGIN takes the write lock only at the first write, so two transactions that
// each read the stock before writing it could both read the same figure, and the one that comes
// second to write fails with SQLITE_BUSY instead of waiting. IMMEDIATE takes the write lock at
// BEGIN (waiting for it up to busy_timeout), so `db.transaction()` and its savepoints behave on
// SQLite as a write transaction should, for the shop store and the offline mirror alike.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely'

export class WriteLockingSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig

  constructor(config: SqliteDialectConfig) {
    super(config)
    this.#config = config
  }

  override createDriver(): Driver {
    return new WriteLockingSqliteDriver(this.#config)
  }
}

class WriteLockingSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection)
    } catch (error) {
      // After a full disk or an I/O error SQLite has already rolled back by itself; the error
      // that caused it is the one the caller must see, not this one.
      if (!/no transaction is active/.test((error as Error).message)) throw error
    }
  }
}
