// Shared mode started during an outage: a till restarted while MySQL or Redis
// cannot be reached still starts, answers its order history from the offline mirror, fails the
// actions that need the missing server with a clear code, and comes back online by itself once
// the server answers — no restart. The outages are real: MySQL and Redis are reached through TCP
// proxies that the test closes (connections refused) and opens again.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnection } from 'mysql2/promise'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CallResult, CartView, OrderDetail, OrderPage, OrderView } from '../../src-shared/contract'
import { createApp, type PosApp } from '../../src-main/app'
import type { Config } from '../../src-main/config'
import { type Actor, type Core, systemActor } from '../../src-main/core/core'
import { syncMirror } from '../../src-main/history/mirror.sync'
import type { PlaceOrderInput } from '../../src-main/orders/checkout.service'
import { addStaff } from '../../src-main/staff/staff.service'
import { testId } from '../support/ids'
import { addSku, orderInput, STAFF_PASSWORD, staffActor } from '../support/shop'
import { freshStore, MYSQL_ROOT, REDIS_URL, type TestStore } from '../support/stores'
import { ok } from '../support/results'
import { answeredDuringOutage } from '../support/outage'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { WAIT_MS } from '../support/waits'

const RETRY_MS = 100

/** A logger whose lines the test can read (the app says what it did with an outage). */
function capturingLog() {
  const lines: { level: number; msg: string }[] = []
  const log = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  )
  return { log, messages: () => lines.map((l) => l.msg) }
}

