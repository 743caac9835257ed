// A fault: the MySQL connection killed in the middle of placing an order. The order's connection is
// made to wait on a SKU row lock held from another connection, found in the server's process list
// and KILLed there — exactly what an operator, a failover or a crashed proxy does to a till.
// Nothing may be left half-done, the caller gets a named retryable error, and sending the very
// same request again places the order once. The same for a cancel killed while it gives the stock
// back: the status change and the restock commit together or not at all.
import { setTimeout as sleep } from 'node:timers/promises'
import { type Connection, createConnection, type RowDataPacket } from 'mysql2/promise'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { OrderView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { OrderStatus } from '../../src-shared/order-status'
import type { StockStrategy } from '../../src-main/config'
import type { Actor } from '../../src-main/core/core'
import { placeOrder } from '../../src-main/orders/checkout.service'
import { cancelOrder, noOrderHooks } from '../../src-main/orders/order-lifecycle.service'
import { addSku, countRows, describeError, orderInput, sell, staffActor, stockOf } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { WAIT_MS } from '../support/waits'

/** Where each strategy's transaction first waits for the SKU row lock. */
const blockedStatement: Record<StockStrategy, string> = {
  // atomic: order and lines are inserted first, then the conditional stock UPDATE waits.
  atomic: 'update `goods_sku`%',
  // pessimistic: the SELECT … FOR UPDATE at the start waits.
  pessimistic: 'select % from `goods_sku`%for update%',
  // optimistic: inserts, a plain read (never waits), then the guarded UPDATE waits.
  optimistic: 'update `goods_sku`%',
}

/**
 * Waits until a connection of `database` is blocked waiting for a row lock (InnoDB's LOCK WAIT)
 * in a statement like `pattern` on the row of `skuId` — not a passing statement on another SKU
 * of the same order — and returns it with the number of rows its transaction has written so far.
 */
async function findBlocked(
  admin: Connection,
  database: string,
  pattern: string,
  skuId: number,
): Promise<{ id: number; info: string; modified: number }> {
  const onSku = new RegExp(`\`id\` (= ${skuId}\\b|in \\([^)]*\\b${skuId}\\b)`)
  const deadline = Date.now() + WAIT_MS
  while (Date.now() < deadline) {
    const [rows] = await admin.query<RowDataPacket[]>(
      'SELECT ID AS id, INFO AS info FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE ? AND ID <> CONNECTION_ID()',
      [database, pattern],
    )
    const row = rows.find((r) => onSku.test(String(r.info)))
    if (row) {
      const [trx] = await admin.query<RowDataPacket[]>(
        'SELECT trx_state AS state, trx_rows_modified AS modified FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ?',
        [row.id],
      )
      if (trx[0]?.state === 'LOCK WAIT')
        return { id: Number(row.id), info: String(row.info), modified: Number(trx[0].modified) }
      // InnoDB refreshes the INNODB_TRX snapshot only after 0.1 s without readers: give it that.
      await sleep(150)
    } else {
      await sleep(10)
    }
  }
  throw new Error(`no connection of ${database} ever waited for a lock in "${pattern}" on SKU ${skuId}`)
}

function mysqlUrl(t: TestStore): string {
  if (t.config.store.kind !== 'mysql') throw new Error('these tests need MySQL')
  return t.config.store.url
}

const databaseOf = (t: TestStore) => decodeURIComponent(new URL(mysqlUrl(t)).pathname.slice(1))

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )

async function statusOf(t: TestStore, orderId: number): Promise<number | undefined> {
  return (await t.core.store.db.selectFrom('order_info').select('status').where('id', '=', orderId).executeTakeFirst())
    ?.status
}

/** The order's 'expired' and 'cancelled' events, oldest first. */
async function endingsOf(t: TestStore, orderId: number): Promise<string[]> {
  const rows = await t.core.store.db
    .selectFrom('order_events')
    .select('type')
    .where('order_id', '=', orderId)
    .where('type', 'in', ['expired', 'cancelled'])
    .orderBy('id')
    .execute()
  return rows.map((r) => r.type)
}

