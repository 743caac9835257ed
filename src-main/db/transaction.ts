// Every write goes through writeTransaction: it commits whole or leaves nothing, and it hides the
// two stores' ways of getting there.
import type { Transaction } from 'kysely'
import { PosError } from '../../src-shared/errors'
import { dbErrorKind } from './errors'
import type { Database } from './schema'
import type { Store } from './store'

export type Trx = Transaction<Database>

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  /** Base back-off; each retry waits a random time up to base × attempt number. */
  backoffMs: number
}

export const defaultRetry: RetryPolicy = { attempts: 6, backoffMs: 8 }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `work` in one transaction. MySQL: READ COMMITTED, set for this transaction only — a
 * conditional UPDATE then always sees the latest committed stock instead of a stale snapshot,
 * which is what lets optimistic retries succeed at all. SQLite: BEGIN IMMEDIATE (the store's
 * dialect, sqlite-dialect.ts), so the write lock is taken before the first read and two writers
 * never interleave a read-check-write.
 * Deadlocks, lock-wait timeouts and SQLite's busy errors rerun the whole transaction a bounded
 * number of times, then fail as STOCK_CONTENDED (retryable) — SQLite's busy wait at once, having
 * waited the store deadline already. A lost connection, or no answer within the store deadline
 * (docs/DEADLINES.md), is DB_UNAVAILABLE.
 */
export async function writeTransaction<T>(
  store: Store,
  work: (trx: Trx) => Promise<T>,
  retry: RetryPolicy = defaultRetry,
): Promise<T> {
  return retryingTransaction(() => {
    const begin = store.db.transaction()
    return (store.kind === 'mysql' ? begin.setIsolationLevel('read committed') : begin).execute(work)
  }, retry)
}

/** The retry and error-naming rules of writeTransaction, for any way of running one transaction. */
export async function retryingTransaction<T>(runOnce: () => Promise<T>, retry: RetryPolicy = defaultRetry): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce()
    } catch (error) {
      const kind = dbErrorKind(error)
      if (kind === 'deadlock' || kind === 'lock-wait-timeout' || kind === 'busy') {
        if (attempt < retry.attempts && !waitedWholeDeadline(error)) {
          await sleep(Math.random() * retry.backoffMs * attempt)
          continue
        }
        throw new PosError('STOCK_CONTENDED', undefined, { attempts: attempt, cause: kind })
      }
      if (kind === 'connection-lost') throw new PosError('DB_UNAVAILABLE')
      throw error
    }
  }
}

/**
 * SQLite's plain SQLITE_BUSY comes only after its busy handler has waited busy_timeout — the whole
 * store deadline — for another process's write lock: rerunning would multiply that wait.
 */
function waitedWholeDeadline(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_BUSY'
}
