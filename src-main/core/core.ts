// What every service needs: the store, the cart, settings, a clock and a log. Built once by
// app.ts (or a test) and passed down; services hold no other state.
//
// The shape of a service (src-main/<feature>/*.service.ts): plain exported functions
// `(core, [collaborators given at composition,] actor, input)` — e.g. cancelOrder(core, hooks,
// actor, orderId) — that check the rules and reach SQL only through their feature's
// *.repository.ts. No classes, no module-level state. Payments take a PaymentContext (this core
// plus the gateway client and the pollers, which live as long as the app) in place of core;
// createPayments (payments/payments.ts) binds their functions to it once for the handlers.
import type { Logger } from 'pino'
import type { CartStore } from '../cart/cart.store'
import type { ParkedSales } from '../cart/parked.store'
import type { Config } from '../config'
import type { Store } from '../db/store'
import type { QuotedPrices } from '../orders/quoted-prices'
import type { TicketNumbers } from '../orders/ticket-numbers'
import type { SettingsCache } from '../settings/settings.service'

export interface Core {
  store: Store
  cart: CartStore
  /** Parked sales (挂单), beside the carts: Redis in shared mode, the store's tables in embedded mode. */
  parked: ParkedSales
  config: Config
  /** Epoch milliseconds; tests move it to expire orders without waiting. */
  now: () => number
  log: Logger
  /** Each till's last quoted SKU rows (see quoted-prices.ts). */
  quotedPrices: QuotedPrices
  /** Each till's last ticket number of the day (see ticket-numbers.ts). */
  tickets: TicketNumbers
  /** The shop's stored settings, read through a short cache (see settings.service.ts). */
  settings: SettingsCache
}

/** Who is calling: a logged-in staff member at a till. Services check roles against it. */
export interface Actor {
  staffId: number
  username: string
  role: 'cashier' | 'admin'
  tillId: string
}

export const systemActor = (tillId: string): Actor => ({ staffId: 0, username: 'system', role: 'admin', tillId })
