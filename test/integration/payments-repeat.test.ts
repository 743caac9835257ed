// Counter payments sent again: the cashier pressed "take cash" or "card paid", the answer was
// unclear (DB_UNAVAILABLE: the connection broke, the commit may or may not have happened), and
// the same click goes again with the same idempotency key. The money is recorded once and the
// same receipt comes back; the key with another payload is IDEMPOTENCY_CONFLICT. On MySQL the
// connection is really broken — after the COMMIT reached the server, and before — through a
// proxy between the till and the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OrderStatus } from '../../src-shared/order-status'
import type { Actor } from '../../src-main/core/core'
import { createPayments, type Payments } from '../../src-main/payments/payments'
import { eventsOf, orderRow, paymentRows } from '../support/payments'
import { failed, invalid, ok } from '../support/results'
import { addSku, contractClient, describeError, newKey, sell, staffActor } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { mysqlCommit, mysqlStatement, startTcpProxy, type TcpProxy } from '../support/tcp-proxy'

const newOrder = async (t: TestStore, cashier: Actor, priceFen = 1250) => {
  const sku = await addSku(t.core, { stock: 10, priceFen })
  return sell(t.core, cashier, [[sku, 2]])
}

describe.each(testStores)('a counter payment sent again (%s)', (kind) => {
  let t: TestStore, payments: Payments, cashier: Actor

  beforeAll(async () => {
    t = await freshStore(kind)
    payments = createPayments(t.core, null)
    cashier = await staffActor(t.core)
  })
  afterAll(async () => {
    await payments?.close()
    await t?.dispose()
  })

  it('cash: the same key returns the same receipt and records the money once', async () => {
    const order = await newOrder(t, cashier)
    const key = newKey()
    const first = await payments.service.payCash(cashier, order.id, 5000, key)
    const again = await payments.service.payCash(cashier, order.id, 5000, key)
    expect(again).toEqual(first)
    expect(again).toMatchObject({ changeFen: 5000 - order.payFen, payment: { status: 'paid', channel: 'cash' } })
    expect(await paymentRows(t.core, order.id)).toHaveLength(1)
    expect(await eventsOf(t.core, order.id)).toEqual(['created', 'paid'])
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen })
  })

  it('card: the same key returns the same receipt', async () => {
    const order = await newOrder(t, cashier)
    const key = newKey()
    const first = await payments.service.payCard(cashier, order.id, key)
    expect(await payments.service.payCard(cashier, order.id, key)).toEqual(first)
    expect(await paymentRows(t.core, order.id)).toHaveLength(1)
  })

  it('the key with another payload is IDEMPOTENCY_CONFLICT, and writes nothing', async () => {
    const order = await newOrder(t, cashier)
    const other = await newOrder(t, cashier)
    const key = newKey()
    await payments.service.payCash(cashier, order.id, 5000, key)
    // Another tender, another way of paying, another order: each a different request.
    for (const call of [
      () => payments.service.payCash(cashier, order.id, 3000, key),
      () => payments.service.payCard(cashier, order.id, key),
      () => payments.service.payCash(cashier, other.id, 5000, key),
    ])
      await expect(call()).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' })
    expect(await paymentRows(t.core, order.id)).toHaveLength(1)
    expect(await paymentRows(t.core, other.id)).toEqual([])
    expect((await orderRow(t.core, other.id)).status).toBe(OrderStatus.UNPAID)
    // A new key on a paid order is what it always was: the order is no longer unpaid.
    await expect(payments.service.payCash(cashier, order.id, 5000, newKey())).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    })
  })

  it('a refused tender is not kept under its key: the same key with enough cash then pays', async () => {
    const order = await newOrder(t, cashier)
    const key = newKey()
    await expect(payments.service.payCash(cashier, order.id, order.payFen - 1, key)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    expect((await payments.service.payCash(cashier, order.id, order.payFen, key)).changeFen).toBe(0)
  })

  it('through the contract: the key is required and checked', async () => {
    const client = contractClient(t.core)
    const session = await client.login('cashier')
    const order = await newOrder(t, cashier)
    invalid(
      await client.call('payments.payCash', { orderId: order.id, tenderedFen: 5000 }, session.token),
      'idempotencyKey',
    )
    invalid(
      await client.call('payments.payCard', { orderId: order.id, idempotencyKey: 'short' }, session.token),
      'idempotencyKey',
    )
    const input = { orderId: order.id, tenderedFen: 5000, idempotencyKey: newKey() }
    const first = ok(await client.call('payments.payCash', input, session.token))
    expect(ok(await client.call('payments.payCash', input, session.token))).toEqual(first)
    failed(
      await client.call('payments.payCash', { ...input, tenderedFen: 6000 }, session.token),
      'IDEMPOTENCY_CONFLICT',
    )
  })
})

