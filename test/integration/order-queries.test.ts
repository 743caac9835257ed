import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listOrdersInput, type OrderPage, type OrderView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { OrderStatus, orderStatuses } from '../../src-shared/order-status'
import type { Actor } from '../../src-main/core/core'
import { addAddress, addMember } from '../../src-main/members/members.service'
import { cancelOrder, shipOrder, noOrderHooks } from '../../src-main/orders/order-lifecycle.service'
import { getOrderDetail, listOrders, ordersOfMember } from '../../src-main/orders/order-query.service'
import { reviewOrder } from '../../src-main/reviews/reviews.service'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { addSku, markPaid, sell, staffActor, askForRatings } from '../support/shop'

const MINUTE = 60_000

interface Made {
  id: number
  orderNo: string
  tillId: string
  memberId: number | null
  createdAt: number
  payFen: number
  status: OrderStatus
}

/** Newest first, ties by id descending: the order every list promises. */
const newestFirst = (a: Made, b: Made) => b.createdAt - a.createdAt || b.id - a.id

describe.each(testStores)('order queries on %s', (kind) => {
  let t: TestStore
  let admin: Actor
  let cashier: Actor
  let cashierT2: Actor
  let memberA: { id: number; phone: string }
  let memberB: { id: number; phone: string }
  const made: Made[] = []
  const byName: Record<string, Made> = {}

  const list = (actor: Actor, input: Record<string, unknown> = {}) =>
    listOrders(t.core, actor, listOrdersInput.parse(input))
  const ids = (page: OrderPage) => page.orders.map((o) => o.id)
  const expected = (keep: (m: Made) => boolean) =>
    made
      .filter(keep)
      .sort(newestFirst)
      .map((m) => m.id)

  /** Walks every page of a list; fails on a repeated id. */
  async function walk(
    fetch: (cursor: string | undefined) => Promise<OrderPage>,
  ): Promise<{ ids: number[]; pages: number }> {
    const seen: number[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await fetch(cursor)
      pages++
      expect(page.orders.length).toBeLessThanOrEqual(3)
      if (page.nextCursor !== null) expect(page.orders.length).toBe(3)
      seen.push(...page.orders.map((o) => o.id))
      cursor = page.nextCursor ?? undefined
      expect(pages).toBeLessThan(100)
    } while (cursor)
    expect(new Set(seen).size).toBe(seen.length)
    return { ids: seen, pages }
  }

  beforeAll(async () => {
    t = await freshStore(kind)
    // Paid counter sales wait for their review here, as when the shop asks for ratings.
    await askForRatings(t.core)
    t.clock.now = Date.UTC(2026, 2, 1, 1, 0, 0, 0)
    admin = await staffActor(t.core, 'admin', 'T1')
    cashier = await staffActor(t.core, 'cashier', 'T1')
    cashierT2 = await staffActor(t.core, 'cashier', 'T2')
    memberA = await addMember(t.core, { phone: '13511110001', name: '甲' })
    memberB = await addMember(t.core, { phone: '13511110002', name: '乙' })
    const addressA = (
      await addAddress(t.core, {
        memberId: memberA.id,
        receiver: '甲',
        phone: '13511110001',
        address: '广州市天河区 9 号',
        zip: '',
        isDefault: true,
      })
    ).id
    const sku = await addSku(t.core, { stock: 1000, priceFen: 250 })
    const sku2 = await addSku(t.core, { stock: 1000, priceFen: 1800 })

    const place = async (
      name: string,
      actor: Actor,
      options: { memberId?: number; delivery?: boolean; count?: number; stepMs?: number } = {},
    ) => {
      t.clock.advance(options.stepMs ?? MINUTE)
      const order: OrderView = await sell(
        t.core,
        actor,
        [
          [sku, options.count ?? 1],
          [sku2, 1],
        ],
        options.delivery
          ? { fulfilment: 'delivery', memberId: options.memberId, addressId: addressA }
          : { memberId: options.memberId },
      )
      const m: Made = {
        id: order.id,
        orderNo: order.orderNo,
        tillId: order.tillId,
        memberId: order.memberId,
        createdAt: order.createdAt,
        payFen: order.payFen,
        status: order.status,
      }
      made.push(m)
      byName[name] = m
      return m
    }
    const setStatus = async (name: string) => {
      const row = await t.core.store.db
        .selectFrom('order_info')
        .select('status')
        .where('id', '=', byName[name]!.id)
        .executeTakeFirstOrThrow()
      byName[name]!.status = row.status
    }

    await place('unpaid', cashier)
    await place('cancelled', cashier)
    await cancelOrder(t.core, noOrderHooks, cashier, byName.cancelled!.id)
    await setStatus('cancelled')
    await place('toReview', cashier, { memberId: memberA.id })
    await markPaid(t.core, byName.toReview!.id)
    await setStatus('toReview')
    await place('finished', cashier)
    await markPaid(t.core, byName.finished!.id)
    const finishedLines = (await getOrderDetail(t.core, cashier, byName.finished!.id)).lines
    await reviewOrder(t.core, cashier, {
      orderId: byName.finished!.id,
      lines: finishedLines.map((l) => ({ lineId: l.id, rating: 5, comment: '' })),
    })
    await setStatus('finished')
    await place('toShip', cashier, { memberId: memberA.id, delivery: true })
    await markPaid(t.core, byName.toShip!.id)
    await setStatus('toShip')
    await place('toReceive', cashier, { memberId: memberA.id, delivery: true })
    await markPaid(t.core, byName.toReceive!.id)
    await shipOrder(t.core, admin, byName.toReceive!.id)
    await setStatus('toReceive')
    await place('refunded', cashier)
    await markPaid(t.core, byName.refunded!.id)
    // The refund path is not under test here: a full refund is set directly, as a refund leaves the row.
    const paid = await t.core.store.db
      .selectFrom('order_info')
      .select('paid_fen')
      .where('id', '=', byName.refunded!.id)
      .executeTakeFirstOrThrow()
    await t.core.store.db
      .updateTable('order_info')
      .set({ status: OrderStatus.REFUNDED, refunded_fen: paid.paid_fen })
      .where('id', '=', byName.refunded!.id)
      .where('status', '=', OrderStatus.UNREVIEWED)
      .execute()
    await setStatus('refunded')
    await place('memberA_unpaid', cashier, { memberId: memberA.id })
    await place('t2_memberB', cashierT2, { memberId: memberB.id })
    await place('t2_memberA', cashierT2, { memberId: memberA.id })
    await markPaid(t.core, byName.t2_memberA!.id)
    await setStatus('t2_memberA')
    // Four orders in the very same millisecond on two tills: pages must split ties by id.
    await place('tie1', cashier)
    await place('tie2', cashierT2, { stepMs: 0 })
    await place('tie3', cashier, { stepMs: 0 })
    await place('tie4', cashier, { stepMs: 0 })
    await place('late', cashier, { count: 3 })
  })
  afterAll(() => t.dispose())

  it('the data set covers every status tab', () => {
    expect(new Set(made.map((m) => m.status))).toEqual(new Set(orderStatuses))
    expect(made.length).toBe(15)
  })

  it.each(orderStatuses)(
    'tab %i lists exactly the orders in that status, newest first (admin: all tills)',
    async (status) => {
      const page = await list(admin, { tab: status, limit: 100 })
      expect(ids(page)).toEqual(expected((m) => m.status === status))
      for (const order of page.orders) expect(order.status).toBe(status)
    },
  )

  it.each(orderStatuses)("tab %i for a cashier lists only this till's orders in that status", async (status) => {
    const page = await list(cashier, { tab: status, limit: 100 })
    expect(ids(page)).toEqual(expected((m) => m.status === status && m.tillId === 'T1'))
  })

  const sorted: Record<'oldest' | 'amountHigh' | 'amountLow', (a: Made, b: Made) => number> = {
    oldest: (a, b) => a.createdAt - b.createdAt || a.id - b.id,
    amountHigh: (a, b) => b.payFen - a.payFen || b.id - a.id,
    amountLow: (a, b) => a.payFen - b.payFen || a.id - b.id,
  }
  it.each(Object.keys(sorted) as (keyof typeof sorted)[])(
    'sorted %s: every page in that order, ties split by id, nothing twice or left out',
    async (sort) => {
      // Amounts repeat (most orders are the same two SKUs): the pages must split those ties too.
      expect(new Set(made.map((m) => m.payFen)).size).toBeLessThan(made.length)
      const walked = await walk((cursor) => list(admin, { sort, cursor, limit: 3 }))
      expect(walked.ids).toEqual([...made].sort(sorted[sort]).map((m) => m.id))
      const tab = await walk((cursor) => list(cashier, { sort, tab: OrderStatus.UNPAID, cursor, limit: 3 }))
      expect(tab.ids).toEqual(
        made
          .filter((m) => m.status === OrderStatus.UNPAID && m.tillId === 'T1')
          .sort(sorted[sort])
          .map((m) => m.id),
      )
    },
  )

  it("the 'all' tab: an admin sees every till's orders, a cashier only their till's", async () => {
    expect(ids(await list(admin, { limit: 100 }))).toEqual(expected(() => true))
    expect(ids(await list(cashier, { limit: 100 }))).toEqual(expected((m) => m.tillId === 'T1'))
    expect(ids(await list(cashierT2, { limit: 100 }))).toEqual(expected((m) => m.tillId === 'T2'))
    expect((await list(cashier, { limit: 100 })).orders.every((o) => o.tillId === 'T1')).toBe(true)
  })

  it('finds one order by its order number, within what the caller may see', async () => {
    const target = byName.toShip!
    const page = await list(admin, { orderNo: target.orderNo })
    expect(ids(page)).toEqual([target.id])
    expect(page.orders[0]?.orderNo).toBe(target.orderNo)
    expect(ids(await list(cashier, { orderNo: target.orderNo }))).toEqual([target.id])
    // Another till's order number finds nothing for a cashier, everything for an admin.
    expect(ids(await list(cashier, { orderNo: byName.t2_memberB!.orderNo }))).toEqual([])
    expect(ids(await list(admin, { orderNo: byName.t2_memberB!.orderNo }))).toEqual([byName.t2_memberB!.id])
    expect(ids(await list(admin, { orderNo: 'NOSUCHORDER123' }))).toEqual([])
    // Combined with a tab that does not match: nothing.
    expect(ids(await list(admin, { orderNo: target.orderNo, tab: OrderStatus.UNPAID }))).toEqual([])
  })

  it("finds a member's orders by phone", async () => {
    expect(ids(await list(admin, { memberPhone: memberA.phone, limit: 100 }))).toEqual(
      expected((m) => m.memberId === memberA.id),
    )
    expect(ids(await list(cashier, { memberPhone: memberA.phone, limit: 100 }))).toEqual(
      expected((m) => m.memberId === memberA.id && m.tillId === 'T1'),
    )
    expect(ids(await list(admin, { memberPhone: memberB.phone, limit: 100 }))).toEqual([byName.t2_memberB!.id])
    expect(ids(await list(admin, { memberPhone: '13599999999', limit: 100 }))).toEqual([])
    expect(ids(await list(admin, { memberPhone: memberA.phone, tab: OrderStatus.UNSHIPPED }))).toEqual([
      byName.toShip!.id,
    ])
  })

  it('filters by a date range: from inclusive, to exclusive', async () => {
    const from = byName.toReview!.createdAt
    const to = byName.toReceive!.createdAt
    const inRange = expected((m) => m.createdAt >= from && m.createdAt < to)
    expect(inRange).toEqual([byName.toShip!.id, byName.finished!.id, byName.toReview!.id])
    expect(ids(await list(admin, { from, to, limit: 100 }))).toEqual(inRange)
    // One millisecond either side moves an order in or out.
    expect(ids(await list(admin, { from: from + 1, to: to + 1, limit: 100 }))).toEqual([
      byName.toReceive!.id,
      byName.toShip!.id,
      byName.finished!.id,
    ])
    // Only a lower bound, only an upper bound.
    const tieTime = byName.tie1!.createdAt
    expect(ids(await list(admin, { from: tieTime, limit: 100 }))).toEqual(expected((m) => m.createdAt >= tieTime))
    expect(ids(await list(admin, { to: from, limit: 100 }))).toEqual(expected((m) => m.createdAt < from))
    // The same range for a cashier at T2.
    expect(ids(await list(cashierT2, { from: tieTime, limit: 100 }))).toEqual([byName.tie2!.id])
    // An empty range.
    expect(ids(await list(admin, { from: to, to: from }))).toEqual([])
  })

  it('pages with limit 3: every order exactly once, newest first, no gaps (ties included)', async () => {
    const all = await walk((cursor) => list(admin, { limit: 3, cursor }))
    expect(all.ids).toEqual(expected(() => true))
    expect(all.pages).toBe(Math.ceil(made.length / 3))
    const tills = await walk((cursor) => list(cashier, { limit: 3, cursor }))
    expect(tills.ids).toEqual(expected((m) => m.tillId === 'T1'))
    const tab = await walk((cursor) => list(admin, { tab: OrderStatus.UNPAID, limit: 3, cursor }))
    expect(tab.ids).toEqual(expected((m) => m.status === OrderStatus.UNPAID))
  })

  it('a page after an order was placed meanwhile neither repeats nor skips', async () => {
    const first = await list(admin, { limit: 3 })
    const extra = await staffActor(t.core, 'cashier', 'T1')
    const sku = await addSku(t.core, { stock: 5 })
    t.clock.advance(MINUTE)
    const newer = await sell(t.core, extra, [[sku, 1]])
    const rest = await walk((cursor) => list(admin, { limit: 3, cursor: cursor ?? first.nextCursor ?? undefined }))
    expect([...ids(first), ...rest.ids]).toEqual(expected(() => true))
    expect(rest.ids).not.toContain(newer.id)
    made.push({
      id: newer.id,
      orderNo: newer.orderNo,
      tillId: 'T1',
      memberId: null,
      createdAt: newer.createdAt,
      payFen: newer.payFen,
      status: newer.status,
    })
    expect(ids(await list(admin, { limit: 1 }))).toEqual([newer.id])
  })

  it('shows one order with its lines, totals, event timeline and payments', async () => {
    const target = byName.toReceive!
    // The payment path is not under test here: a payment row is written directly, as a payment leaves it.
    await t.core.store.db
      .insertInto('payments')
      .values({
        order_id: target.id,
        method: 3,
        out_trade_no: `${target.orderNo}_1`,
        trade_no: '2026030122001400000000000001',
        amount_fen: 2050,
        status: 'paid',
        qr_code: null,
        last_response: null,
        created_at: target.createdAt + 1000,
        updated_at: target.createdAt + 2000,
      })
      .execute()
    const detail = await getOrderDetail(t.core, admin, target.id)
    expect(detail).toMatchObject({
      id: target.id,
      orderNo: target.orderNo,
      tillId: 'T1',
      status: OrderStatus.UNRECEIVED,
      fulfilment: 'delivery',
    })
    expect(detail.lines.map((l) => [l.priceFen, l.count, l.lineFen])).toEqual([
      [250, 1, 250],
      [1800, 1, 1800],
    ])
    expect(detail.goodsFen).toBe(2050)
    expect(detail.freightFen).toBe(1000)
    expect(detail.payFen).toBe(3050)
    expect(detail.receiver).toBe('甲')
    expect(detail.events.map((e) => e.type)).toEqual(['created', 'shipped'])
    expect(detail.events[0]?.detail).toMatchObject({ payFen: 3050, lines: 2 })
    expect(detail.events[1]).toMatchObject({
      actor: admin.username,
      detail: { from: OrderStatus.UNSHIPPED, to: OrderStatus.UNRECEIVED },
    })
    expect(detail.payments).toEqual([
      {
        id: expect.any(Number),
        method: 3,
        outTradeNo: `${target.orderNo}_1`,
        tradeNo: '2026030122001400000000000001',
        amountFen: 2050,
        status: 'paid',
        createdAt: target.createdAt + 1000,
        updatedAt: target.createdAt + 2000,
        autoRefund: null,
      },
    ])

    const cancelled = await getOrderDetail(t.core, cashier, byName.cancelled!.id)
    expect(cancelled.events.map((e) => [e.type, e.actor])).toEqual([
      ['created', cashier.username],
      ['cancelled', cashier.username],
    ])
    expect(cancelled.payments).toEqual([])
    const finished = await getOrderDetail(t.core, cashier, byName.finished!.id)
    expect(finished.events.map((e) => e.type)).toEqual(['created', 'reviewed'])
    expect(finished.lines.every((l) => l.rating === 5 && l.reviewedAt !== null)).toBe(true)
  })

  it("a cashier cannot open another till's order; an admin can", async () => {
    const other = byName.t2_memberB!
    await expect(getOrderDetail(t.core, cashier, other.id)).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' })
    await expect(getOrderDetail(t.core, cashier, other.id)).rejects.toBeInstanceOf(PosError)
    expect((await getOrderDetail(t.core, admin, other.id)).tillId).toBe('T2')
    expect((await getOrderDetail(t.core, cashierT2, other.id)).id).toBe(other.id)
  })

  it("lists a member's orders, newest first, paged; a cashier sees only their till's", async () => {
    const mine = (m: Made) => m.memberId === memberA.id
    const all = await walk((cursor) => ordersOfMember(t.core, admin, { memberId: memberA.id, cursor, limit: 3 }))
    expect(all.ids).toEqual(expected(mine))
    expect(all.ids.length).toBe(5)
    const t1 = await walk((cursor) => ordersOfMember(t.core, cashier, { memberId: memberA.id, cursor, limit: 3 }))
    expect(t1.ids).toEqual(expected((m) => mine(m) && m.tillId === 'T1'))
    const b = await ordersOfMember(t.core, admin, { memberId: memberB.id, limit: 20 })
    expect(ids(b)).toEqual([byName.t2_memberB!.id])
    expect(b.orders[0]?.lines).toHaveLength(2)
    expect(ids(await ordersOfMember(t.core, cashier, { memberId: memberB.id, limit: 20 }))).toEqual([])
  })
})
