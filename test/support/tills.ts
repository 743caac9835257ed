// Several tills on one store, for tests that race them against each other.
//
// MySQL: each till is a core of its own in this process (its own connection pool, its own till
// id, its own cart) — the server does the racing.
//
// SQLite: each till is a core in a worker thread of its own, with its own connection to the same
// file. Not in this thread: better-sqlite3 is synchronous, so a second connection in the same
// thread that meets the write lock sleeps in SQLite's busy handler (busy_timeout, 5 s) with the
// whole event loop stopped — and the lock holder, waiting for that same event loop, cannot
// commit. Every collision would cost 5 s. Separate threads (like separate processes, e.g. the
// app and `pos orders expire`) wait only for each other's real transactions.
import { Worker } from 'node:worker_threads'
import type { OrderView, PaidView, RecalledView } from '../../src-shared/contract'
import { type ErrorCode, PosError } from '../../src-shared/errors'
import type { Config } from '../../src-main/config'
import { recallSale } from '../../src-main/cart/parked.service'
import type { Actor, Core } from '../../src-main/core/core'
import { placeOrder, type PlaceOrderInput } from '../../src-main/orders/checkout.service'
import { cancelOrder, expireUnpaidOrders, noOrderHooks } from '../../src-main/orders/order-lifecycle.service'
import { createPayments, type Payments } from '../../src-main/payments/payments'
import { type CheckoutOptions, sell, staffActor } from './shop'
import type { TestStore } from './stores'

/** One till: the calls a till makes, on its own connection(s). */
export interface Till {
  readonly tillId: string
  /** A cashier logged in at this till. */
  readonly actor: Actor
  sell(lines: [skuId: number, count: number][], options?: CheckoutOptions): Promise<OrderView>
  placeOrder(input: PlaceOrderInput, actor?: Actor): Promise<OrderView>
  expireUnpaidOrders(actor: Actor): Promise<{ expired: number }>
  cancelOrder(actor: Actor, orderId: number): Promise<OrderView>
  cartLines(): Promise<Map<number, number>>
  clearCart(): Promise<void>
  /** Recalls parked sale `id` into this till's cart (cart.recall's service). */
  recallSale(id: number): Promise<RecalledView>
  /** Cash or card at this till's counter (no gateway), for `amountFen` or all that is owed. */
  payAtCounter(pay: CounterPay): Promise<PaidView>
}

/** A cash (with `tenderedFen`) or card payment at the counter. */
export interface CounterPay {
  orderId: number
  tenderedFen?: number
  amountFen?: number
  idempotencyKey: string
}

/** Cash when a tender is given, else card — through a payments feature without a gateway. */
export function payAtCounter(payments: Payments, actor: Actor, pay: CounterPay): Promise<PaidView> {
  return pay.tenderedFen === undefined
    ? payments.service.payCard(actor, pay.orderId, pay.idempotencyKey, pay.amountFen)
    : payments.service.payCash(actor, pay.orderId, pay.tenderedFen, pay.idempotencyKey, pay.amountFen)
}

export interface Tills {
  tills: Till[]
  close(): Promise<void>
}

export interface TillOptions {
  /** Run each till in a worker thread of its own (default: on SQLite only). */
  threads?: boolean
  /** Give some tills the same till id, e.g. two workers behind one till's double click. */
  tillIds?: string[]
}

/**
 * Opens `count` tills with ids `<prefix>1 … <prefix><count>` (or `options.tillIds`), each with a
 * cashier of its own. Close them before disposing of the store.
 */
