// MySQL that hangs rather than fails, as a MariaDB stopped with SIGSTOP does: the till reaches it
// through a TCP proxy that stops forwarding without closing anything (stall), and later carries on
// with everything sent meanwhile (resume, as SIGCONT). We never stop the shared server itself.
// Every call must answer during the hang — writes DB_UNAVAILABLE, order reads from the offline
// history — and after the hang the till must recover by itself with every invariant intact.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CallResult, OrderPage, OrderView } from '../../src-shared/contract'
import { retryableCodes } from '../../src-shared/errors'
import { createApp, type PosApp } from '../../src-main/app'
import type { Core } from '../../src-main/core/core'
import { syncMirror } from '../../src-main/history/mirror.sync'
import { consoleLogger } from '../../src-main/logger'
import type { PlaceOrderInput } from '../../src-main/orders/checkout.service'
import { answeredDuringOutage } from '../support/outage'
import { failed, ok } from '../support/results'
import { addSku, appClient, orderInput, orderTotalsProblems, stockOf } from '../support/shop'
import { freshStore, MYSQL_ROOT, type TestStore } from '../support/stores'
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
    const actor = app.sessions.actorFor(cashier)
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

  it('every call answers while it lasts: writes DB_UNAVAILABLE, order reads from the offline history', async () => {
    proxy.stall()
    const [placed, carted, paid, searched, list, detail] = await Promise.all([
      during('orders.place', pending),
      during('cart.set', { skuId: sku, count: 5 }),
      during('payments.payCash', { orderId: unpaid.id, tenderedFen: unpaid.payFen }),
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
    const paid = ok(await call('payments.payCash', { orderId: unpaid.id, tenderedFen: unpaid.payFen }))
    expect(paid).toBeTruthy()
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
