// The daily report on a known set of orders, across Asia/Shanghai's day (UTC+8): an order paid
// at 00:30 Shanghai time is on the previous UTC day, yet belongs to the Shanghai day's hour 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DayReport } from '../../src-shared/contract'
import { OrderStatus, paidStatuses, type PayMethod } from '../../src-shared/order-status'
import type { Actor } from '../../src-main/core/core'
import { invalid, ok } from '../support/results'
import { createPayments } from '../../src-main/payments/payments'
import { addSku, type ContractClient, contractClient, markPaid, newKey, sell, staffActor } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

const SHANGHAI = 8 * 60
/** Epoch ms of a Shanghai wall-clock time. */
const shanghai = (iso: string) => Date.parse(`${iso}+08:00`)

describe.each(testStores)('daily report on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let token: string
  let cashier: Actor
  let apple: number
  let pear: number
  let melon: number

  /**
   * An order placed and paid at `at`. The payment path is not under test here, so the
   * order is moved to paid with the guarded UPDATE of markPaid (only WHERE status = UNPAID).
   */
  async function paidAt(at: string, payMethod: PayMethod, lines: [number, number][]): Promise<number> {
    t.clock.now = shanghai(at)
    const order = await sell(t.core, cashier, lines, { payMethod })
    await markPaid(t.core, order.id)
    return order.id
  }

  /** A refund as the payment code will record it: refunded_fen raised, REFUNDED when in full (guarded). */
  async function refund(orderId: number, fen: number): Promise<void> {
    const order = await t.core.store.db
      .selectFrom('order_info')
      .selectAll()
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow()
    const full = order.refunded_fen + fen === order.paid_fen
    const result = await t.core.store.db
      .updateTable('order_info')
      .set({ refunded_fen: order.refunded_fen + fen, ...(full && { status: OrderStatus.REFUNDED }) })
      .where('id', '=', orderId)
      .where('refunded_fen', '=', order.refunded_fen)
      .where('status', 'in', paidStatuses)
      .executeTakeFirst()
    expect(Number(result.numUpdatedRows)).toBe(1)
  }

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    token = (await api.login('admin')).token
    cashier = await staffActor(t.core, 'cashier')
    apple = await addSku(t.core, { stock: 100, priceFen: 1200, name: '报表苹果' })
    pear = await addSku(t.core, { stock: 100, priceFen: 500, name: '报表梨' })
    melon = await addSku(t.core, { stock: 100, priceFen: 800, name: '报表瓜' })

    await paidAt('2026-03-09T23:59:59.999', 1, [[apple, 1]]) // the day before: left out
    await paidAt('2026-03-10T00:30:00.000', 1, [[apple, 2]]) // 2400, hour 0 (16:30 UTC the day before)
    await paidAt('2026-03-10T09:15:00.000', 3, [
      [apple, 1],
      [pear, 3],
    ]) // 2700, hour 9
    const partly = await paidAt('2026-03-10T09:40:00.000', 3, [[melon, 1]]) // 800, 300 refunded
    await refund(partly, 300)
    const fully = await paidAt('2026-03-10T11:00:00.000', 1, [[melon, 2]]) // 1600, all refunded
    await refund(fully, 1600)
    await paidAt('2026-03-10T23:59:59.999', 4, [[pear, 1]]) // 500, hour 23
    t.clock.now = shanghai('2026-03-10T10:00:00.000')
    await sell(t.core, cashier, [[apple, 5]]) // never paid: left out
    await paidAt('2026-03-11T00:00:00.000', 3, [[pear, 9]]) // the next day: left out
    t.clock.now = shanghai('2026-03-10T18:00:00.000')
  })
  afterAll(() => t.dispose())

  const report = async (input: object) => ok(await api.call('reports.day', input, token)) as DayReport

  it('counts the paid orders of the Shanghai day, sales = paid − refunded, in fen', async () => {
    const r = await report({ date: '2026-03-10', utcOffsetMinutes: SHANGHAI })
    expect(r).toMatchObject({
      date: '2026-03-10',
      utcOffsetMinutes: SHANGHAI,
      from: shanghai('2026-03-10T00:00:00.000'),
      to: shanghai('2026-03-11T00:00:00.000'),
      paidOrders: 5,
      paidFen: 2400 + 2700 + 800 + 1600 + 500,
      refundedFen: 1900,
      salesFen: 6100,
    })
  })

  it('by payment method, every available method listed', async () => {
    const r = await report({ date: '2026-03-10', utcOffsetMinutes: SHANGHAI })
    expect(r.byPayMethod).toEqual([
      { payMethod: 1, orders: 2, salesFen: 2400 },
      { payMethod: 3, orders: 2, salesFen: 2700 + 500 },
      { payMethod: 4, orders: 1, salesFen: 500 },
    ])
  })

  it('by local hour: 24 buckets, the first and last milliseconds of the day in hours 0 and 23', async () => {
    const r = await report({ date: '2026-03-10', utcOffsetMinutes: SHANGHAI })
    expect(r.byHour).toHaveLength(24)
    expect(r.byHour.map((h) => h.hour)).toEqual(Array.from({ length: 24 }, (_, i) => i))
    expect(r.byHour.filter((h) => h.orders > 0)).toEqual([
      { hour: 0, orders: 1, salesFen: 2400 },
      { hour: 9, orders: 2, salesFen: 3200 },
      { hour: 11, orders: 1, salesFen: 0 },
      { hour: 23, orders: 1, salesFen: 500 },
    ])
  })

  it('top SKUs by units, leaving out orders refunded in full', async () => {
    const r = await report({ date: '2026-03-10', utcOffsetMinutes: SHANGHAI })
    expect(r.topSkus).toEqual([
      { skuId: pear, name: '报表梨', units: 4, unitGrams: null, salesFen: 2000 },
      { skuId: apple, name: '报表苹果', units: 3, unitGrams: null, salesFen: 3600 },
      { skuId: melon, name: '报表瓜', units: 1, unitGrams: null, salesFen: 800 },
    ])
    expect((await report({ date: '2026-03-10', topSkus: 1 })).topSkus.map((s) => s.skuId)).toEqual([pear])
  })

  it('the same orders read in UTC fall on other days and hours', async () => {
    const r = await report({ date: '2026-03-09', utcOffsetMinutes: 0 })
    // 23:59:59.999 and 00:30 Shanghai are 15:59:59.999 and 16:30 UTC on the 9th.
    expect(r.paidOrders).toBe(2)
    expect(r.byHour.filter((h) => h.orders > 0)).toEqual([
      { hour: 15, orders: 1, salesFen: 1200 },
      { hour: 16, orders: 1, salesFen: 2400 },
    ])
  })

  it("no date means today in the given offset (default: Shanghai's)", async () => {
    t.clock.now = shanghai('2026-03-10T23:30:00.000')
    expect((await report({})).date).toBe('2026-03-10')
    // At 23:30 Shanghai time it is still the 10th in UTC, but already the 11th in Tokyo.
    expect((await report({ utcOffsetMinutes: 9 * 60 })).date).toBe('2026-03-11')
    t.clock.now = shanghai('2026-03-11T00:30:00.000')
    const today = await report({})
    expect(today).toMatchObject({ date: '2026-03-11', paidOrders: 1, salesFen: 4500 })
    expect(today.byHour[0]).toEqual({ hour: 0, orders: 1, salesFen: 4500 })
  })

  it('returns of the day, by when they were made: the money back, the part written off; one without an order comes off the sales', async () => {
    const payments = createPayments(t.core, null)
    const admin = await staffActor(t.core, 'admin')
    t.clock.now = shanghai('2026-03-12T10:00:00.000')
    const order = await sell(t.core, cashier, [[apple, 2]])
    await payments.service.payCash(cashier, order.id, order.payFen, newKey())
    await payments.returns.fromOrder(cashier, {
      orderId: order.id,
      lines: [{ lineId: order.lines[0]?.id as number, count: 1, restock: false }],
      reason: '',
      idempotencyKey: newKey(),
    })
    await payments.returns.withoutOrder(admin, {
      lines: [{ skuId: pear, count: 1, restock: true }],
      reason: '没有小票',
      idempotencyKey: newKey(),
    })
    const r = await report({ date: '2026-03-12', utcOffsetMinutes: SHANGHAI })
    expect(r).toMatchObject({
      paidFen: 2400,
      refundedFen: 1200,
      returns: { count: 2, refundFen: 1200 + 500, lostFen: 1200, withoutOrderFen: 500 },
      salesFen: 2400 - 1200 - 500,
    })
    expect((await report({ date: '2026-03-10', utcOffsetMinutes: SHANGHAI })).returns.count).toBe(0)
    await payments.close()
  })

  it('an empty day is all zeros', async () => {
    const r = await report({ date: '2025-01-01' })
    expect(r).toMatchObject({ paidOrders: 0, paidFen: 0, refundedFen: 0, salesFen: 0, topSkus: [] })
    expect(r.byHour.every((h) => h.orders === 0 && h.salesFen === 0)).toBe(true)
  })

  it('bad days and offsets are INVALID_INPUT', async () => {
    invalid(await api.call('reports.day', { date: '2026-02-30' }, token), 'date')
    invalid(await api.call('reports.day', { date: '2026-3-1' }, token), 'date')
    invalid(await api.call('reports.day', { date: 20260310 }, token), 'date')
    invalid(await api.call('reports.day', { utcOffsetMinutes: 481 }, token), 'utcOffsetMinutes')
    invalid(await api.call('reports.day', { utcOffsetMinutes: 15 * 60 }, token), 'utcOffsetMinutes')
    invalid(await api.call('reports.day', { utcOffsetMinutes: '480' }, token), 'utcOffsetMinutes')
    invalid(await api.call('reports.day', { topSkus: 0 }, token), 'topSkus')
  })
})