export async function openTills(
  t: TestStore,
  count: number,
  prefix: string,
  options: TillOptions = {},
): Promise<Tills> {
  const threads = options.threads ?? t.kind === 'sqlite'
  const ids = options.tillIds ?? Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`)
  const tills: Till[] = []
  const closers: (() => Promise<void>)[] = []
  try {
    for (const tillId of ids) {
      const actor = await staffActor(t.core, 'cashier', tillId)
      if (threads) {
        const thread = new ThreadTill(tillId, actor, t)
        closers.push(() => thread.close())
        tills.push(thread)
      } else {
        tills.push(new LocalTill(tillId, actor, await t.openAnother({ tillId }, 2)))
      }
    }
    await Promise.all(tills.map((till) => (till instanceof ThreadTill ? till.ready : Promise.resolve())))
  } catch (error) {
    await Promise.all(closers.map((c) => c()))
    throw error
  }
  return { tills, close: async () => void (await Promise.all(closers.map((c) => c()))) }
}

/** A till in this process; its core is closed with the store. */
class LocalTill implements Till {
  constructor(
    readonly tillId: string,
    readonly actor: Actor,
    readonly core: Core,
  ) {}
  sell(lines: [number, number][], options?: CheckoutOptions) {
    return sell(this.core, this.actor, lines, options)
  }
  placeOrder(input: PlaceOrderInput, actor = this.actor) {
    return placeOrder(this.core, actor, input)
  }
  expireUnpaidOrders(actor: Actor) {
    return expireUnpaidOrders(this.core, noOrderHooks, actor)
  }
  cancelOrder(actor: Actor, orderId: number) {
    return cancelOrder(this.core, noOrderHooks, actor, orderId)
  }
  cartLines() {
    return this.core.cart.lines(this.tillId)
  }
  clearCart() {
    return this.core.cart.clear(this.tillId)
  }
  recallSale(id: number) {
    return recallSale(this.core, this.actor, id)
  }
  private payments: Payments | undefined
  payAtCounter(pay: CounterPay) {
    this.payments ??= createPayments(this.core, null)
    return payAtCounter(this.payments, this.actor, pay)
  }
}

/** What crosses from a worker thread for a failed call: enough to rebuild the same error. */
export interface SentError {
  posError: boolean
  code?: string
  errno?: number
  name?: string
  message: string
  details?: Record<string, unknown>
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SentError }

/**
 * Worker threads whose till was closed, kept for the next till: starting one costs a good part of
 * a second of CPU (it loads the order core through tsx). Unreferenced, so they never keep the
 * test process alive.
 */
const idleThreads: Worker[] = []

function takeIdleThread(): Worker | undefined {
  for (let worker = idleThreads.pop(); worker; worker = idleThreads.pop()) {
    if (worker.threadId !== -1) return worker // -1: the thread has stopped
  }
  return undefined
}

/** A till in a worker thread of its own (see till-thread.worker.ts). */
class ThreadTill implements Till {
  readonly ready: Promise<unknown>
  private readonly worker: Worker
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>()
  private nextId = 1
  private closed = false
  private readonly onMessage = (reply: Reply) => {
    const waiting = this.pending.get(reply.id)
    if (!waiting) return
    this.pending.delete(reply.id)
    if (reply.ok) waiting.resolve(reply.value)
    else waiting.reject(rebuildError(reply.error))
  }
  private readonly onError = (error: unknown) => this.failAll(error)
  private readonly onExit = (code: number) =>
    this.failAll(new Error(`till thread ${this.tillId} exited with code ${code}`))

  constructor(
    readonly tillId: string,
    readonly actor: Actor,
    private readonly t: TestStore,
  ) {
    this.worker = takeIdleThread() ?? new Worker(new URL('./till-thread.boot.mjs', import.meta.url))
    this.worker.ref()
    this.worker.on('message', this.onMessage)
    this.worker.on('error', this.onError)
    this.worker.on('exit', this.onExit)
    const config: Config = { ...t.config, tillId }
    this.ready = this.call('open', { config })
  }

  private failAll(error: unknown) {
    for (const waiting of this.pending.values()) waiting.reject(error)
    this.pending.clear()
  }

  private call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`till thread ${this.tillId} is closed`))
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      // The test's clock, as it is at the moment of the call.
      this.worker.postMessage({ id, op, args: { ...args, now: this.t.clock.now } })
    })
  }

  sell(lines: [number, number][], options?: CheckoutOptions) {
    return this.call<OrderView>('sell', { actor: this.actor, lines, options })
  }
  placeOrder(input: PlaceOrderInput, actor = this.actor) {
    return this.call<OrderView>('placeOrder', { actor, input })
  }
  expireUnpaidOrders(actor: Actor) {
    return this.call<{ expired: number }>('expireUnpaidOrders', { actor })
  }
  cancelOrder(actor: Actor, orderId: number) {
    return this.call<OrderView>('cancelOrder', { actor, orderId })
  }
  async cartLines() {
    return new Map(await this.call<[number, number][]>('cartLines', { tillId: this.tillId }))
  }
  clearCart() {
    return this.call<void>('clearCart', { tillId: this.tillId })
  }
  recallSale(id: number) {
    return this.call<RecalledView>('recallSale', { actor: this.actor, id })
  }
  payAtCounter(pay: CounterPay) {
    return this.call<PaidView>('payAtCounter', { actor: this.actor, pay })
  }
  /** Closes the till's connection; the thread waits, idle, for another till. */
  async close() {
    if (this.closed) return
    const reusable = await this.call('close').then(
      () => true,
      () => false,
    )
    this.closed = true
    this.worker.off('message', this.onMessage)
    this.worker.off('error', this.onError)
    this.worker.off('exit', this.onExit)
    if (reusable) {
      this.worker.unref()
      idleThreads.push(this.worker)
    } else {
      await this.worker.terminate()
    }
  }
}

function rebuildError(sent: SentError): Error {
  if (sent.posError) return new PosError(sent.code as ErrorCode, sent.message, sent.details)
  const error = new Error(sent.message) as Error & { code?: string; errno?: number }
  error.name = sent.name ?? 'Error'
  if (sent.code !== undefined) error.code = sent.code
  if (sent.errno !== undefined) error.errno = sent.errno
  return error
}
