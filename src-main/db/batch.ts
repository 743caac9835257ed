// One transaction sent as one multi-statement batch: a single network round trip from BEGIN to
// COMMIT. It runs on a pool of its own with multipleStatements on — that pool is used for
// nothing else — and every value in it is still a bound parameter.
//
// The values are escaped by mysql2 on our side, which is only safe while the server reads strings
// the way mysql2 writes them: the batch therefore pins sql_mode itself, as its first statement,
// whatever the session was left with (and takeConnection pinned it when the connection opened).
import type { CompiledQuery } from 'kysely'
import type { Pool } from 'mysql2'
import { PINNED_SQL_MODE, run, takeConnection, timedOut } from './mysql-deadlines'

export interface BatchRunner {
  /**
   * Runs the statements as READ COMMITTED transaction and commits. If any statement fails, the
   * server stops at it; the transaction is rolled back and the statement's error rethrown.
   * Returns each statement's result (for an INSERT, its insertId).
   */
  runTransaction(statements: readonly CompiledQuery[]): Promise<unknown[]>
  close(): Promise<void>
}

/** Statements the batch sends before the caller's, whose results are dropped. */
const LEADING = 3

/**
 * `deadlineMs` bounds taking a connection and, separately, the whole batch; a batch that runs out
 * destroys its connection (the server then rolls the open transaction back).
 */
export function mysqlBatchRunner(pool: Pool, deadlineMs: number): BatchRunner {
  return {
    async runTransaction(statements) {
      const sqlText = [
        `SET SESSION sql_mode = '${PINNED_SQL_MODE}'`,
        'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
        'START TRANSACTION',
        ...statements.map((s) => s.sql),
        'COMMIT',
      ].join(';\n')
      const params = statements.flatMap((s) => s.parameters as unknown[])
      const conn = await takeConnection(pool, deadlineMs)
      let reusable = true
      try {
        const results = (await run(conn, sqlText, params, deadlineMs)) as unknown[]
        // Drop the results of the SETs and START TRANSACTION, and COMMIT's.
        return results.slice(LEADING, LEADING + statements.length)
      } catch (error) {
        // The batch stopped at the failing statement with the transaction still open — unless it
        // ran out of time, and run() has destroyed the connection already.
        reusable =
          !timedOut(error) &&
          (await run(conn, 'ROLLBACK', [], deadlineMs).then(
            () => true,
            () => false,
          ))
        throw error
      } finally {
        if (reusable) conn.release()
        else conn.destroy()
      }
    },
    close: () => new Promise((resolve) => pool.end(() => resolve())),
  }
}
