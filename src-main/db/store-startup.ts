// Getting the shop database ready when the app starts. Shared mode: a till restarted
// while MySQL cannot be reached still starts, showing its order history offline, and checks its
// migrations in the background as soon as MySQL answers.
import type { Core } from '../core/core'
import { DEMO_PASSWORD, seedDemo } from '../seed/demo-seed'
import { dbErrorKind } from './errors'
import { ensureMysqlDatabase, migrateToLatest } from './migrator'

/** Shared mode: how often a till started during a MySQL outage tries to check its migrations. */
export const STORE_RETRY_MS = 5_000

/** Stops the background retries (and waits for an attempt under way). */
export type StopPreparing = () => Promise<void>

/**
 * Shared mode: creates and migrates MySQL; a demo is then ready to sell on its first start. When
 * MySQL cannot be reached the till starts anyway and retries every `retryMs` in the background.
 * A database that answers but refuses us throws, saying which; the caller closes the core.
 */
export async function startSharedStore(core: Core, migrate: boolean, retryMs = STORE_RETRY_MS): Promise<StopPreparing> {
  const prepare = () => prepareSharedStore(core, migrate)
  try {
    await prepare()
    return () => Promise.resolve()
  } catch (error) {
    if (!unreachable(error)) throw startupError(core, error)
    core.log.warn(
      { err: error },
      'MySQL cannot be reached: starting offline; migrations will be checked as soon as it answers',
    )
    return prepareWhenReachable(core, prepare, retryMs)
  }
}

/**
 * Creates and migrates the MySQL database; a demo is then ready to sell on its first start (later starts keep its
 * data).
 */
async function prepareSharedStore(core: Core, migrate: boolean): Promise<void> {
  if (migrate) {
    await ensureMysqlDatabase(core.config.store, core.config.deadlines.storeMs)
    await migrateToLatest(core.store)
  }
  if (core.config.demo) await seedDemo(core, DEMO_PASSWORD)
}

/** MySQL did not answer at all (refused, timed out, dropped) — not: it answered with an error. */
function unreachable(error: unknown): boolean {
  return dbErrorKind(error) === 'connection-lost'
}

/** A database that answers but refuses us (password, rights, a broken migration) stops start-up, saying which. */
function startupError({ config }: Core, error: unknown): Error {
  const location = config.store.kind === 'mysql' ? new URL(config.store.url) : null
  const where = location ? `${location.host}${location.pathname}` : 'the store'
  const message = error instanceof Error ? error.message : String(error)
  return new Error(`FreshTill cannot start: preparing the shop database at ${where} failed: ${message}`, {
    cause: error,
  })
}

/**
 * Retries `prepare` every `everyMs` until MySQL answers, in the background; the order reads
 * meanwhile answer from the offline history. Returns a function that stops it (and waits for an
 * attempt under way). A failure other than "unreachable" is logged and ends the retries: the
 * database needs someone's attention, and the next start reports it too.
 */
function prepareWhenReachable(core: Core, prepare: () => Promise<void>, everyMs: number): StopPreparing {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let attempt: Promise<void> | undefined
  const schedule = () => {
    timer = setTimeout(run, everyMs)
    timer.unref()
  }
  const run = () => {
    timer = undefined
    attempt = prepare().then(
      () => {
        if (!stopped) core.log.info('MySQL answers again: migrations checked')
      },
      (error: unknown) => {
        if (stopped) return
        if (unreachable(error)) return schedule()
        core.log.error({ err: error }, 'preparing the shop database failed; fix it and restart the app')
      },
    )
  }
  schedule()
  return async () => {
    stopped = true
    clearTimeout(timer)
    await attempt
  }
}
