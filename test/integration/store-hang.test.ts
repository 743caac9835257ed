// MySQL that hangs rather than fails, as a MariaDB stopped with SIGSTOP does: the till reaches it
// through a TCP proxy that stops forwarding without closing anything (stall), and later carries on
// with everything sent meanwhile (resume, as SIGCONT). We never stop the shared server itself.
// Every call must answer during the hang — writes DB_UNAVAILABLE, order reads from the offline
// history — and after the hang the till must recover by itself with every invariant intact. Redis,
// the carts' store, hangs the same way behind a proxy of its own.
import { createConnection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CallResult, OrderPage, OrderView } from '../../src-shared/contract'
import { retryableCodes } from '../../src-shared/errors'
import { createApp, type PosApp } from '../../src-main/app'
import type { Core } from '../../src-main/core/core'
import { syncMirror } from '../../src-main/history/mirror.sync'
import { consoleLogger } from '../../src-main/logger'
import type { PlaceOrderInput } from '../../src-main/orders/checkout.service'
import { testId } from '../support/ids'
import { answeredDuringOutage } from '../support/outage'
import { failed, ok } from '../support/results'
import {
  addSku,
  appClient,
  contractClient,
  orderInput,
  orderTotalsProblems,
  sell,
  snapshot,
  staffActor,
  stockOf,
} from '../support/shop'
import { freshStore, MYSQL_ROOT, REDIS_URL, type TestStore } from '../support/stores'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { WAIT_MS } from '../support/waits'

const log = consoleLogger(process.env.POS_TEST_LOG ?? 'silent')
/** Short deadlines, so that the test waits little; the rules are the same as with the defaults. */
const deadlines = { storeMs: 1_500, reportMs: 3_000, redisMs: 1_500 }
const STOCK = 100

describe('MySQL hangs (SIGSTOP-like) under a till', () => {
  let proxy: TcpProxy
  let t: TestStore
  /** The same database straight, not through the proxy: the shop's view of what was written. */
  let direct: Core
  let app: PosApp
  let cashier: string
  let sku: number
  let unpaid: OrderView
  /** Prepared before the hang (quote and all), submitted during it. */
  let pending: PlaceOrderInput

  const call = async <T>(method: string, input: unknown): Promise<CallResult<T>> =>
    (await app.dispatch(method, cashier, input)) as CallResult<T>
  const during = <T>(method: string, input: unknown) => answeredDuringOutage(call<T>(method, input), method)

  beforeAll(async () => {
    proxy = await startTcpProxy()
    t = await freshStore('mysql', { mysqlRoot: `mysql://root@127.0.0.1:${proxy.port}`, deadlines })
    if (t.config.store.kind !== 'mysql') throw new Error('expected MySQL')
    direct = await t.openAnother({
      tillId: 'T9',
      store: { kind: 'mysql', url: `${MYSQL_ROOT}${new URL(t.config.store.url).pathname}` },
    })
    app = await createApp(t.config, { log, now: () => t.clock.now, sweep: false, historySync: false })
    if (!app.history) throw new Error('shared mode must open the offline history')
    cashier = (await appClient(app).login('cashier')).token
    sku = await addSku(direct, { stock: STOCK, priceFen: 500 })
    const actor = (await app.sessions.check(cashier))?.actor
    if (!actor) throw new Error('no session')
    unpaid = ok(await call<OrderView>('orders.place', await orderInput(app.core, actor, [[sku, 2]])))
    pending = await orderInput(app.core, actor, [[sku, 3]])
    await syncMirror(app.core, app.history)
  })

  afterAll(async () => {
    proxy?.resume()
    await app?.close()
    await t?.dispose()
    await proxy?.close()
  })

  /** The cashier's one press of 收现金, sent again with its key on every retry. */
  const cashKey = testId('cash_')
  const cash = () => ({ orderId: unpaid.id, tenderedFen: unpaid.payFen, idempotencyKey: cashKey })

  it('every call answers while it lasts: writes DB_UNAVAILABLE, order reads from the offline history', async () => {
    proxy.stall()
    const [placed, carted, paid, searched, list, detail] = await Promise.all([
      during('orders.place', pending),
      during('cart.set', { skuId: sku, count: 5 }),
      during('payments.payCash', cash()),
      during('catalog.search', { query: '' }),
      during<OrderPage>('orders.list', { limit: 50 }),
      during<OrderView>('orders.get', { orderId: unpaid.id }),
    ])
    failed(placed, 'DB_UNAVAILABLE')
    expect(retryableCodes.has('DB_UNAVAILABLE')).toBe(true)
    failed(carted, 'DB_UNAVAILABLE')
    failed(paid, 'DB_UNAVAILABLE')
    failed(searched, 'DB_UNAVAILABLE')
    expect(ok(list).offline).not.toBeNull()
    expect(ok(list).orders.map((o) => o.id)).toEqual([unpaid.id])
    expect(ok(detail)).toMatchObject({ id: unpaid.id, offline: expect.anything() as unknown })
    // A second round meets connections destroyed by the first and new ones that never open.
    failed(await during('orders.place', pending), 'DB_UNAVAILABLE')
    failed(await during('catalog.search', { query: '' }), 'DB_UNAVAILABLE')
  })

  it('once it ends, the till recovers by itself and every invariant holds', async () => {
    proxy.resume()
    // The same request again (the cashier's retry): one order, whether or not the one sent during
    // the hang reached the server and committed when it woke up.
    const order = await vi.waitFor(async () => ok(await call<OrderView>('orders.place', pending)), {
      timeout: WAIT_MS,
      interval: 100,
    })
    expect(ok(await call<OrderView>('orders.place', pending)).id).toBe(order.id)
    // The cash too: the same key again is the same receipt, never a second payment.
    const paid = ok(await call('payments.payCash', cash()))
    expect(ok(await call('payments.payCash', cash()))).toEqual(paid)
    expect(ok(await call<OrderPage>('orders.list', { limit: 50 })).offline).toBeNull()
    ok(await call('cart.set', { skuId: sku, count: 1 }))

    const orders = await direct.store.db
      .selectFrom('order_info')
      .select(['id', 'idempotency_key', 'pay_fen', 'paid_fen'])
      .orderBy('id')
      .execute()
    expect(orders.map((o) => o.id)).toEqual([unpaid.id, order.id])
    expect(orders.filter((o) => o.idempotency_key === pending.idempotencyKey)).toHaveLength(1)
    expect(await orderTotalsProblems(direct, [unpaid.id, order.id])).toEqual([])
    // Stock taken exactly once per order line; money taken exactly once.
    expect(await stockOf(direct, sku)).toEqual({ stock: STOCK - 2 - 3, sales: 2 + 3 })
    const payments = await direct.store.db.selectFrom('payments').select(['order_id', 'amount_fen']).execute()
    expect(payments).toEqual([{ order_id: unpaid.id, amount_fen: unpaid.payFen }])
    expect(orders.find((o) => o.id === unpaid.id)?.paid_fen).toBe(unpaid.payFen)
  })
})