describe('a shared-mode till started while MySQL or Redis cannot be reached', () => {
  let mysqlProxy: TcpProxy
  let redisProxy: TcpProxy
  let t: TestStore
  /** The same database straight to MySQL, for setting up and checking behind the till's back. */
  let direct: Core
  let cashier: Actor
  let sku: number
  const dropDatabases: string[] = []
  const removeDirs: string[] = []
  const apps: PosApp[] = []

  const call = async <T>(app: PosApp, method: string, input: unknown, token: string | null): Promise<CallResult<T>> =>
    (await app.dispatch(method, token, input)) as CallResult<T>
  const start = async (config: Config, more: Parameters<typeof createApp>[1] = {}) => {
    const app = await createApp(config, {
      log: pino({ level: 'silent' }),
      sweep: false,
      historySync: false,
      storeRetryMs: RETRY_MS,
      ...more,
    })
    apps.push(app)
    return app
  }
  const stop = async (app: PosApp) => {
    apps.splice(apps.indexOf(app), 1)
    await app.close()
  }
  const login = async (app: PosApp) =>
    ok(await call<{ token: string }>(app, 'auth.login', { username: cashier.username, password: STAFF_PASSWORD }, null))
      .token

  beforeAll(async () => {
    mysqlProxy = await startTcpProxy()
    redisProxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 })
    t = await freshStore('mysql', { mysqlRoot: `mysql://root@127.0.0.1:${mysqlProxy.port}` })
    if (t.config.store.kind !== 'mysql') throw new Error('expected MySQL')
    direct = await t.openAnother({
      store: { kind: 'mysql', url: `${MYSQL_ROOT}${new URL(t.config.store.url).pathname}` },
    })
    cashier = await staffActor(direct, 'cashier', 'T1')
    sku = await addSku(direct, { stock: 100, priceFen: 480 })
  })

  afterAll(async () => {
    await mysqlProxy?.open()
    await redisProxy?.open()
    for (const app of apps) await app.close().catch(() => undefined)
    await t?.dispose()
    if (dropDatabases.length > 0) {
      const conn = await createConnection({ uri: MYSQL_ROOT })
      for (const name of dropDatabases) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``)
      await conn.end()
    }
    for (const dir of removeDirs) rmSync(dir, { recursive: true, force: true })
    await mysqlProxy?.close()
    await redisProxy?.close()
  })

  it('MySQL down at start: the order history answers from the mirror, offline; once MySQL is back the same app is online', async () => {
    // An earlier run of this till, online: an order placed and the mirror synced; then it stops.
    const first = await start(t.config)
    const firstToken = await login(first)
    const placed = ok(
      await call<OrderView>(first, 'orders.place', await orderInput(first.core, cashier, [[sku, 2]]), firstToken),
    )
    if (!first.history) throw new Error('shared mode must open the offline history')
    const { syncedAt } = await syncMirror(first.core, first.history)
    // An order prepared before the outage, to be submitted during it.
    const pending: PlaceOrderInput = await orderInput(first.core, cashier, [[sku, 1]])
    await stop(first)

    await mysqlProxy.close()
    const { log, messages } = capturingLog()
    // Started while MySQL is still down: start-up does not wait for it.
    const app = await answeredDuringOutage(start(t.config, { log }), 'start-up')
    expect(messages()).toContain(
      'MySQL cannot be reached: starting offline; migrations will be checked as soon as it answers',
    )
    expect(app.history).not.toBeNull()

    // The mirror keeps a copy of the staff accounts: the cashier logs in while MySQL is down,
    // and a wrong password is still refused.
    expect(
      await call(app, 'auth.login', { username: cashier.username, password: 'not the password' }, null),
    ).toMatchObject({
      ok: false,
      error: { code: 'LOGIN_FAILED' },
    })
    const token = await login(app)

    const offline = { asOf: syncedAt }
    const page = ok(await call<OrderPage>(app, 'orders.list', { limit: 100 }, token))
    expect(page.offline).toEqual(offline)
    expect(page.orders.map((o) => o.id)).toEqual([placed.id])
    const detail = ok(await call<OrderDetail>(app, 'orders.get', { orderId: placed.id }, token))
    expect(detail).toMatchObject({ id: placed.id, offline, totalCount: 2 })
    expect(await answeredDuringOutage(call(app, 'orders.place', pending, token), 'orders.place')).toMatchObject({
      ok: false,
      error: { code: 'DB_UNAVAILABLE' },
    })
    // Still cut off, still retrying; nothing written behind the till's back.
    expect(messages()).not.toContain('MySQL answers again: migrations checked')
    expect(await direct.store.db.selectFrom('order_info').select('id').execute()).toEqual([{ id: placed.id }])

    // MySQL is back: the background check finishes, and the very same app answers online.
    await mysqlProxy.open()
    await vi.waitFor(() => expect(messages()).toContain('MySQL answers again: migrations checked'), {
      timeout: WAIT_MS,
      interval: 20,
    })
    // The session opened offline was checked against the copy only: it is not one MySQL knows,
    // so the cashier logs in again, against the real staff accounts.
    expect(await call(app, 'orders.list', { limit: 100 }, token)).toMatchObject({
      ok: false,
      error: { code: 'NOT_LOGGED_IN' },
    })
    const online = await login(app)
    expect(ok(await call<OrderPage>(app, 'orders.list', { limit: 100 }, online)).offline).toBeNull()
    expect(ok(await call<OrderDetail>(app, 'orders.get', { orderId: placed.id }, online)).offline).toBeNull()
    const again = ok(
      await call<OrderView>(app, 'orders.place', await orderInput(app.core, cashier, [[sku, 1]]), online),
    )
    expect(
      ok(await call<OrderPage>(app, 'orders.list', { limit: 100 }, await login(app))).orders.map((o) => o.id),
    ).toEqual([again.id, placed.id])
    await stop(app)
  })

  it('MySQL down at the very first start: the database is created and migrated in the background once it answers', async () => {
    const name = testId('ft_test_')
    dropDatabases.push(name)
    const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-test-'))
    removeDirs.push(dataDir)
    const config: Config = {
      ...t.config,
      dataDir,
      store: { kind: 'mysql', url: `mysql://root@127.0.0.1:${mysqlProxy.port}/${name}` },
    }
    await mysqlProxy.close()
    const { log, messages } = capturingLog()
    const app = await answeredDuringOutage(start(config, { log }), 'start-up')
    // Never synced, so no copy of the staff or their sessions: a token nobody can check is not
    // let through, and not called unknown either — the database is unavailable.
    expect(await call(app, 'orders.list', {}, 'a token nobody can check')).toMatchObject({
      ok: false,
      error: { code: 'DB_UNAVAILABLE' },
    })

    await mysqlProxy.open()
    await vi.waitFor(() => expect(messages()).toContain('MySQL answers again: migrations checked'), {
      timeout: WAIT_MS,
      interval: 20,
    })
    const conn = await createConnection({ uri: MYSQL_ROOT })
    try {
      const [tables] = await conn.query(
        'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ?',
        [name],
      )
      expect((tables as { name: string }[]).map((r) => r.name)).toEqual(
        expect.arrayContaining(['order_info', 'goods_sku', 'users', 'kysely_migration']),
      )
    } finally {
      await conn.end()
    }
    // The database exists now: a cashier added to it logs in, and the history is empty, online.
    const { username } = await addStaff(app.core, systemActor('T1'), {
      username: testId('cashier_'),
      password: STAFF_PASSWORD,
      role: 'cashier',
    })
    const token = ok(
      await call<{ token: string }>(app, 'auth.login', { username, password: STAFF_PASSWORD }, null),
    ).token
    expect(ok(await call<OrderPage>(app, 'orders.list', {}, token))).toMatchObject({ orders: [], offline: null })
    await stop(app)
  })

  it('Redis down at start: the app starts, the cart fails fast with CACHE_UNAVAILABLE, and works once Redis is back', async () => {
    await redisProxy.close()
    const config: Config = { ...t.config, redisUrl: `redis://127.0.0.1:${redisProxy.port}/0` }
    const { log, messages } = capturingLog()
    const app = await answeredDuringOutage(start(config, { log }), 'start-up')
    expect(messages().some((m) => m.includes('cannot be reached; starting without it'))).toBe(true)
    const token = await login(app)

    for (const [method, input] of [
      ['cart.get', {}],
      ['cart.add', { skuId: sku, count: 1 }],
    ] as const) {
      expect(await answeredDuringOutage(call(app, method, input, token), method), method).toMatchObject({
        ok: false,
        error: { code: 'CACHE_UNAVAILABLE' },
      })
    }

    // Redis is back: no restart, the cart simply works again.
    await redisProxy.open()
    await vi.waitFor(async () => expect((await call(app, 'cart.get', {}, token)).ok).toBe(true), {
      timeout: WAIT_MS,
      interval: 50,
    })
    expect(ok(await call<CartView>(app, 'cart.add', { skuId: sku, count: 3 }, token))).toMatchObject({
      totalCount: 3,
    })

    // And it survives another outage the same way.
    await redisProxy.close()
    expect(await call(app, 'cart.get', {}, token)).toMatchObject({ ok: false, error: { code: 'CACHE_UNAVAILABLE' } })
    await redisProxy.open()
    await vi.waitFor(
      async () => expect(ok(await call<CartView>(app, 'cart.get', {}, token))).toMatchObject({ totalCount: 3 }),
      {
        timeout: WAIT_MS,
        interval: 50,
      },
    )
    await stop(app)
  })

  it('a wrong MySQL password still stops start-up, with a clear error, instead of retrying', async () => {
    if (t.config.store.kind !== 'mysql') throw new Error('expected MySQL')
    const url = new URL(t.config.store.url)
    url.password = 'not-the-password'
    await expect(
      answeredDuringOutage(start({ ...t.config, store: { kind: 'mysql', url: url.toString() } }), 'start-up'),
    ).rejects.toThrow(
      /^FreshTill cannot start: preparing the shop database at 127\.0\.0\.1:\d+\/ft_test_\w+ failed: Access denied for user 'root'/,
    )
  })

  it('a Redis that refuses the login still stops start-up, with a clear error', async () => {
    const config: Config = { ...t.config, redisUrl: REDIS_URL.replace('redis://', 'redis://nobody:wrong@') }
    await expect(start(config)).rejects.toThrow(/^Redis at 127\.0\.0\.1:6379 refused the connection: WRONGPASS/)
  })
})
