// Composition root: config → store, cart → services → contract handlers → one dispatcher.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Logger } from 'pino'
import type { CartStore } from './cart/cart.store'
import { cartHandlers } from './cart/cart.handlers'
import { openRedisCart } from './cart/redis-cart.store'
import { SqlCartStore } from './cart/sql-cart.store'
import { catalogHandlers } from './catalog/catalog.handlers'
import type { Config } from './config'
import { createDispatcher, type Dispatch } from './contract/dispatch'
import type { Handlers } from './contract/handlers'
import { type Core, systemActor } from './core/core'
import { ensureMysqlDatabase, migrateToLatest } from './db/migrator'
import { openStore, type Store } from './db/store'
import { type OrderMirror, openMirror } from './history/mirror'
import { startMirrorSync } from './history/mirror.sync'
import { fileLogger } from './logger'
import { memberHandlers } from './members/members.handlers'
import { startExpirySweep } from './orders/order-lifecycle.service'
import { orderHandlers } from './orders/orders.handlers'
import { QuotedPrices } from './orders/quoted-prices'
import { reviewHandlers } from './reviews/reviews.handlers'
import { DEMO_PASSWORD, seedDemo } from './seed/demo-seed'
import { SessionStore } from './staff/sessions'
import { staffHandlers } from './staff/staff.handlers'

export interface CoreOptions {
  log?: Logger
  now?: () => number
  /** Apply pending migrations on open (the app does; `pos migrate` does it explicitly). */
  migrate?: boolean
  poolSize?: number
}

export async function openCore(config: Config, options: CoreOptions = {}): Promise<Core> {
  const log = options.log ?? fileLogger(config.dataDir, config.logLevel)
  const now = options.now ?? Date.now
  if (config.store.kind === 'sqlite') mkdirSync(dirname(config.store.path), { recursive: true })
  if (options.migrate && config.store.kind === 'mysql') await ensureMysqlDatabase(config.store)
  const store: Store = openStore(config.store, { poolSize: options.poolSize })
  try {
    if (options.migrate) await migrateToLatest(store)
    const cart: CartStore = config.redisUrl ? await openRedisCart(config.redisUrl, config.redisPrefix) : new SqlCartStore(store, now)
    return { store, cart, config, now, log, quotedPrices: new QuotedPrices() }
  } catch (error) {
    await store.close()
    throw error
  }
}

export async function closeCore(core: Core): Promise<void> {
  await core.cart.close()
  await core.store.close()
}

/** `history`: the offline order history (shared mode only). */
export function buildHandlers(core: Core, sessions: SessionStore, history: OrderMirror | null = null): Handlers {
  return {
    ...staffHandlers(core, sessions),
    ...catalogHandlers(core),
    ...cartHandlers(core),
    ...orderHandlers(core, history),
    ...memberHandlers(core),
    ...reviewHandlers(core),
  }
}

export interface PosApp {
  core: Core
  sessions: SessionStore
  dispatch: Dispatch
  /** Shared mode: the local copy of the order history that answers while MySQL is unreachable. */
  history: OrderMirror | null
  close(): Promise<void>
}

export async function createApp(config: Config, options: CoreOptions & { sweep?: boolean; historySync?: boolean } = {}): Promise<PosApp> {
  const core = await openCore(config, { migrate: true, ...options })
  // A demo is ready to sell on its first start; later starts find the data there and keep it.
  if (config.demo) await seedDemo(core, DEMO_PASSWORD)
  const sessions = new SessionStore(core.now)
  const history = config.store.kind === 'mysql' ? await openHistory(core) : null
  const dispatch = createDispatcher(buildHandlers(core, sessions, history), sessions, core.log)
  const stopSweep = options.sweep === false ? () => undefined : startExpirySweep(core, systemActor(config.tillId))
  const stopHistorySync = history && options.historySync !== false ? startMirrorSync(core, history) : () => undefined
  return {
    core,
    sessions,
    dispatch,
    history,
    close: async () => {
      stopSweep()
      stopHistorySync()
      await history?.close()
      await closeCore(core)
    },
  }
}

/** A broken history file must not stop the till from selling: it then runs without one. */
async function openHistory(core: Core): Promise<OrderMirror | null> {
  try {
    return await openMirror(core)
  } catch (error) {
    core.log.error({ err: error }, 'cannot open the offline order history; running without it')
    return null
  }
}
