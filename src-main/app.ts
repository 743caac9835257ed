// Composition root: config → store, cart → services → contract handlers → one dispatcher.
import { mkdirSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import type { Logger } from 'pino'
import { privateFolder } from './private-files'
import { type OpenedGateway, openAlipayGateway, shopOf } from './alipay/client/open-gateway'
import type { CartStore } from './cart/cart.store'
import { CartWithRemovals, finishCartRemovalsAtStart } from './cart/cart-removals'
import { cartHandlers } from './cart/cart.handlers'
import { finishParkedAtStart } from './cart/parked.service'
import { openRedisCart, RedisCartStore } from './cart/redis-cart.store'
import { RedisParkedSales } from './cart/redis-parked.store'
import { SqlCartStore } from './cart/sql-cart.store'
import { SqlParkedSales } from './cart/sql-parked.store'
import { catalogAdminHandlers } from './catalog/catalog-admin.handlers'
import { catalogHandlers } from './catalog/catalog.handlers'
import type { Config } from './config'
import { createDispatcher, type Dispatch } from './contract/dispatch'
import type { Handlers } from './contract/handlers'
import { type Core, systemActor } from './core/core'
import { ensureMysqlDatabase, migrateToLatest } from './db/migrator'
import { type StopPreparing, startSharedStore } from './db/store-startup'
import { openStore, type Store } from './db/store'
import { type OrderMirror, openMirrorOrNone } from './history/mirror'
import { startMirrorSync } from './history/mirror.sync'
import { fileLogger } from './logger'
import { memberHandlers } from './members/members.handlers'
import { noOrderHooks, startExpirySweep } from './orders/order-lifecycle.service'
import { orderHandlers } from './orders/orders.handlers'
import { paymentHandlers } from './payments/payments.handlers'
import { createPayments, type Payments, reconcileAtStart } from './payments/payments'
import type { PaymentOptions } from './payments/payment-options'
import { QuotedPrices } from './orders/quoted-prices'
import { TicketNumbers } from './orders/ticket-numbers'
import { receiptHandlers } from './receipts/receipts.handlers'
import { returnHandlers } from './returns/returns.handlers'
import { reportHandlers } from './reports/reports.handlers'
import { reviewHandlers } from './reviews/reviews.handlers'
import { DEMO_PASSWORD, seedDemo } from './seed/demo-seed'
import { settingsHandlers } from './settings/settings.handlers'
import { SettingsCache } from './settings/settings.service'
import { tillSettingsHandlers } from './settings/till-settings.handlers'
import { SessionStore } from './staff/sessions'
import { lockoutHandlers } from './staff/lockouts.handlers'
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
  privateFolder(config.dataDir)
  if (config.store.kind === 'sqlite') {
    // The store's own folder is private too when it is the data folder's (demo/); a store the
    // operator put elsewhere keeps its folder as it is, and only its files are narrowed.
    const folder = dirname(config.store.path)
    if (isInside(folder, config.dataDir)) privateFolder(folder)
    else mkdirSync(folder, { recursive: true })
  }
  if (options.migrate && config.store.kind === 'mysql')
    await ensureMysqlDatabase(config.store, config.deadlines.storeMs)
  const store: Store = openStore(config.store, { poolSize: options.poolSize, deadlines: config.deadlines })
  try {
    if (options.migrate) await migrateToLatest(store)
    const carts: CartStore = config.redisUrl
      ? await openRedisCart(config.redisUrl, config.redisPrefix, config.deadlines.redisMs, log)
      : new SqlCartStore(store, now)
    // Parked sales live where the carts do: a basket moves between the two.
    const parked = carts instanceof RedisCartStore ? new RedisParkedSales(carts.redis) : new SqlParkedSales(store)
    const cart: CartStore = new CartWithRemovals(carts, store)
    return {
      store,
      cart,
      parked,
      config,
      now,
      log,
      quotedPrices: new QuotedPrices(),
      tickets: new TicketNumbers(),
      settings: new SettingsCache(),
    }
  } catch (error) {
    await store.close()
    throw error
  }
}

export async function closeCore(core: Core): Promise<void> {
  await core.cart.close()
  await core.store.close()
}

/**
 * `history`: the offline order history (shared mode only). `payments`: without it, no Alipay gateway.
 * `env`: the environment the app started with (its settings win over the till's settings file).
 */