// MySQL only: SQLite commits in the till's own process, so its answer is never unclear.
describe.runIf(testStores.includes('mysql'))('a counter payment whose connection breaks (mysql)', () => {
  let proxy: TcpProxy, t: TestStore, payments: Payments, cashier: Actor

  beforeAll(async () => {
    proxy = await startTcpProxy()
    t = await freshStore('mysql', { mysqlRoot: `mysql://root@127.0.0.1:${proxy.port}` })
    payments = createPayments(t.core, null)
    cashier = await staffActor(t.core)
  })
  afterAll(async () => {
    await payments?.close()
    await t?.dispose()
    await proxy?.close()
  })

  /** What the first press hears: it must be the retryable DB_UNAVAILABLE, nothing else. */
  const unclear = async (call: Promise<unknown>) => {
    const outcome = await call.then(
      () => 'answered',
      (error: unknown) => describeError(error),
    )
    expect(outcome).toMatch(/^PosError DB_UNAVAILABLE/)
  }

  it.each(['cash', 'card'] as const)(
    '%s: the COMMIT reached the server, the answer was lost; the same click again returns the receipt',
    async (channel) => {
      const order = await newOrder(t, cashier)
      const key = newKey()
      const pay = () =>
        channel === 'cash'
          ? payments.service.payCash(cashier, order.id, 5000, key)
          : payments.service.payCard(cashier, order.id, key)
      proxy.cutAfter(mysqlCommit)
      await unclear(pay())
      // It did commit: the order is paid, by one payment.
      const [payment] = await paymentRows(t.core, order.id)
      expect(payment).toMatchObject({ status: 'paid', channel, request_key: key })
      expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.FINISHED)

      // Without the key the cashier could only have heard ILLEGAL_TRANSITION; with it, the receipt.
      const receipt = await pay()
      expect(receipt).toMatchObject({
        payment: { paymentId: payment?.id, status: 'paid', channel },
        order: { id: order.id, status: OrderStatus.FINISHED, paidFen: order.payFen },
        changeFen: channel === 'cash' ? 5000 - order.payFen : 0,
      })
      expect(await pay()).toEqual(receipt)
      expect(await paymentRows(t.core, order.id)).toHaveLength(1)
      expect(await eventsOf(t.core, order.id)).toEqual(['created', 'paid'])
    },
  )

  it('cash: the connection broke before the COMMIT; the same click again pays, once', async () => {
    const order = await newOrder(t, cashier)
    const key = newKey()
    proxy.cutAfter(mysqlStatement(/^insert into `payments`/i))
    await unclear(payments.service.payCash(cashier, order.id, 5000, key))
    // Rolled back by the server: nothing recorded, the order still waits for its money.
    expect(await paymentRows(t.core, order.id)).toEqual([])
    expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.UNPAID)

    const receipt = await payments.service.payCash(cashier, order.id, 5000, key)
    expect(receipt).toMatchObject({ payment: { status: 'paid' }, changeFen: 5000 - order.payFen })
    expect(await payments.service.payCash(cashier, order.id, 5000, key)).toEqual(receipt)
    expect(await paymentRows(t.core, order.id)).toHaveLength(1)
  })
})
