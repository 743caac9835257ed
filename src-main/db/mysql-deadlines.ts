// Deadlines for MySQL, below Kysely: every connection taken from a pool, every statement and every
// transaction from BEGIN to COMMIT has a bound, and a connection whose statement ran out is
// destroyed, never handed back to the pool. The rules are in docs/DEADLINES.md.
import type { MysqlPool, MysqlPoolConnection, MysqlQueryResult } from 'kysely'
import type { Pool, PoolConnection, Query, QueryError } from 'mysql2'

/** No answer from MySQL within the deadline; sorted as a lost connection (DB_UNAVAILABLE). */
export class StoreDeadlineError extends Error {
  override name = 'StoreDeadlineError'
  readonly code = 'STORE_DEADLINE'
}

/**
 * The session every connection starts with, whatever the server's defaults. The mode pins how
 * strings are read: mysql2 escapes a quote as \', and under NO_BACKSLASH_ESCAPES that backslash
 * would end the string and let the rest of a value run as SQL. Strict tables refuse a value that
 * does not fit instead of storing a cut one. Both MariaDB and MySQL 8 know these modes.
 */
export const PINNED_SQL_MODE = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'

const prepared = new WeakSet<PoolConnection>()

/**
 * A connection from the pool within `ms`, its session pinned (sql_mode, and the server's own cap
 * on each statement: max_statement_time on MariaDB, max_execution_time on MySQL 8). A connection
 * that arrives after the deadline goes straight back to the pool.
 */
export function takeConnection(pool: Pool, ms: number): Promise<PoolConnection> {
  return new Promise((resolve, reject) => {
    let late = false
    const timer = setTimeout(() => {
      late = true
      reject(new StoreDeadlineError(`no MySQL connection within ${ms} ms`))
    }, ms)
    const startedAt = Date.now()
    pool.getConnection((error, conn) => {
      if (late) {
        if (!error) conn.release()
        return
      }
      if (error) {
        clearTimeout(timer)
        reject(error)
        return
      }
      pinSession(conn, ms, Math.max(1, ms - (Date.now() - startedAt))).then(
        () => {
          clearTimeout(timer)
          if (late) conn.release()
          else resolve(conn)
        },
        (pinError: Error) => {
          clearTimeout(timer)
          conn.destroy()
          reject(pinError)
        },
      )
    })
  })
}

async function pinSession(conn: PoolConnection, statementMs: number, timeout: number): Promise<void> {
  if (prepared.has(conn)) return
  const mode = `SET SESSION sql_mode = '${PINNED_SQL_MODE}'`
  try {
    await run(conn, `${mode}, SESSION max_statement_time = ${(statementMs / 1000).toFixed(3)}`, [], timeout)
  } catch (error) {
    // 1193, unknown system variable: MySQL 8, whose cap is max_execution_time in ms (SELECT only).
    if ((error as QueryError).errno !== 1193) throw error
    await run(conn, `${mode}, SESSION max_execution_time = ${statementMs}`, [], timeout)
  }
  prepared.add(conn)
}

/**
 * One statement (or one multi-statement batch) with a deadline of `timeout` ms. mysql2 only
 * stops waiting when its query timeout fires — the connection would stay busy with the lost
 * statement and go back to the pool so — so the connection is destroyed here.
 */
export function run(conn: PoolConnection, sql: string, values: unknown[], timeout: number): Promise<unknown> {
  return new Promise((resolve, reject) =>
    conn.query({ sql, values, timeout }, (error, result) => {
      if (error) {
        if (timedOut(error)) conn.destroy()
        reject(error)
      } else resolve(result)
    }),
  )
}

/** mysql2's query timeout fired (run() has destroyed the connection). */
export function timedOut(error: unknown): boolean {
  return (error as QueryError | null)?.code === 'PROTOCOL_SEQUENCE_TIMEOUT'
}

/** The pool Kysely's MysqlDialect takes, with every connection and statement under `ms`. */
export function deadlinePool(pool: Pool, ms: number): MysqlPool {
  return {
    getConnection(callback) {
      takeConnection(pool, ms).then(
        (conn) => callback(null, new DeadlineConnection(conn, ms)),
        (error: unknown) => callback(error, undefined as unknown as MysqlPoolConnection),
      )
    },
    end: (callback) => pool.end(callback),
  }
}

/**
 * One use of a pooled connection by Kysely. A statement outside a transaction gets `ms`; inside one,
 * whatever is left of the transaction's `ms`, counted from Kysely's `begin` — so a transaction
 * ends within its deadline however many statements it sends. A ROLLBACK always gets its own `ms`.
 * After a timeout the connection is gone, and every later statement (Kysely's ROLLBACK) fails at
 * once with the deadline's error rather than with the driver's "connection closed".
 */
class DeadlineConnection implements MysqlPoolConnection {
  private transactionEndsAt: number | null = null
  private destroyed = false

  constructor(
    private readonly conn: PoolConnection,
    private readonly ms: number,
  ) {}

  query(sql: string, parameters: unknown[]): { stream: Query['stream'] }
  query(sql: string, parameters: unknown[], callback: (error: unknown, result: MysqlQueryResult) => void): void
  query(
    sql: string,
    parameters: unknown[],
    callback?: (error: unknown, result: MysqlQueryResult) => void,
  ): { stream: Query['stream'] } | undefined {
    const timeout = this.timeoutFor(sql)
    if (!callback) {
      const streamed = this.conn.query({ sql, values: parameters, timeout })
      streamed.on('error', (error) => {
        if (timedOut(error)) this.destroy()
      })
      return streamed
    }
    if (this.destroyed) {
      process.nextTick(() => callback(new StoreDeadlineError('the MySQL connection ran out of time'), []))
      return
    }
    run(this.conn, sql, parameters, timeout).then(
      (result) => callback(null, result as MysqlQueryResult),
      (error: unknown) => {
        if (timedOut(error)) this.destroyed = true
        callback(error, [])
      },
    )
  }

  release(): void {
    // A destroyed connection has already left the pool; release() then does nothing.
    this.conn.release()
  }

  private destroy() {
    this.destroyed = true
    this.conn.destroy()
  }

  /** Kysely's MysqlDriver begins with `begin` and ends with `commit` or `rollback`. */
  private timeoutFor(sql: string): number {
    const statement = sql.trim().toLowerCase()
    if (statement === 'begin') {
      this.transactionEndsAt = Date.now() + this.ms
    } else if (statement === 'rollback') {
      this.transactionEndsAt = null
      return this.ms
    }
    const left = this.transactionEndsAt === null ? this.ms : Math.max(1, this.transactionEndsAt - Date.now())
    if (statement === 'commit') this.transactionEndsAt = null
    return left
  }
}
