// One transaction sent as one multi-statement batch: a single network round trip from BEGIN to
// COMMIT. It runs on a pool of its own with multipleStatements on — that pool is used for
// nothing else — and every value in it is still a bound parameter.
import type { CompiledQuery } from 'kysely'
import type { Pool, PoolConnection } from 'mysql2'

export interface BatchRunner {
  /**
   * Runs the statements as READ COMMITTED transaction and commits. If any statement fails, the
   * server stops at it; the transaction is rolled back and the statement's error rethrown.
   * Returns each statement's result (for an INSERT, its insertId).
   */
  runTransaction(statements: readonly CompiledQuery[]): Promise<unknown[]>
  close(): Promise<void>
}

export function mysqlBatchRunner(pool: Pool): BatchRunner {
  return {
    async runTransaction(statements) {
      const sqlText = [
        'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
        'START TRANSACTION',
        ...statements.map((s) => s.sql),
        'COMMIT',
      ].join(';\n')
      const params = statements.flatMap((s) => s.parameters as unknown[])
      const conn = await getConnection(pool)
      let reusable = true
      try {
        const results = (await query(conn, sqlText, params)) as unknown[]
        // Drop the results of SET TRANSACTION and START TRANSACTION, and COMMIT's.
        return results.slice(2, 2 + statements.length)
      } catch (error) {
        // The batch stopped at the failing statement with the transaction still open.
        reusable = await query(conn, 'ROLLBACK', []).then(
          () => true,
          () => false,
        )
        throw error
      } finally {
        if (reusable) conn.release()
        else conn.destroy()
      }
    },
    close: () => new Promise((resolve) => pool.end(() => resolve())),
  }
}

function getConnection(pool: Pool): Promise<PoolConnection> {
  return new Promise((resolve, reject) => pool.getConnection((err, conn) => (err ? reject(err) : resolve(conn))))
}

function query(conn: PoolConnection, sql: string, params: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) =>
    conn.query(sql, params, (err, result) => (err ? reject(err) : resolve(result))),
  )
}
