// The offline order history, with MySQL cut off for real: the till under test reaches
// MySQL through a TCP proxy that the test closes (sockets torn down, connections refused) and
// stalls (packets silently dropped). A second till (T2) works on the same database directly,
// so the shop goes on changing while this till is cut off.
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CallResult, OrderDetail, OrderPage, OrderView } from '../../src-shared/contract'
import { OrderStatus } from '../../src-shared/order-status'
import { createApp, type PosApp } from '../../src-main/app'
import type { Actor, Core } from '../../src-main/core/core'
import type { OrderMirror } from '../../src-main/history/mirror'
import { ONLINE_READ_WAIT_MS } from '../../src-main/history/mirror.handlers'
import { startMirrorSync, type SyncResult, syncMirror } from '../../src-main/history/mirror.sync'
import { consoleLogger } from '../../src-main/logger'
import { addMember } from '../../src-main/members/members.service'
import { cancelOrder, noOrderHooks } from '../../src-main/orders/order-lifecycle.service'
import { listOrders } from '../../src-main/orders/order-query.service'
import type { PlaceOrderInput } from '../../src-main/orders/checkout.service'
import { SessionStore } from '../../src-main/staff/sessions'
import { logOutEverywhere } from '../../src-main/staff/staff.service'
import { freshStore, MYSQL_ROOT, type TestStore } from '../support/stores'
import { addSku, appClient, orderInput, sell, snapshot, staffActor } from '../support/shop'
import { answeredDuringOutage } from '../support/outage'
import { ok } from '../support/results'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { WAIT_MS } from '../support/waits'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const log = consoleLogger(process.env.POS_TEST_LOG ?? 'silent')

