// Unpaid orders expire (docs/ORDERS.md), and staff cancel them by hand; both give the stock back in the
// same transaction. Sweeps run on every till (and from `pos orders expire`) at the same time as
// cashiers cancel, so each order must be cancelled — and its stock restored — exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OrderView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { OrderStatus } from '../../src-shared/order-status'
import { type Actor, systemActor } from '../../src-main/core/core'
import { cancelOrder, expireUnpaidOrders, noOrderHooks } from '../../src-main/orders/order-lifecycle.service'
import { watchDeadlocks } from '../support/deadlocks'
import { addSku, describeError, sell, staffActor, stockOf } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { openTills, type Till, type Tills } from '../support/tills'

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }
const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )

describe.each(testStores)('expiry and cancel races on %s', (kind) => {
  let t: TestStore
  let cashier: Actor
  let tills: Tills
  const sweeper = systemActor('T1')

  beforeAll(async () => {
    t = await freshStore(kind)
    cashier = await staffActor(t.core, 'cashier', 'T1')
    // Two tills run the sweep, two more cancel by hand — each on connections of its own.
    tills = await openTills(t, 4, 'X')
  })
  afterAll(async () => {
    await tills?.close()
    await t?.dispose()
  })

  /** The 'expired' and 'cancelled' events of each order. */
  async function endings(orderIds: readonly number[]): Promise<Map<number, string[]>> {
    const rows = await t.core.store.db
      .selectFrom('order_events')
      .select(['order_id', 'type'])
      .where('order_id', 'in', [...orderIds])
      .where('type', 'in', ['expired', 'cancelled'])
      .orderBy('id')
      .execute()
    const byOrder = new Map<number, string[]>(orderIds.map((id) => [id, []]))
    for (const r of rows) byOrder.get(r.order_id)?.push(r.type)
    return byOrder
  }

  async function statuses(orderIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await t.core.store.db
      .selectFrom('order_info')
      .select(['id', 'status'])
      .where('id', 'in', [...orderIds])
      .execute()
    return new Map(rows.map((r) => [r.id, r.status]))
  }

  it('two sweeps and hand cancels racing: every due order cancelled once, its stock given back once', async () => {
    const apples = await addSku(t.core, { stock: 500, priceFen: 350 })
    const milk = await addSku(t.core, { stock: 500, priceFen: 1299 })
    const [tillA, tillB, tillC, tillD] = tills.tills as [Till, Till, Till, Till]

    for (let round = 0; round < 3; round++) {
      const start = { apples: await stockOf(t.core, apples), milk: await stockOf(t.core, milk) }
      const lines = (i: number): [number, number][] =>
        i % 3 === 2
          ? [[apples, 1 + (i % 4)]]
          : [
              [apples, 1 + (i % 4)],
              [milk, 1 + (i % 2)],
            ]
      const due: { order: OrderView; lines: [number, number][] }[] = []
      for (let i = 0; i < 12; i++) due.push({ order: await sell(t.core, cashier, lines(i)), lines: lines(i) })
      // Half a TTL later, three more orders: still within their time when the sweeps run.
      t.clock.advance(t.config.unpaidTtlMs / 2)
      const fresh: { order: OrderView; lines: [number, number][] }[] = []
      for (let i = 0; i < 3; i++) fresh.push({ order: await sell(t.core, cashier, lines(i + 1)), lines: lines(i + 1) })
      t.clock.advance(t.config.unpaidTtlMs / 2 + 1)

      // The cashier cancels every other due order and one fresh one while two sweeps run.
      const cancelled = [...due.filter((_, i) => i % 2 === 0).map((d) => d.order.id), fresh[0]?.order.id as number]
      const deadlocks = await watchDeadlocks(t)
      const [sweepA, sweepB, ...cancels] = await Promise.all([
        settle(tillA.expireUnpaidOrders(sweeper)),
        settle(tillB.expireUnpaidOrders(sweeper)),
        ...cancelled.map((id, k) => settle((k % 2 === 0 ? tillC : tillD).cancelOrder(cashier, id))),
      ])

      // Each transaction locks one order, then its SKUs in id order: nothing deadlocked, not even out of sight.
      expect(await deadlocks.newDeadlock(), `round ${round}`).toBeNull()
      // The sweeps never fail; a cancel either wins or is told the order is no longer unpaid.
      expect(
        [sweepA, sweepB].flatMap((s) => (s.ok ? [] : [describeError(s.error)])),
        `round ${round}`,
      ).toEqual([])
      const expired = [sweepA, sweepB].reduce((sum, s) => sum + (s.ok ? s.value.expired : 0), 0)
      const cancelResults = cancels.map((c, k) => ({ id: cancelled[k] as number, c }))
      const unexpected = cancelResults.filter(
        ({ c }) => !c.ok && !(c.error instanceof PosError && c.error.code === 'ILLEGAL_TRANSITION'),
      )
      expect(
        unexpected.map(({ c }) => (c.ok ? '' : describeError(c.error))),
        `round ${round}`,
      ).toEqual([])
      const wonCancels = new Set(cancelResults.filter(({ c }) => c.ok).map(({ id }) => id))
      for (const { c } of cancelResults) if (c.ok) expect(c.value.status).toBe(OrderStatus.CANCELLED)
      // Nobody competes for the fresh order: the cashier's cancel of it must win.
      expect(wonCancels.has(fresh[0]?.order.id as number)).toBe(true)

      // Each due order ended exactly once: CANCELLED, with one 'cancelled' event if a cashier's
      // cancel won it, else one 'expired' event.
      const dueIds = due.map((d) => d.order.id)
      const ends = await endings([...dueIds, ...fresh.map((f) => f.order.id)])
      const status = await statuses([...dueIds, ...fresh.map((f) => f.order.id)])
      for (const id of dueIds) {
        expect(status.get(id), `order ${id}, round ${round}`).toBe(OrderStatus.CANCELLED)
        expect(ends.get(id), `order ${id}, round ${round}`).toEqual([wonCancels.has(id) ? 'cancelled' : 'expired'])
      }
      expect(expired + dueIds.filter((id) => wonCancels.has(id)).length).toBe(dueIds.length)
      // Orders not yet due are left alone by the sweeps.
      expect(ends.get(fresh[0]?.order.id as number)).toEqual(['cancelled'])
      for (const f of fresh.slice(1)) {
        expect(status.get(f.order.id)).toBe(OrderStatus.UNPAID)
        expect(ends.get(f.order.id)).toEqual([])
      }

      // Stock and sales are back where they were, except for the fresh orders still unpaid.
      const held = (sku: number) =>
        fresh.slice(1).reduce((sum, f) => sum + (f.lines.find(([id]) => id === sku)?.[1] ?? 0), 0)
      expect(await stockOf(t.core, apples), `round ${round}`).toEqual({
        stock: start.apples.stock - held(apples),
        sales: start.apples.sales + held(apples),
      })
      expect(await stockOf(t.core, milk), `round ${round}`).toEqual({
        stock: start.milk.stock - held(milk),
        sales: start.milk.sales + held(milk),
      })

      // A sweep run again finds nothing more to do; cancelling the rest by hand restores the start.
      expect(await tillA.expireUnpaidOrders(sweeper)).toEqual({ expired: 0 })
      for (const f of fresh.slice(1)) await cancelOrder(t.core, noOrderHooks, cashier, f.order.id)
      expect(await stockOf(t.core, apples)).toEqual(start.apples)
      expect(await stockOf(t.core, milk)).toEqual(start.milk)
    }
  })

  it('cancelling an order that is already cancelled or expired is ILLEGAL_TRANSITION and changes nothing', async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 500 })
    const byHand = await sell(t.core, cashier, [[sku, 2]])
    expect((await cancelOrder(t.core, noOrderHooks, cashier, byHand.id)).status).toBe(OrderStatus.CANCELLED)
    const lapsing = await sell(t.core, cashier, [[sku, 3]])
    t.clock.advance(t.config.unpaidTtlMs + 1)
    expect(await expireUnpaidOrders(t.core, noOrderHooks, sweeper)).toEqual({ expired: 1 })
    const before = await stockOf(t.core, sku)
    expect(before).toEqual({ stock: 10, sales: 0 })

    for (const order of [byHand, lapsing]) {
      const again = cancelOrder(t.core, noOrderHooks, cashier, order.id)
      await expect(again).rejects.toBeInstanceOf(PosError)
      await expect(again).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })
    }
    expect(await stockOf(t.core, sku)).toEqual(before)
    const ends = await endings([byHand.id, lapsing.id])
    expect(ends.get(byHand.id)).toEqual(['cancelled'])
    expect(ends.get(lapsing.id)).toEqual(['expired'])
    expect(await expireUnpaidOrders(t.core, noOrderHooks, sweeper)).toEqual({ expired: 0 })
  })

  it('an order is not expired before its time, and is once its time has passed', async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 500 })
    const order = await sell(t.core, cashier, [[sku, 4]])
    expect(order.expiresAt).toBe(order.createdAt + t.config.unpaidTtlMs)
    t.clock.advance(t.config.unpaidTtlMs - 1)
    expect(await expireUnpaidOrders(t.core, noOrderHooks, sweeper)).toEqual({ expired: 0 })
    expect((await statuses([order.id])).get(order.id)).toBe(OrderStatus.UNPAID)
    expect(await stockOf(t.core, sku)).toEqual({ stock: 6, sales: 4 })
    expect((await endings([order.id])).get(order.id)).toEqual([])

    t.clock.advance(2)
    expect(await expireUnpaidOrders(t.core, noOrderHooks, sweeper)).toEqual({ expired: 1 })
    expect((await statuses([order.id])).get(order.id)).toBe(OrderStatus.CANCELLED)
    expect(await stockOf(t.core, sku)).toEqual({ stock: 10, sales: 0 })
  })

  it('cancelling gives the stock back by the time cancelOrder returns', async () => {
    const apples = await addSku(t.core, { stock: 10, priceFen: 350 })
    const milk = await addSku(t.core, { stock: 10, priceFen: 1299 })
    const order = await sell(t.core, cashier, [
      [apples, 3],
      [milk, 2],
    ])
    expect(await stockOf(t.core, apples)).toEqual({ stock: 7, sales: 3 })
    const view = await cancelOrder(t.core, noOrderHooks, cashier, order.id)
    // Read at once: the status and the stock moved together, nothing is left for later.
    expect(view.status).toBe(OrderStatus.CANCELLED)
    expect(await stockOf(t.core, apples)).toEqual({ stock: 10, sales: 0 })
    expect(await stockOf(t.core, milk)).toEqual({ stock: 10, sales: 0 })
    expect((await endings([order.id])).get(order.id)).toEqual(['cancelled'])
    // The order stays cancelled: no till, on any connection, can cancel it (and restock) again.
    await expect((tills.tills[0] as Till).cancelOrder(cashier, order.id)).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    })
    expect(await stockOf(t.core, apples)).toEqual({ stock: 10, sales: 0 })
  })
})