describe('Redis hangs under a till', () => {
  let proxy: TcpProxy
  let t: TestStore
  let sku: number

  beforeAll(async () => {
    const redis = new URL(REDIS_URL)
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port) })
    t = await freshStore('mysql', { redisUrl: `redis://127.0.0.1:${proxy.port}/0`, deadlines })
    sku = await addSku(t.core, { stock: STOCK })
  })
  afterAll(async () => {
    proxy?.resume()
    await t?.dispose()
    await proxy?.close()
  })

  it('a cart call answers CACHE_UNAVAILABLE while it lasts, and the cart works again after it', async () => {
    const till = contractClient(t.core)
    const { token } = await till.login('cashier')
    ok(await till.call('cart.set', { skuId: sku, count: 1 }, token))
    proxy.stall()
    const during = await answeredDuringOutage(till.call('cart.set', { skuId: sku, count: 2 }, token), 'cart.set')
    failed(during, 'CACHE_UNAVAILABLE')
    failed(await answeredDuringOutage(till.call('cart.get', {}, token), 'cart.get'), 'CACHE_UNAVAILABLE')
    proxy.resume()
    const cart = await vi.waitFor(async () => ok(await till.call('cart.set', { skuId: sku, count: 3 }, token)), {
      timeout: WAIT_MS,
      interval: 100,
    })
    expect(cart).toMatchObject({ lines: [{ skuId: sku, count: 3 }], totalCount: 3 })
  })
})

describe.each(['atomic', 'pessimistic'] as const)('a SKU locked past the store deadline (%s)', (strategy) => {
  let t: TestStore

  beforeAll(async () => {
    t = await freshStore('mysql', { strategy, deadlines })
  })
  afterAll(() => t?.dispose())

  it('the order answers DB_UNAVAILABLE and leaves nothing written; once free, it is placed', async () => {
    if (t.config.store.kind !== 'mysql') throw new Error('expected MySQL')
    const sku = await addSku(t.core, { stock: STOCK })
    const cashier = await staffActor(t.core)
    const input = await orderInput(t.core, cashier, [[sku, 1]])
    const before = await snapshot(t.core)
    // Another session holds the SKU's row, as a stuck admin's transaction would.
    const other = await createConnection({ uri: t.config.store.url })
    try {
      await other.query('START TRANSACTION')
      await other.query('SELECT stock FROM goods_sku WHERE id = ? FOR UPDATE', [sku])
      const refused = await answeredDuringOutage(
        sell(t.core, cashier, [[sku, 1]], { idempotencyKey: input.idempotencyKey }).then(
          () => null,
          (error: unknown) => error,
        ),
        'orders.place',
      )
      expect(refused).toMatchObject({ code: 'DB_UNAVAILABLE' })
      expect(await snapshot(t.core)).toEqual(before)
    } finally {
      await other.query('ROLLBACK')
      await other.end()
    }
    const order = await sell(t.core, cashier, [[sku, 1]], { idempotencyKey: input.idempotencyKey })
    expect(await stockOf(t.core, sku)).toEqual({ stock: STOCK - 1, sales: 1 })
    expect(await orderTotalsProblems(t.core, [order.id])).toEqual([])
  })
})