export function buildHandlers(
  core: Core,
  sessions: SessionStore,
  history: OrderMirror | null = null,
  payments: Payments | null = null,
  env: Record<string, string | undefined> = process.env,
): Handlers {
  // Without payments (tests of other features), the payment methods still answer, with no gateway.
  const paying = payments ?? createPayments(core, null)
  return {
    ...paymentHandlers(paying.service, paying.refunds),
    ...returnHandlers(paying.returns),
    ...staffHandlers(core, sessions, history),
    ...lockoutHandlers(core),
    ...catalogHandlers(core),
    ...cartHandlers(core),
    ...orderHandlers(core, payments?.orderHooks ?? noOrderHooks, history),
    ...memberHandlers(core),
    ...reviewHandlers(core),
    ...catalogAdminHandlers(core),
    ...reportHandlers(core),
    ...settingsHandlers(core),
    ...tillSettingsHandlers(core, env),
    ...receiptHandlers(core, env),
  }
}

export interface PosApp {
  core: Core
  sessions: SessionStore
  dispatch: Dispatch
  /** Shared mode: the local copy of the order history that answers while MySQL is unreachable. */
  history: OrderMirror | null
  payments: Payments
  /** The Alipay gateway: the configured one, the built-in sandbox (demo or POS_ALIPAY_SANDBOX=1), or none ('off'). */
  alipay: OpenedGateway
  /**
   * The start-up reconciliation, running in the background: pending payments, and the bought
   * lines of sales this till made before it last stopped still to leave its cart.
   */
  reconciled: Promise<void>
  close(): Promise<void>
}

export interface AppOptions extends CoreOptions {
  sweep?: boolean
  historySync?: boolean
  /** Shared mode, MySQL unreachable at start: how often to try preparing it again. */
  storeRetryMs?: number
  /** Poll intervals, QR timeout and the like (tests shorten them). */
  payments?: PaymentOptions
  /** The gateway client's HTTP timeout. */
  alipayTimeoutMs?: number
  /**
   * The environment the config was loaded from (default process.env): its settings win over the till's settings file.
   */
  env?: Record<string, string | undefined>
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<PosApp> {
  const migrate = options.migrate ?? true
  const shared = config.store.kind === 'mysql'
  // Shared mode prepares MySQL below instead, where an outage need not stop the till.
  const core = await openCore(config, { ...options, migrate: migrate && !shared })
  let stopPreparing: StopPreparing = () => Promise.resolve()
  if (shared) {
    try {
      stopPreparing = await startSharedStore(core, migrate, options.storeRetryMs)
    } catch (error) {
      await closeCore(core)
      throw error
    }
  } else if (config.demo) {
    await seedDemo(core, DEMO_PASSWORD).catch(async (error: unknown) => {
      await closeCore(core)
      throw error
    })
  }
  let alipay: OpenedGateway
  try {
    // A missing or unreadable key stops start-up here, with one line naming the file.
    alipay = await openAlipayGateway(config.alipay, {
      shop: shopOf(config),
      timeoutMs: options.alipayTimeoutMs,
      sandbox: config.demo || config.alipaySandbox === true,
    })
  } catch (error) {
    await stopPreparing()
    await closeCore(core)
    throw error
  }
  const payments = createPayments(core, alipay.gateway, {
    notifyUrl: config.alipay?.notifyUrl ?? null,
    ...options.payments,
  })
  const reconciled = Promise.all([
    reconcileAtStart(payments, core.log),
    finishCartRemovalsAtStart(core.store, core.cart, config.tillId, core.log),
    finishParkedAtStart(core, config.tillId, core.log),
  ]).then(() => undefined)
  const history = shared ? await openMirrorOrNone(core) : null
  const sessions = new SessionStore(core, history)
  const dispatch = createDispatcher(
    buildHandlers(core, sessions, history, payments, options.env ?? process.env),
    sessions,
    core.log,
  )
  const stopSweep =
    options.sweep === false ? () => undefined : startExpirySweep(core, payments.orderHooks, systemActor(config.tillId))
  const stopHistorySync = history && options.historySync !== false ? startMirrorSync(core, history) : () => undefined
  return {
    core,
    sessions,
    dispatch,
    history,
    payments,
    alipay,
    reconciled,
    close: async () => {
      stopSweep()
      stopHistorySync()
      await reconciled
      await payments.close()
      await alipay.close()
      await stopPreparing()
      await history?.close()
      await closeCore(core)
    },
  }
}

function isInside(folder: string, parent: string): boolean {
  const rel = relative(parent, folder)
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'))
}
