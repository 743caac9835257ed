// Transactions in as few network round trips as they can take. The order's whole transaction,
// BEGIN to COMMIT, is one multi-statement batch; a transaction that has to wait for something
// outside the database (the Redis cart) opens with its first statements in one round trip and
// commits in one more. It runs on a pool of its own with multipleStatements on — that pool is
// used for nothing else — and every value in it is still a bound parameter.
//
// The values are escaped by mysql2 on our side, which is only safe while the server reads strings
// the way mysql2 writes them: each batch therefore pins sql_mode itself, as its first statement,
// whatever the session was left with (and takeConnection pinned it when the connection opened).
import type { CompiledQuery } from 'kysely'
import type { Pool, PoolConnection } from 'mysql2'
import { PINNED_SQL_MODE, run, takeConnection, timedOut } from './mysql-deadlines'

export interface BatchRunner {
  /**
   * Runs the statements as READ COMMITTED transaction and commits. If any statement fails, the
   * server stops at it; the transaction is rolled back and the statement's error rethrown —
   * after `readIfRefused`, when given, has run in the ROLLBACK's own round trip, its rows on the
   * error as `rowsAfterRollback` (the order reads why the stock guard said no without one more
   * round trip). Returns each statement's result (for an INSERT, its insertId).
   */
  runTransaction(statements: readonly CompiledQuery[], readIfRefused?: () => CompiledQuery): Promise<unknown[]>
  /**
   * Opens a READ COMMITTED transaction with `opening` in the same round trip, runs `work` with
   * their results while it stays open — for work outside the database that the transaction's
   * locks must cover — and commits in one more round trip; rolls back if anything fails.
   */
  inTransaction<T>(opening: readonly CompiledQuery[], work: (results: unknown[]) => Promise<T>): Promise<T>
  /**
   * runTransaction, with `next`'s transaction opened after the COMMIT in the same round trip; its
   * work then runs and it commits in one more. Once the first has committed it stands, whatever
   * becomes of `next`: a failure there is rolled back and given in `after`, never thrown. (An error
   * in the first round trip is thrown as by runTransaction; one that came after its COMMIT cannot
   * be told apart, and a retry with the same idempotency key finds the order.)
   */
  runTransactionThen<T>(
    statements: readonly CompiledQuery[],
    readIfRefused: (() => CompiledQuery) | undefined,
    next: FollowingTransaction<T>,
  ): Promise<{ results: unknown[]; after: { ok: true; value: T } | { ok: false; error: unknown } }>
  close(): Promise<void>
}

/** A transaction that opens in the round trip of the one before it (runTransactionThen). */
export interface FollowingTransaction<T> {
  opening: readonly CompiledQuery[]
  /** Runs while it is open, with the opening statements' results; outside the database (Redis). */
  work: (opened: unknown[]) => Promise<T>
}

/** Statements the batch sends before the caller's, whose results are dropped. */
const LEADING = [
  `SET SESSION sql_mode = '${PINNED_SQL_MODE}'`,
  'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
  'START TRANSACTION',
]

/** What `readIfRefused` found after a refused batch's ROLLBACK, by the error it refused with. */
const readAfterRollback = new WeakMap<object, unknown[]>()

/** The rows `readIfRefused` found after the ROLLBACK of the batch that failed with `error`, if it ran. */
export function rowsAfterRollback(error: unknown): unknown[] | null {
  return (typeof error === 'object' && error && readAfterRollback.get(error)) || null
}

/**
 * `deadlineMs` bounds taking a connection and, separately, each round trip; a round trip that runs
 * out destroys its connection (the server then rolls the open transaction back).
 */
export function mysqlBatchRunner(pool: Pool, deadlineMs: number): BatchRunner {
  /**
   * Runs `transaction` on a connection of the batch pool. If it fails, the transaction is still
   * open — unless the round trip ran out of time, and run() has destroyed the connection: it is
   * rolled back (with `read` in the same round trip), and a connection that cannot be rolled back
   * is destroyed, never handed back.
   */
  async function onConnection<T>(
    transaction: (conn: PoolConnection, leave: () => void) => Promise<T>,
    readIfRefused?: () => CompiledQuery,
  ): Promise<T> {
    const conn = await takeConnection(pool, deadlineMs)
    let reusable = true
    try {
      return await transaction(conn, () => {
        reusable = false
      })
    } catch (error) {
      reusable = !timedOut(error) && (await rollBack(conn, error, readIfRefused?.()))
      throw error
    } finally {
      if (reusable) conn.release()
      else conn.destroy()
    }
  }

  async function rollBack(conn: PoolConnection, error: unknown, read?: CompiledQuery): Promise<boolean> {
    try {
      if (!read) return await run(conn, 'ROLLBACK', [], deadlineMs).then(() => true)
      const results = (await run(conn, `ROLLBACK;\n${read.sql}`, [...read.parameters], deadlineMs)) as unknown[]
      if (typeof error === 'object' && error) readAfterRollback.set(error, results[1] as unknown[])
      return true
    } catch {
      return false
    }
  }

  const params = (statements: readonly CompiledQuery[]) => statements.flatMap((s) => s.parameters as unknown[])

  return {
    runTransaction: (statements, readIfRefused) =>
      onConnection(async (conn) => {
        const sqlText = [...LEADING, ...statements.map((s) => s.sql), 'COMMIT'].join(';\n')
        const results = (await run(conn, sqlText, params(statements), deadlineMs)) as unknown[]
        // Drop the results of the SETs and START TRANSACTION, and COMMIT's.
        return results.slice(LEADING.length, LEADING.length + statements.length)
      }, readIfRefused),
    inTransaction: (opening, work) =>
      onConnection(async (conn) => {
        const sqlText = [...LEADING, ...opening.map((s) => s.sql)].join(';\n')
        const results = (await run(conn, sqlText, params(opening), deadlineMs)) as unknown[]
        const done = await work(results.slice(LEADING.length))
        await run(conn, 'COMMIT', [], deadlineMs)
        return done
      }),
    runTransactionThen: (statements, readIfRefused, next) =>
      onConnection(async (conn, leave) => {
        const sqlText = [
          ...LEADING,
          ...statements.map((s) => s.sql),
          'COMMIT',
          'START TRANSACTION',
          ...next.opening.map((s) => s.sql),
        ].join(';\n')
        const all = (await run(
          conn,
          sqlText,
          [...params(statements), ...params(next.opening)],
          deadlineMs,
        )) as unknown[]
        const results = all.slice(LEADING.length, LEADING.length + statements.length)
        // The first transaction has committed: from here on nothing is thrown.
        try {
          const value = await next.work(all.slice(LEADING.length + statements.length + 2))
          await run(conn, 'COMMIT', [], deadlineMs)
          return { results, after: { ok: true as const, value } }
        } catch (error) {
          if (timedOut(error) || !(await rollBack(conn, error))) leave()
          return { results, after: { ok: false as const, error } }
        }
      }, readIfRefused),
    close: () => new Promise((resolve) => pool.end(() => resolve())),
  }
}
