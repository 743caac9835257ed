// A shop of its own for every bench run: benchmarks race for stock and load a million orders, so
// they must never touch the configured shop's data. MySQL: a fresh database named after the
// configured one (`<db>_bench_<random>`), dropped at the end. SQLite: a file in a temp folder,
// deleted at the end. Redis carts: a key prefix of the run's own, its keys deleted at the end.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { createConnection } from 'mysql2/promise'
import { closeCore, openCore } from '../app'
import { type Config, defaultDeadlines, type StockStrategy } from '../config'
import type { Core } from '../core/core'
import { ensureMysqlDatabase } from '../db/migrator'
import type { StoreLocation } from '../db/store'
import { consoleLogger } from '../logger'

export interface BenchShop {
  store: 'mysql' | 'sqlite'
  cart: 'redis' | 'sql'
  /** The bench database's name, or the SQLite file's path. */
  name: string
  /** The office's core: sets the shop up and checks the stock afterwards. */
  office: Core
  /** A till's core. MySQL: its own connection pool (and Redis connection). */
  openTillCore(tillId: string): Promise<Core>
  /** What a till in a worker thread opens its own core with (shared mode only). */
  tillConfig(tillId: string): Config
  /** Drops the bench database (or file) and the run's Redis keys. Safe to call twice. */
  dispose(): Promise<void>
}

/** Each till keeps up to 2 connections; a till is sequential, so it rarely opens the second. */
export const TILL_POOL_SIZE = 2

/** Runs a scenario on a shop of its own and disposes of the shop however the scenario ends. */
export async function withBenchShop<T>(config: Config, run: (shop: BenchShop) => Promise<T>): Promise<T> {
  const shop = await openBenchShop(config)
  try {
    return await run(shop)
  } finally {
    await shop.dispose()
  }
}

async function openBenchShop(config: Config): Promise<BenchShop> {
  const tag = randomBytes(4).toString('hex')
  const log = consoleLogger('warn')
  const redisPrefix = config.redisUrl ? `${config.redisPrefix}bench:${tag}:` : config.redisPrefix
  let location: StoreLocation
  let name: string
  let tempDir: string | null = null
  if (config.store.kind === 'mysql') {
    const url = new URL(config.store.url)
    name = benchDatabaseName(decodeURIComponent(url.pathname.slice(1)), tag)
    url.pathname = `/${name}`
    location = { kind: 'mysql', url: url.toString() }
    await ensureMysqlDatabase(location)
  } else {
    tempDir = mkdtempSync(join(tmpdir(), 'freshtill-bench-'))
    name = join(tempDir, 'bench.db')
    location = { kind: 'sqlite', path: name }
  }
  const benchConfig: Config = { ...config, store: location, redisPrefix, tillId: 'B0' }

  const opened: Core[] = []
  let disposed = false
  const dispose = async () => {
    if (disposed) return
    disposed = true
    for (const core of opened.reverse()) await closeCore(core).catch(() => undefined)
    if (location.kind === 'mysql') await dropDatabase(location.url, name)
    if (tempDir) rmSync(tempDir, { recursive: true, force: true })
    if (config.redisUrl) await deleteKeysWithPrefix(config.redisUrl, redisPrefix)
  }

  try {
    const office = await openCore(benchConfig, { log, migrate: true })
    opened.push(office)
    return {
      store: location.kind,
      cart: config.redisUrl ? 'redis' : 'sql',
      name,
      office,
      async openTillCore(tillId) {
        // better-sqlite3 is synchronous: a second connection in this process waiting on the
        // file's write lock would block the event loop that the lock holder needs to finish.
        // An embedded store has one writer anyway, so SQLite tills share the office's connection.
        if (location.kind === 'sqlite') return { ...office, config: { ...office.config, tillId } }
        const core = await openCore({ ...benchConfig, tillId }, { log, poolSize: TILL_POOL_SIZE })
        opened.push(core)
        return core
      },
      tillConfig: (tillId) => ({ ...benchConfig, tillId }),
      dispose,
    }
  } catch (error) {
    await dispose()
    throw error
  }
}

/** The same core (connections, cart) placing orders with another stock strategy. */
export function withStrategy(core: Core, strategy: StockStrategy): Core {
  return { ...core, config: { ...core.config, stockStrategy: strategy } }
}

/** `<db>_bench_<tag>`, cut to MySQL's 64 characters and to the characters we allow. */
export function benchDatabaseName(configured: string, tag: string): string {
  const base = configured.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 64 - '_bench_'.length - tag.length)
  return `${base}_bench_${tag}`
}

async function dropDatabase(url: string, name: string): Promise<void> {
  const server = new URL(url)
  server.pathname = '/'
  const conn = await createConnection({ uri: server.toString(), connectTimeout: 5000 })
  try {
    // Dropping a big bench database may rightly take a while: the report deadline.
    await conn.query({ sql: `DROP DATABASE IF EXISTS \`${name}\``, timeout: defaultDeadlines.reportMs })
  } finally {
    await conn.end()
  }
}

/** SCAN, not KEYS: the Redis may be a shop's live one, and KEYS blocks it. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: defaultDeadlines.redisMs,
    commandTimeout: defaultDeadlines.redisMs,
  })
  redis.on('error', () => undefined)
  try {
    await redis.connect()
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      if (keys.length > 0) await redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}