// MySQL only: SQLite has no connection another session could kill. Runs unless POS_TEST_STORES leaves MySQL out.
describe.runIf(testStores.includes('mysql'))('a MySQL connection killed in the middle of a transaction', () => {
  const kind = 'mysql' as const

  describe.each(['atomic', 'pessimistic', 'optimistic'] as StockStrategy[])(
    'placing an order with the %s stock strategy',
    (strategy) => {
      let t: TestStore
      let cashier: Actor
      let database: string
      let admin: Connection
      let lockHolder: Connection

      beforeAll(async () => {
        t = await freshStore(kind, { strategy })
        cashier = await staffActor(t.core)
        database = databaseOf(t)
        admin = await createConnection({ uri: mysqlUrl(t) })
        lockHolder = await createConnection({ uri: mysqlUrl(t) })
      })
      afterEach(async () => {
        await lockHolder.query('ROLLBACK')
      })
      afterAll(async () => {
        await lockHolder?.end()
        await admin?.end()
        await t?.dispose()
      })

      it('rejects with a retryable DB_UNAVAILABLE, leaves nothing behind, and the same request then places one order', async () => {
        const other = await addSku(t.core, { stock: 10, priceFen: 120 })
        const sku = await addSku(t.core, { stock: 10, priceFen: 680 })
        const input = await orderInput(t.core, cashier, [
          [other, 1],
          [sku, 2],
        ])
        const before = {
          rows: await countRows(t.core),
          sku: await stockOf(t.core, sku),
          other: await stockOf(t.core, other),
        }

        // Another connection holds the row of `sku` (the second SKU in id order: `other`'s stock is
        // already taken in the atomic and optimistic transactions when they stop to wait).
        await lockHolder.query('BEGIN')
        await lockHolder.query('SELECT id FROM goods_sku WHERE id = ? FOR UPDATE', [sku])

        const attempt = settle(placeOrder(t.core, cashier, input))
        const blocked = await findBlocked(admin, database, blockedStatement[strategy], sku)
        // It is really in the middle of its transaction: waiting for the lock, with (atomic,
        // optimistic) the order, its lines, its event and the other SKU's stock already written.
        if (strategy === 'pessimistic') expect(blocked.modified).toBe(0)
        else expect(blocked.modified).toBeGreaterThanOrEqual(5)
        // While it waits, the order's uncommitted rows are invisible to everyone else.
        expect(await countRows(t.core)).toEqual(before.rows)

        await admin.query(`KILL ${Number(blocked.id)}`)
        await lockHolder.query('ROLLBACK')
        const outcome = await Promise.race([attempt, sleep(15_000).then(() => ({ ok: 'timeout' as const }))])

        // The caller hears a named, retryable error — not a raw driver error, not a hang.
        expect(outcome.ok, 'placeOrder settled').not.toBe('timeout')
        expect(
          outcome.ok,
          outcome.ok === true ? `placed order ${(outcome as { value: OrderView }).value.id}` : '',
        ).toBe(false)
        const error = (outcome as { error: unknown }).error
        expect(error instanceof PosError ? error.code : describeError(error)).toBe('DB_UNAVAILABLE')
        const posError = error as PosError
        expect(posError.retryable).toBe(true)
        expect(posError.toBody().code).toBe('DB_UNAVAILABLE')

        // Nothing half-done: no order, no lines, no event, the stock and sales as they were.
        expect(await countRows(t.core)).toEqual(before.rows)
        expect(
          await t.core.store.db
            .selectFrom('order_info')
            .select('id')
            .where('idempotency_key', '=', input.idempotencyKey)
            .execute(),
        ).toEqual([])
        expect(await stockOf(t.core, sku)).toEqual(before.sku)
        expect(await stockOf(t.core, other)).toEqual(before.other)
        // The cart still holds what the customer is buying.
        const cart = await t.core.cart.lines(cashier.tillId)
        expect([cart.get(other), cart.get(sku)]).toEqual([1, 2])
        // The killed connection is gone from the server, and no transaction of it lingers.
        const [left] = await admin.query<RowDataPacket[]>(
          'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?',
          [blocked.id],
        )
        expect(Number(left[0]?.n)).toBe(0)

        // The till sends the very same request again (same idempotency key and fingerprint): one order.
        const order = await placeOrder(t.core, cashier, input)
        expect(order.lines.map((l) => [l.skuId, l.count])).toEqual(
          [
            [sku, 2],
            [other, 1],
          ].sort((a, b) => (a[0] as number) - (b[0] as number)),
        )
        expect(order.payFen).toBe(2 * 680 + 120)
        expect(await countRows(t.core)).toEqual({
          orders: before.rows.orders + 1,
          lines: before.rows.lines + 2,
          events: before.rows.events + 1,
        })
        expect(await stockOf(t.core, sku)).toEqual({ stock: before.sku.stock - 2, sales: before.sku.sales + 2 })
        expect(await stockOf(t.core, other)).toEqual({ stock: before.other.stock - 1, sales: before.other.sales + 1 })
        expect((await t.core.cart.lines(cashier.tillId)).size).toBe(0)
        // And once more: the idempotency key now answers with that same order.
        expect((await placeOrder(t.core, cashier, input)).id).toBe(order.id)
        expect((await countRows(t.core)).orders).toBe(before.rows.orders + 1)
      })

      it('the pool is usable afterwards: the next sales of the same till go through', async () => {
        const sku = await addSku(t.core, { stock: 5, priceFen: 300 })
        for (let i = 0; i < 3; i++) {
          const order = await placeOrder(t.core, cashier, await orderInput(t.core, cashier, [[sku, 1]]))
          expect(order.totalCount).toBe(1)
        }
        expect(await stockOf(t.core, sku)).toEqual({ stock: 2, sales: 3 })
      })
    },
  )

  describe('cancelling an order', () => {
    let t: TestStore
    let cashier: Actor
    let admin: Connection
    let lockHolder: Connection

    beforeAll(async () => {
      t = await freshStore(kind)
      cashier = await staffActor(t.core)
      admin = await createConnection({ uri: mysqlUrl(t) })
      lockHolder = await createConnection({ uri: mysqlUrl(t) })
    })
    afterAll(async () => {
      await lockHolder?.end()
      await admin?.end()
      await t?.dispose()
    })

    it('killed while giving the stock back: DB_UNAVAILABLE, the order still unpaid and its stock still taken', async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 800 })
      const order = await sell(t.core, cashier, [[sku, 2]])
      try {
        await lockHolder.query('BEGIN')
        await lockHolder.query('SELECT id FROM goods_sku WHERE id = ? FOR UPDATE', [sku])
        const attempt = settle(cancelOrder(t.core, noOrderHooks, cashier, order.id))

        // The cancel has moved the order's status in its transaction and now waits to give the stock back.
        const blocked = await findBlocked(admin, databaseOf(t), 'update `goods_sku`%', sku)
        // Not visible to anyone before it commits: still unpaid, no 'cancelled' event.
        expect(await statusOf(t, order.id)).toBe(OrderStatus.UNPAID)
        expect(await endingsOf(t, order.id)).toEqual([])

        await admin.query(`KILL ${Number(blocked.id)}`)
        await lockHolder.query('ROLLBACK')
        const outcome = await attempt
        expect(outcome.ok ? 'cancelled' : describeError(outcome.error)).toMatch(/^PosError DB_UNAVAILABLE/)
        // Status and stock went back together: the order is unpaid, its stock still taken.
        expect(await statusOf(t, order.id)).toBe(OrderStatus.UNPAID)
        expect(await endingsOf(t, order.id)).toEqual([])
        expect(await stockOf(t.core, sku)).toEqual({ stock: 8, sales: 2 })

        // Cancelling again works, once.
        expect((await cancelOrder(t.core, noOrderHooks, cashier, order.id)).status).toBe(OrderStatus.CANCELLED)
        expect(await stockOf(t.core, sku)).toEqual({ stock: 10, sales: 0 })
        expect(await endingsOf(t, order.id)).toEqual(['cancelled'])
      } finally {
        await lockHolder.query('ROLLBACK')
      }
    })
  })
})
