// Fresh, real stores for one test file: a new MariaDB database (dropped afterwards) or a new
// SQLite file, a Redis key prefix of its own, migrated with the app's own migrations.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnection } from 'mysql2/promise'
import { closeCore, openCore } from '../../src-main/app'
import { type Config, loadConfig, type StockStrategy } from '../../src-main/config'
import type { Core } from '../../src-main/core/core'
import { deleteKeysWithPrefix } from '../../src-main/bench/setup'
import { consoleLogger } from '../../src-main/logger'
import { testId } from './ids'

export type StoreKind = 'mysql' | 'sqlite'

export const MYSQL_ROOT = process.env.POS_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306'
export const REDIS_URL = process.env.POS_TEST_REDIS ?? 'redis://127.0.0.1:6379/0'

/** The stores the order-core suites run on (POS_TEST_STORES=mysql to run only one). */
export const testStores: StoreKind[] = (process.env.POS_TEST_STORES ?? 'mysql,sqlite').split(',') as StoreKind[]

export interface TestStore {
  kind: StoreKind
  config: Config
  /** A clock the test can move; starts at the real time. */
  clock: { now: number; advance(ms: number): void }
  core: Core
  /** Another core on the same store, as a second till or process would have. */
  openAnother(overrides?: Partial<Config>, poolSize?: number): Promise<Core>
  dispose(): Promise<void>
}

export interface FreshStoreOptions {
  strategy?: StockStrategy
  /**
   * Where the app reaches MySQL, e.g. a proxy that a test can cut: mysql://root@127.0.0.1:PORT.
   * Creating and dropping the test database always go to MYSQL_ROOT directly.
   */
  mysqlRoot?: string
}

export async function freshStore(
  kind: StoreKind,
  overrides: Partial<Config> & FreshStoreOptions = {},
): Promise<TestStore> {
  const tag = testId()
  const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-test-'))
  const env: Record<string, string> = {
    POS_DATA_DIR: dataDir,
    POS_TILL_ID: 'T1',
    POS_STOCK_STRATEGY: overrides.strategy ?? 'atomic',
  }
  if (kind === 'mysql') {
    env.POS_DB = `${overrides.mysqlRoot ?? MYSQL_ROOT}/ft_test_${tag}`
    env.POS_REDIS = REDIS_URL
    env.POS_REDIS_PREFIX = `fttest:${tag}:`
  } else {
    env.POS_DB = `sqlite:${join(dataDir, 'store.db')}`
  }
  const { strategy: _strategy, mysqlRoot: _mysqlRoot, ...configOverrides } = overrides
  const config: Config = { ...loadConfig(env), ...configOverrides }
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      clock.now += ms
    },
  }
  const log = consoleLogger(process.env.POS_TEST_LOG ?? 'silent')
  const opened: Core[] = []
  const open = async (more: Partial<Config> = {}, poolSize?: number, migrate = false) => {
    const core = await openCore({ ...config, ...more }, { log, now: () => clock.now, migrate, poolSize })
    opened.push(core)
    return core
  }
  const core = await open({}, undefined, true)
  return {
    kind,
    config,
    clock,
    core,
    openAnother: (more, poolSize) => open(more, poolSize),
    async dispose() {
      for (const c of opened) await closeCore(c).catch(() => undefined)
      if (kind === 'mysql') {
        const conn = await createConnection({ uri: MYSQL_ROOT })
        await conn.query(`DROP DATABASE IF EXISTS \`ft_test_${tag}\``)
        await conn.end()
        await deleteKeysWithPrefix(REDIS_URL, `fttest:${tag}:`)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