describe('offline order history on MySQL, cut off through a proxy', () => {
  let proxy: TcpProxy
  let t: TestStore
  /** Till T2, straight to MySQL: the rest of the shop, which keeps working during the cut. */
  let t2: Core
  /** Till T1, the till under test, through the proxy. */
  let app: PosApp
  let history: OrderMirror
  let cashier: string
  let admin: string
  let cashierT2: Actor
  let adminT2: Actor
  let sku: number
  let memberPhone: string
  const mine: OrderView[] = []
  const theirs: OrderView[] = []
  let theirOld: OrderView
  let firstSync: SyncResult
  let liveDetail: OrderDetail
  /** An order the till prepared before the cut and submits while cut off. */
  let pending: PlaceOrderInput

  const call = async <T>(method: string, input: unknown, token: string): Promise<CallResult<T>> =>
    (await app.dispatch(method, token, input)) as CallResult<T>
  const ids = (page: OrderPage) => page.orders.map((o) => o.id)
  const newestFirst = (orders: OrderView[]) =>
    [...orders].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id).map((o) => o.id)
  const actorOf = async (token: string) => (await app.sessions.check(token))?.actor as Actor
  const mirrored = async () =>
    (await history.store.db.selectFrom('order_info').select('id').orderBy('id').execute()).map((r) => r.id)
  const mirrorCounts = async () => {
    const counts: Record<string, number> = {}
    for (const table of ['order_info', 'order_goods', 'order_events', 'payments', 'members'] as const) {
      counts[table] = Number(
        (
          await history.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    }
    return counts
  }
  const login = async (role: 'cashier' | 'admin') => (await appClient(app).login(role)).token
  /** Places an order at T1 the way the submit page does: fill the cart, quote, submit. */
  const placeAtT1 = async (token: string, options: { memberPhone?: string } = {}) => {
    const input = await orderInput(app.core, await actorOf(token), [[sku, 1]])
    return ok(await call<OrderView>('orders.place', { ...input, ...options }, token))
  }
  const waitUntilMirrored = (orderIds: number[]) =>
    vi.waitFor(
      async () => {
        const held = await mirrored()
        for (const id of orderIds) expect(held).toContain(id)
      },
      { timeout: WAIT_MS, interval: 20 },
    )

  beforeAll(async () => {
    proxy = await startTcpProxy()
    t = await freshStore('mysql', { mysqlRoot: `mysql://root@127.0.0.1:${proxy.port}` })
    if (t.config.store.kind !== 'mysql') throw new Error('expected MySQL')
    t2 = await t.openAnother({
      tillId: 'T2',
      store: { kind: 'mysql', url: `${MYSQL_ROOT}${new URL(t.config.store.url).pathname}` },
    })
    app = await createApp(t.config, { log, now: () => t.clock.now, sweep: false, historySync: false })
    if (!app.history) throw new Error('shared mode must open the offline history')
    history = app.history
    cashier = await login('cashier')
    admin = await login('admin')
    cashierT2 = await staffActor(t2, 'cashier', 'T2')
    adminT2 = await staffActor(t2, 'admin', 'T2')
    sku = await addSku(t.core, { stock: 1000, priceFen: 480 })
    const member = await addMember(t.core, { phone: '13800138000', name: '王' })
    memberPhone = member.phone

    // Ten days ago: one order at each till. This till keeps its own for good; T2's is not recent.
    const now = t.clock.now
    t.clock.now = now - 10 * DAY
    theirOld = await sell(t2, cashierT2, [[sku, 1]])
    mine.push(await sell(t2, { ...cashierT2, tillId: 'T1' }, [[sku, 2]]))
    t.clock.now = now
    mine.push(await placeAtT1(cashier))
    t.clock.advance(1000)
    mine.push(await placeAtT1(cashier, { memberPhone }))
    t.clock.advance(1000)
    theirs.push(await sell(t2, cashierT2, [[sku, 3]]))
    t.clock.advance(1000)
    theirs.push(await sell(t2, cashierT2, [[sku, 1]], { memberId: member.id }))
    expect(proxy.accepted).toBeGreaterThan(0)
  })

  afterAll(async () => {
    await proxy?.open()
    await app?.close()
    await t?.dispose()
    await proxy?.close()
  })

  it("copies the orders this till writes at once, and on sync this till's orders and every till's recent ones", async () => {
    // Placed through this till: in the mirror without waiting for a sync.
    await waitUntilMirrored([mine[1]!.id, mine[2]!.id])
    firstSync = await syncMirror(app.core, history)
    // The two just placed were already current; the old one of this till and T2's two are new.
    expect(firstSync).toEqual({ copied: 3, checked: 5, syncedAt: t.clock.now })
    expect(await mirrored()).toEqual([...mine, ...theirs].map((o) => o.id).sort((a, b) => a - b))
    expect(await mirrored()).not.toContain(theirOld.id)
    // Lines, events and the member came along.
    expect(await mirrorCounts()).toEqual({ order_info: 5, order_goods: 5, order_events: 5, payments: 0, members: 1 })
    expect((await history.readState()).lastSyncedAt).toBe(firstSync.syncedAt)

    const page = ok(await call<OrderPage>('orders.list', { limit: 100 }, admin))
    expect(page.offline).toBeNull()
    liveDetail = ok(await call<OrderDetail>('orders.get', { orderId: mine[2]!.id }, cashier))
    expect(liveDetail.offline).toBeNull()
    expect(liveDetail.events.map((e) => e.type)).toEqual(['created'])
    pending = await orderInput(app.core, await actorOf(cashier), [[sku, 4]])
  })

  it('with MySQL cut off, the order list and the order detail answer from the mirror, marked offline as of the last sync', async () => {
    t.clock.advance(MINUTE)
    await proxy.close()
    const offline = { asOf: firstSync.syncedAt }

    // Answered while MySQL is still cut off: the till does not wait for it to come back.
    const all = ok(await answeredDuringOutage(call<OrderPage>('orders.list', { limit: 100 }, admin), 'orders.list'))
    expect(all.offline).toEqual(offline)
    expect(ids(all)).toEqual(newestFirst([...mine, ...theirs]))
    // A cashier still sees only this till's orders.
    const own = ok(await call<OrderPage>('orders.list', { limit: 100 }, cashier))
    expect(own.offline).toEqual(offline)
    expect(ids(own)).toEqual(newestFirst(mine))
    // Tabs, paging and search by member phone work on the copy as well.
    const firstPage = ok(await call<OrderPage>('orders.list', { limit: 2 }, admin))
    expect(ids(firstPage)).toEqual(newestFirst([...mine, ...theirs]).slice(0, 2))
    const nextPage = ok(await call<OrderPage>('orders.list', { limit: 2, cursor: firstPage.nextCursor }, admin))
    expect(ids(nextPage)).toEqual(newestFirst([...mine, ...theirs]).slice(2, 4))
    expect(ids(ok(await call<OrderPage>('orders.list', { memberPhone, limit: 100 }, admin)))).toEqual([
      theirs[1]!.id,
      mine[2]!.id,
    ])
    expect(ids(ok(await call<OrderPage>('orders.list', { memberPhone, limit: 100 }, cashier)))).toEqual([mine[2]!.id])
    expect(ids(ok(await call<OrderPage>('orders.list', { tab: OrderStatus.CANCELLED }, admin)))).toEqual([])

    // The detail is the same as it was live, but for the mark.
    const detail = ok(await call<OrderDetail>('orders.get', { orderId: mine[2]!.id }, cashier))
    expect(detail).toEqual({ ...liveDetail, offline })
    // Another till's order: hidden from a cashier, shown to an admin — the same rules as live.
    const hidden = await call('orders.get', { orderId: theirs[0]!.id }, cashier)
    expect(hidden).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_FOUND' } })
    expect(ok(await call<OrderDetail>('orders.get', { orderId: theirs[0]!.id }, admin))).toMatchObject({
      tillId: 'T2',
      offline,
    })
    const member = ok(await call<OrderPage>('orders.ofMember', { memberPhone, limit: 100 }, cashier))
    expect(member).toMatchObject({ offline })
    expect(ids(member)).toEqual([mine[2]!.id])
  })

  it('with MySQL cut off, actions that need it fail with DB_UNAVAILABLE at once, and write nothing anywhere', async () => {
    const shopBefore = await snapshot(t2, ['T1'])
    const mirrorBefore = await mirrorCounts()
    const stateBefore = await history.readState()
    const attempts: [string, unknown, string][] = [
      ['orders.place', pending, cashier],
      ['orders.cancel', { orderId: mine[1]!.id }, cashier],
      ['orders.quote', { skuIds: [sku], fulfilment: 'pickup' }, cashier],
      ['orders.ship', { orderId: mine[1]!.id }, admin],
      // Needs no MySQL at all (a file of this till's), but the session was checked only against
      // the offline copy, which lets through nothing but the history.
      ['till.settings.get', {}, admin],
    ]
    for (const [method, input, token] of attempts) {
      const result = await answeredDuringOutage(call(method, input, token), method)
      expect(result, method).toMatchObject({ ok: false, error: { code: 'DB_UNAVAILABLE' } })
    }
    // Nothing in MySQL (seen by T2), nothing in Redis (the cart is in the snapshot), nothing in the mirror.
    await sleep(50)
    expect(await snapshot(t2, ['T1'])).toEqual(shopBefore)
    expect(await mirrorCounts()).toEqual(mirrorBefore)
    expect(await history.readState()).toEqual(stateBefore)
    // A sync cannot run either; it fails and leaves the mirror as it was.
    await expect(syncMirror(app.core, history)).rejects.toBeTruthy()
    expect(await history.readState()).toEqual(stateBefore)
  })

  it('when MySQL is back, answers are live again and the mirror catches up copying only what changed', async () => {
    // The shop went on meanwhile: T2 sold, and an admin at T2 cancelled one of this till's orders.
    t.clock.advance(MINUTE)
    theirs.push(await sell(t2, cashierT2, [[sku, 1]]))
    await cancelOrder(t2, noOrderHooks, adminT2, mine[1]!.id)
    // Every order row written into the mirror from here on is logged.
    await sql`create table copy_log (order_id integer not null)`.execute(history.store.db)
    await sql`create trigger copy_logged after insert on order_info begin insert into copy_log values (new.id); end`.execute(
      history.store.db,
    )
    const copiedIds = async () =>
      (
        await sql<{ order_id: number }>`select order_id from copy_log order by order_id`.execute(history.store.db)
      ).rows.map((r) => r.order_id)

    await proxy.open()
    const page = ok(await call<OrderPage>('orders.list', { limit: 100 }, admin))
    expect(page.offline).toBeNull()
    expect(ids(page)).toEqual(newestFirst([theirOld, ...mine, ...theirs]))
    // The order prepared before the cut goes through now, and is copied at once.
    const placed = ok(await call<OrderView>('orders.place', pending, cashier))
    mine.push(placed)
    await waitUntilMirrored([placed.id])
    expect(await copiedIds()).toEqual([placed.id])

    t.clock.advance(1000)
    const catchUp = await syncMirror(app.core, history)
    // Only T2's new order and the cancelled one; nothing else was rewritten, though most orders
    // fall inside the overlap the sync re-reads.
    expect(catchUp.copied).toBe(2)
    expect(catchUp.checked).toBe(6)
    expect(await copiedIds()).toEqual([mine[1]!.id, placed.id, theirs[2]!.id].sort((a, b) => a - b))
    expect((await history.readState()).lastSyncedAt).toBe(catchUp.syncedAt)

    // The mirror now answers exactly what MySQL answers (T2's ten-day-old order aside).
    const live = await listOrders(app.core, await actorOf(admin), { tab: 'all', limit: 100 })
    const copy = await listOrders({ ...app.core, store: history.store }, await actorOf(admin), {
      tab: 'all',
      limit: 100,
    })
    expect(copy.orders).toEqual(live.orders.filter((o) => o.id !== theirOld.id))
    expect(copy.orders.find((o) => o.id === mine[1]!.id)?.status).toBe(OrderStatus.CANCELLED)
    // And a sync with nothing new copies nothing.
    expect((await syncMirror(app.core, history)).copied).toBe(0)
    expect(await copiedIds()).toHaveLength(3)
    await sql`drop trigger copy_logged`.execute(history.store.db)
  })

  it('on a network that silently drops everything, the list answers from the mirror after a bounded wait', async () => {
    const { lastSyncedAt } = await history.readState()
    proxy.stall()
    const started = Date.now()
    // The stall lasts until the test ends it: an answer at all shows that the wait is bounded.
    const page = ok(await answeredDuringOutage(call<OrderPage>('orders.list', { limit: 100 }, cashier), 'orders.list'))
    // It gave MySQL its whole wait first (a bound from below, which a busy machine cannot break).
    expect(Date.now() - started).toBeGreaterThanOrEqual(ONLINE_READ_WAIT_MS - 50)
    expect(page.offline).toEqual({ asOf: lastSyncedAt })
    expect(ids(page)).toEqual(newestFirst(mine))
    // Cutting the stalled sockets frees the pool; with the path back, answers are live again.
    await proxy.close()
    await proxy.open()
    expect(ok(await call<OrderPage>('orders.list', { limit: 100 }, cashier)).offline).toBeNull()
  })

  it("the app's periodic sync picks up other tills' orders by itself", async () => {
    t.clock.advance(MINUTE)
    const later = await sell(t2, cashierT2, [[sku, 1]])
    const stop = startMirrorSync(app.core, history, 50)
    try {
      await waitUntilMirrored([later.id])
      await vi.waitFor(async () => expect((await history.readState()).lastSyncedAt).toBe(t.clock.now), {
        timeout: WAIT_MS,
        interval: 20,
      })
    } finally {
      stop()
    }
    theirs.push(later)
  })

  it('a session ended at another till stops opening the history here once the mirror has synced', async () => {
    const leaving = await login('cashier')
    const { staffId } = await actorOf(leaving)
    // Logged out everywhere at T2: the shop's store is all the two tills share.
    await logOutEverywhere(t2, new SessionStore(t2), staffId)
    await syncMirror(app.core, history)
    await proxy.close()
    try {
      expect(await answeredDuringOutage(call('orders.list', {}, leaving), 'orders.list')).toMatchObject({
        ok: false,
        error: { code: 'NOT_LOGGED_IN' },
      })
      const stillIn = ok(await answeredDuringOutage(call<OrderPage>('orders.list', {}, cashier), 'orders.list'))
      expect(stillIn.offline).not.toBeNull()
      expect(ok(await call('auth.me', {}, cashier))).toMatchObject({ role: 'cashier', tillId: 'T1' })
    } finally {
      await proxy.open()
    }
  })

  it("other tills' orders leave the mirror once they are no longer recent; this till's stay for good", async () => {
    t.clock.advance(8 * DAY)
    await syncMirror(app.core, history)
    expect(await mirrored()).toEqual(mine.map((o) => o.id).sort((a, b) => a - b))
    const orphanLines = await history.store.db
      .selectFrom('order_goods')
      .select('order_id')
      .where(
        'order_id',
        'in',
        theirs.map((o) => o.id),
      )
      .execute()
    expect(orphanLines).toEqual([])
  })
})

describe('embedded mode has no offline history', () => {
  it('answers are never marked offline', async () => {
    const t = await freshStore('sqlite')
    const app = await createApp(t.config, { log, now: () => t.clock.now, sweep: false })
    try {
      expect(app.history).toBeNull()
      const { token } = await appClient(app).login('cashier')
      const sku = await addSku(app.core, { stock: 10 })
      const input = await orderInput(app.core, (await app.sessions.check(token))?.actor as Actor, [[sku, 1]])
      const placed = await app.dispatch('orders.place', token, input)
      expect(placed.ok).toBe(true)
      const page = await app.dispatch('orders.list', token, {})
      expect(page).toMatchObject({ ok: true, data: { offline: null } })
      const detail = await app.dispatch('orders.get', token, { orderId: (placed as { data: OrderView }).data.id })
      expect(detail).toMatchObject({ ok: true, data: { offline: null } })
    } finally {
      await app.close()
      await t.dispose()
    }
  })
})
