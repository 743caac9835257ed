// Kysely's SQLite dialect with two changes a till's store needs; the rules are in
// docs/DEADLINES.md.
//
// BEGIN IMMEDIATE instead of BEGIN. A plain BEGIN takes the write lock only at the first write, so
// two transactions that each read the stock before writing it could both read the same figure,
// and the one that comes second to write fails with SQLITE_BUSY instead of waiting. IMMEDIATE takes
// the write lock at BEGIN (waiting for it up to busy_timeout), so `db.transaction()` and its
// savepoints behave on SQLite as a write transaction should.
//
// A deadline on every lease of the one connection. A SQLite file has one connection per process,
// lent to one caller at a time — a single statement, or a whole transaction. A statement runs
// synchronously and cannot be interrupted, but a transaction that awaits something between its
// statements would keep the connection, and the file's write lock, for as long as it waits: every
// other caller of this till and every other process on the file would wait with it. So a lease
// that runs past its deadline is rolled back by a watchdog timer and its connection handed on;
// its later statements, and its COMMIT, are refused as a deadline (DB_UNAVAILABLE).
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3'
import {
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  CompiledQuery,
} from 'kysely'
import { StoreDeadlineError } from './mysql-deadlines'

/**
 * The one connection to a SQLite file, and whose turn it is to use it. Several dialects may share
 * one (the store's, and the slow one for reports and migrations with a longer deadline): they take
 * turns on the same connection, so a transaction of one never interleaves with the other's.
 */
export class SqliteConnectionTurns {
  #busy = false
  readonly #waiting: Array<() => void> = []
  #closed = false
  /** Prepared statements by SQL text: the order path sends the same few statements all day. */
  readonly #prepared = new Map<string, Statement>()

  constructor(readonly database: SqliteDatabase) {}

  async take(): Promise<void> {
    if (!this.#busy) {
      this.#busy = true
      return
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve))
  }

  handOn(): void {
    const next = this.#waiting.shift()
    if (next) next()
    else this.#busy = false
  }

  prepare(sql: string): Statement {
    const cached = this.#prepared.get(sql)
    if (cached) return cached
    const statement = this.database.prepare(sql)
    if (this.#prepared.size >= MAX_PREPARED) {
      const oldest = this.#prepared.keys().next().value
      if (oldest !== undefined) this.#prepared.delete(oldest)
    }
    this.#prepared.set(sql, statement)
    return statement
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#prepared.clear()
    this.database.close()
  }
}

/** More than the code has distinct statements: they differ in their parameters, not their text. */
const MAX_PREPARED = 500

export class WriteLockingSqliteDialect implements Dialect {
  constructor(
    private readonly turns: SqliteConnectionTurns,
    /** How long one lease may keep the connection, and one transaction the write lock. */
    private readonly deadlineMs: number,
  ) {}

  createDriver(): Driver {
    return new LeasingSqliteDriver(this.turns, this.deadlineMs)
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter()
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db)
  }
}

class LeasingSqliteDriver implements Driver {
  constructor(
    private readonly turns: SqliteConnectionTurns,
    private readonly deadlineMs: number,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.turns.take()
    return new Lease(this.turns, this.deadlineMs)
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease
    await lease.executeQuery(CompiledQuery.raw('begin immediate'))
    // BEGIN may have waited up to busy_timeout for another process's write lock; what the
    // deadline bounds from here is how long this transaction keeps the lock.
    lease.restartDeadline()
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease
    // The watchdog rolled it back already; the caller must see the deadline, not this.
    if (lease.expired) return
    try {
      await lease.executeQuery(CompiledQuery.raw('rollback'))
    } catch (error) {
      // After a full disk or an I/O error SQLite has already rolled back by itself; the error
      // that caused it is the one the caller must see, not this one.
      if (!/no transaction is active/.test((error as Error).message)) throw error
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoted(name)}`))
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoted(name)}`))
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoted(name)}`))
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    ;(connection as Lease).end()
    return Promise.resolve()
  }

  destroy(): Promise<void> {
    this.turns.close()
    return Promise.resolve()
  }
}

/** One caller's turn on the connection, with its deadline and the watchdog that enforces it. */
class Lease implements DatabaseConnection {
  #deadlineAt = 0
  #timer: NodeJS.Timeout | undefined
  #ended = false
  #expired = false

  constructor(
    private readonly turns: SqliteConnectionTurns,
    private readonly deadlineMs: number,
  ) {
    this.restartDeadline()
  }

  get expired(): boolean {
    return this.#expired
  }

  restartDeadline(): void {
    clearTimeout(this.#timer)
    this.#deadlineAt = Date.now() + this.deadlineMs
    this.#timer = setTimeout(() => this.#expire(), this.deadlineMs)
    // A till that is shutting down need not wait for a lease's watchdog.
    this.#timer.unref()
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // A throw inside the executor (a refused lease, a driver error) becomes the rejection.
    return new Promise((resolve) => resolve(this.#run<R>(query)))
  }

  #run<R>(query: CompiledQuery): QueryResult<R> {
    this.#refuseIfLate()
    const statement = this.turns.prepare(query.sql)
    const parameters = query.parameters as unknown[]
    if (statement.reader) return { rows: statement.all(parameters) as R[] }
    const { changes, lastInsertRowid } = statement.run(parameters)
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] }
  }

  /** Nothing in the till streams from SQLite; refused rather than run outside the lease's checks. */
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not used with the SQLite store')
  }

  /** Gives the connection back (the caller is done); after the watchdog did, nothing is left to do. */
  end(): void {
    clearTimeout(this.#timer)
    if (this.#ended) return
    this.#ended = true
    this.turns.handOn()
  }

  #refuseIfLate(): void {
    if (!this.#expired && Date.now() > this.#deadlineAt) this.#expire()
    if (this.#expired) {
      throw new StoreDeadlineError(
        `the store's work ran past its deadline of ${this.deadlineMs} ms and was rolled back`,
      )
    }
  }

  /**
   * Runs only between statements — a statement holds the event loop while it runs — so nothing
   * else is using the connection: roll back what this lease began, then hand the connection on.
   */
  #expire(): void {
    if (this.#ended || this.#expired) return
    this.#expired = true
    if (this.turns.database.inTransaction) this.turns.database.exec('rollback')
    this.end()
  }
}

/** Kysely's savepoint names are its own identifiers; quoted all the same. */
function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
