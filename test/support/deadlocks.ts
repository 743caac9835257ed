// Deadlocks the order core retried away never reach a caller, so a test that only looks at
// results cannot see that locks were taken in a bad order. InnoDB keeps the latest deadlock it
// detected (SHOW ENGINE INNODB STATUS); one that names this test's database and appeared while the
// test ran is ours. Other test files share the server, so a later deadlock of theirs can hide
// ours (a miss, never a false alarm).
import { sql } from 'kysely'
import type { TestStore } from './stores'

async function latestDeadlock(t: TestStore): Promise<string> {
  const { rows } = await sql<{ Status: string }>`SHOW ENGINE INNODB STATUS`.execute(t.core.store.db)
  const status = rows[0]?.Status ?? ''
  return /LATEST DETECTED DEADLOCK\n-+\n([\s\S]*?)\n-{3,}\nTRANSACTIONS\n/.exec(status)?.[1] ?? ''
}

/**
 * Starts watching for deadlocks in the test's own MySQL database; `newDeadlock()` returns the
 * server's report of one detected since (or null). Always null on SQLite.
 */
export async function watchDeadlocks(t: TestStore): Promise<{ newDeadlock(): Promise<string | null> }> {
  if (t.config.store.kind !== 'mysql') return { newDeadlock: () => Promise.resolve(null) }
  const database = decodeURIComponent(new URL(t.config.store.url).pathname.slice(1))
  const before = await latestDeadlock(t)
  return {
    async newDeadlock() {
      const now = await latestDeadlock(t)
      return now !== before && now.includes(`\`${database}\`.`) ? now : null
    },
  }
}
