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
import { fileLogger } from './logger'
import { memberHandlers } from './members/members.handlers'
import { startExpirySweep } from './orders/order-lifecycle.service'
import { orderHandlers } from './orders/orders.handlers'
import { reviewHandlers } from './reviews/reviews.handlers'
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
    return { store, cart, config, now, log }
  } catch (error) {
    await store.close()
    throw error
  }
}

export async function closeCore(core: Core): Promise<void> {
  await core.cart.close()
  await core.store.close()
}

export function buildHandlers(core: Core, sessions: SessionStore): Handlers {
  return {
    ...staffHandlers(core, sessions),
    ...catalogHandlers(core),
    ...cartHandlers(core),
    ...orderHandlers(core),
    ...memberHandlers(core),
    ...reviewHandlers(core),
  }
}

export interface PosApp {
  core: Core
  sessions: SessionStore
  dispatch: Dispatch
  close(): Promise<void>
}

export async function createApp(config: Config, options: CoreOptions & { sweep?: boolean } = {}): Promise<PosApp> {
  const core = await openCore(config, { migrate: true, ...options })
  const sessions = new SessionStore(core.now)
  const dispatch = createDispatcher(buildHandlers(core, sessions), sessions, core.log)
  const stopSweep = options.sweep === false ? () => undefined : startExpirySweep(core, systemActor(config.tillId))
  return {
    core,
    sessions,
    dispatch,
    close: async () => {
      stopSweep()
      await closeCore(core)
    },
  }
}
