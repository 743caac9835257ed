import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OrderView } from '../../src-shared/contract'
import { OrderStatus } from '../../src-shared/order-status'
import type { Actor } from '../../src-main/core/core'
import { getOrderDetail } from '../../src-main/orders/order-query.service'
import { reviewOrder, reviewsOfSku } from '../../src-main/reviews/reviews.service'
import { failure } from '../support/failure'
import { invalid, ok } from '../support/results'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { addSku, type ContractClient, contractClient, markPaid, sell, snapshot, askForRatings } from '../support/shop'

describe.each(testStores)('reviews on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let token: string
  let cashier: Actor
  let apples: number
  let pears: number

  /**
   * A counter-pickup order, moved to paid (status 4). The payment path is not under test here, so
   * the order is moved with a direct conditional UPDATE (markPaid: only WHERE status = UNPAID).
   */
  async function paidPickupOrder(
    lines: [number, number][] = [
      [apples, 2],
      [pears, 1],
    ],
  ): Promise<OrderView> {
    const order = await sell(t.core, cashier, lines, { fulfilment: 'pickup' })
    await markPaid(t.core, order.id)
    const paid = await getOrderDetail(t.core, cashier, order.id)
    expect(paid.status).toBe(OrderStatus.UNREVIEWED)
    return paid
  }

  const statusOf = async (orderId: number) =>
    (
      await t.core.store.db
        .selectFrom('order_info')
        .select('status')
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow()
    ).status

  beforeAll(async () => {
    t = await freshStore(kind)
    // Paid counter sales wait for their review here, as when the shop asks for ratings.
    await askForRatings(t.core)
    api = contractClient(t.core)
    const session = await api.login('cashier')
    token = session.token
    cashier = { staffId: session.staffId, username: session.username, role: session.role, tillId: session.tillId }
    apples = await addSku(t.core, { stock: 500, priceFen: 350, name: '苹果' })
    pears = await addSku(t.core, { stock: 500, priceFen: 420, name: '梨' })
  })
  afterAll(() => t.dispose())

  it('a paid pickup order (status 4) takes one rating and comment per line and becomes FINISHED with a reviewed event', async () => {
    const order = await paidPickupOrder()
    const [a, p] = order.lines
    t.clock.advance(5000)
    const reviewed = await reviewOrder(t.core, cashier, {
      orderId: order.id,
      lines: [
        { lineId: a!.id, rating: 5, comment: '很甜 <b>好吃</b>' },
        { lineId: p!.id, rating: 3, comment: '' },
      ],
    })
    expect(reviewed.status).toBe(OrderStatus.FINISHED)
    expect(reviewed.lines.map((l) => [l.id, l.rating, l.comment, l.reviewedAt])).toEqual([
      [a!.id, 5, '很甜 <b>好吃</b>', t.clock.now],
      [p!.id, 3, '', t.clock.now],
    ])
    const detail = await getOrderDetail(t.core, cashier, order.id)
    expect(detail.events.map((e) => e.type)).toEqual(['created', 'reviewed'])
    expect(detail.events[1]).toMatchObject({
      actor: cashier.username,
      createdAt: t.clock.now,
      detail: { from: OrderStatus.UNREVIEWED, to: OrderStatus.FINISHED, ratings: [5, 3] },
    })
  })

  it('the same through the contract: orders.review', async () => {
    const order = await paidPickupOrder([[apples, 1]])
    const result = await api.call(
      'orders.review',
      { orderId: order.id, lines: [{ lineId: order.lines[0]!.id, rating: 4, comment: '  新鲜  ' }] },
      token,
    )
    expect(result.ok, JSON.stringify(result)).toBe(true)
    if (result.ok)
      expect(result.data).toMatchObject({ status: OrderStatus.FINISHED, lines: [{ rating: 4, comment: '新鲜' }] })
  })

  it('refuses to review an UNPAID order with ILLEGAL_TRANSITION and stores nothing', async () => {
    const order = await sell(t.core, cashier, [
      [apples, 1],
      [pears, 1],
    ])
    const before = await snapshot(t.core)
    const error = await failure(
      reviewOrder(t.core, cashier, {
        orderId: order.id,
        lines: order.lines.map((l) => ({ lineId: l.id, rating: 5, comment: '想白拿' })),
      }),
    )
    expect(error.code).toBe('ILLEGAL_TRANSITION')
    expect(await snapshot(t.core)).toEqual(before)
    expect(await statusOf(order.id)).toBe(OrderStatus.UNPAID)
    const lines = await t.core.store.db.selectFrom('order_goods').selectAll().where('order_id', '=', order.id).execute()
    expect(lines.map((l) => [l.rating, l.comment, l.reviewed_at])).toEqual([
      [null, null, null],
      [null, null, null],
    ])
  })

  it('refuses the review of other statuses too (cancelled, delivery not yet received)', async () => {
    const cancelled = await sell(t.core, cashier, [[apples, 1]])
    await t.core.store.db
      .updateTable('order_info')
      .set({ status: OrderStatus.CANCELLED })
      .where('id', '=', cancelled.id)
      .execute()
    expect(
      (
        await failure(
          reviewOrder(t.core, cashier, {
            orderId: cancelled.id,
            lines: [{ lineId: cancelled.lines[0]!.id, rating: 5, comment: '' }],
          }),
        )
      ).code,
    ).toBe('ILLEGAL_TRANSITION')
    const shipped = await sell(t.core, cashier, [[pears, 1]])
    await t.core.store.db
      .updateTable('order_info')
      .set({ status: OrderStatus.UNRECEIVED })
      .where('id', '=', shipped.id)
      .execute()
    expect(
      (
        await failure(
          reviewOrder(t.core, cashier, {
            orderId: shipped.id,
            lines: [{ lineId: shipped.lines[0]!.id, rating: 5, comment: '' }],
          }),
        )
      ).code,
    ).toBe('ILLEGAL_TRANSITION')
    expect(await statusOf(shipped.id)).toBe(OrderStatus.UNRECEIVED)
  })

  it('refuses a rating outside 1–5 with INVALID_INPUT naming it, and stores nothing', async () => {
    const order = await paidPickupOrder()
    const before = await snapshot(t.core)
    for (const rating of [0, 6, -1, 4.5, 100, Number.NaN]) {
      const result = await api.call(
        'orders.review',
        {
          orderId: order.id,
          lines: [
            { lineId: order.lines[0]!.id, rating, comment: '' },
            { lineId: order.lines[1]!.id, rating: 5, comment: '' },
          ],
        },
        token,
      )
      invalid(result, 'lines.0.rating')
    }
    invalid(
      await api.call(
        'orders.review',
        {
          orderId: order.id,
          lines: [
            { lineId: order.lines[0]!.id, rating: '5' },
            { lineId: order.lines[1]!.id, rating: 5 },
          ],
        },
        token,
      ),
      'lines.0.rating',
    )
    invalid(await api.call('orders.review', { orderId: order.id, lines: [] }, token), 'lines')
    expect(await snapshot(t.core)).toEqual(before)
    expect(await statusOf(order.id)).toBe(OrderStatus.UNREVIEWED)
  })

  it('refuses a line of another order, a missing line or a line twice with INVALID_INPUT, and stores nothing', async () => {
    const order = await paidPickupOrder()
    const other = await paidPickupOrder([[apples, 1]])
    const [a, p] = order.lines
    const before = await snapshot(t.core)
    const attempts = [
      // a line of another order in place of one of this order's
      [
        { lineId: a!.id, rating: 5, comment: '' },
        { lineId: other.lines[0]!.id, rating: 5, comment: '' },
      ],
      // a line of another order on top of all of this order's
      [
        { lineId: a!.id, rating: 5, comment: '' },
        { lineId: p!.id, rating: 5, comment: '' },
        { lineId: other.lines[0]!.id, rating: 1, comment: '' },
      ],
      // a missing line
      [{ lineId: a!.id, rating: 5, comment: '' }],
      // the same line twice
      [
        { lineId: a!.id, rating: 5, comment: '' },
        { lineId: a!.id, rating: 4, comment: '' },
        { lineId: p!.id, rating: 5, comment: '' },
      ],
      // a line that does not exist
      [
        { lineId: a!.id, rating: 5, comment: '' },
        { lineId: p!.id, rating: 5, comment: '' },
        { lineId: 2_000_000_000, rating: 5, comment: '' },
      ],
    ]
    for (const lines of attempts) {
      const error = await failure(reviewOrder(t.core, cashier, { orderId: order.id, lines }))
      expect(error.code, JSON.stringify(lines)).toBe('INVALID_INPUT')
      expect(Object.keys(error.details?.fields as object)).toEqual(['lines'])
      invalid(await api.call('orders.review', { orderId: order.id, lines }, token), 'lines')
    }
    expect(
      (await failure(reviewOrder(t.core, cashier, { orderId: order.id, lines: attempts[0]! }))).details,
    ).toMatchObject({
      missing: [p!.id],
      foreign: [other.lines[0]!.id],
    })
    expect(await snapshot(t.core)).toEqual(before)
    expect(await statusOf(order.id)).toBe(OrderStatus.UNREVIEWED)
    expect(await statusOf(other.id)).toBe(OrderStatus.UNREVIEWED)
  })

  it('refuses a second review with ILLEGAL_TRANSITION and keeps the first', async () => {
    const order = await paidPickupOrder([[pears, 1]])
    const line = order.lines[0]!
    await reviewOrder(t.core, cashier, {
      orderId: order.id,
      lines: [{ lineId: line.id, rating: 2, comment: '第一次' }],
    })
    const before = await snapshot(t.core)
    t.clock.advance(1000)
    const error = await failure(
      reviewOrder(t.core, cashier, { orderId: order.id, lines: [{ lineId: line.id, rating: 5, comment: '改好评' }] }),
    )
    expect(error.code).toBe('ILLEGAL_TRANSITION')
    const result = await api.call(
      'orders.review',
      { orderId: order.id, lines: [{ lineId: line.id, rating: 5, comment: '再改' }] },
      token,
    )
    expect(result.ok === false && result.error.code).toBe('ILLEGAL_TRANSITION')
    expect(await snapshot(t.core)).toEqual(before)
    const detail = await getOrderDetail(t.core, cashier, order.id)
    expect(detail.lines[0]).toMatchObject({ rating: 2, comment: '第一次' })
    expect(detail.events.filter((e) => e.type === 'reviewed')).toHaveLength(1)
  })

  describe('reviews of one SKU', () => {
    it('are listed newest first, paged, with the average rating and the count', async () => {
      const melon = await addSku(t.core, { stock: 100, priceFen: 1500, name: '哈密瓜' })
      const empty = await reviewsOfSku(t.core, { skuId: melon, limit: 20 })
      expect(empty).toEqual({ skuId: melon, averageRating: null, reviewCount: 0, reviews: [], nextCursor: null })

      const reviewedLines: { lineId: number; orderNo: string; rating: number; at: number }[] = []
      for (const [rating, comment] of [
        [5, '最好'],
        [4, '不错'],
        [3, '一般'],
      ] as const) {
        const order = await paidPickupOrder([[melon, 1]])
        t.clock.advance(60_000)
        await reviewOrder(t.core, cashier, {
          orderId: order.id,
          lines: [{ lineId: order.lines[0]!.id, rating, comment }],
        })
        reviewedLines.push({ lineId: order.lines[0]!.id, orderNo: order.orderNo, rating, at: t.clock.now })
      }
      // A paid but unreviewed line of the same SKU counts for nothing.
      await paidPickupOrder([[melon, 2]])

      const all = await reviewsOfSku(t.core, { skuId: melon, limit: 20 })
      expect(all.averageRating).toBe(4)
      expect(all.reviewCount).toBe(3)
      expect(all.reviews.map((r) => [r.lineId, r.orderNo, r.rating, r.comment, r.reviewedAt])).toEqual([
        [reviewedLines[2]!.lineId, reviewedLines[2]!.orderNo, 3, '一般', reviewedLines[2]!.at],
        [reviewedLines[1]!.lineId, reviewedLines[1]!.orderNo, 4, '不错', reviewedLines[1]!.at],
        [reviewedLines[0]!.lineId, reviewedLines[0]!.orderNo, 5, '最好', reviewedLines[0]!.at],
      ])
      expect(all.nextCursor).toBeNull()

      const first = await reviewsOfSku(t.core, { skuId: melon, limit: 2 })
      expect(first.reviews.map((r) => r.rating)).toEqual([3, 4])
      expect(first.averageRating).toBe(4)
      expect(first.reviewCount).toBe(3)
      expect(first.nextCursor).not.toBeNull()
      const second = await reviewsOfSku(t.core, { skuId: melon, limit: 2, cursor: first.nextCursor ?? undefined })
      expect(second.reviews.map((r) => r.rating)).toEqual([5])
      expect(second.nextCursor).toBeNull()
    })

    it('page through reviews made at the same moment without repeats or gaps, and average to one decimal', async () => {
      const kiwi = await addSku(t.core, { stock: 100, priceFen: 300, name: '猕猴桃' })
      const lineIds: number[] = []
      t.clock.advance(60_000)
      for (const rating of [5, 4, 4, 5, 4]) {
        const order = await paidPickupOrder([[kiwi, 1]])
        await reviewOrder(t.core, cashier, {
          orderId: order.id,
          lines: [{ lineId: order.lines[0]!.id, rating, comment: '' }],
        })
        lineIds.push(order.lines[0]!.id)
      }
      const seen: number[] = []
      let cursor: string | undefined
      do {
        const page = await reviewsOfSku(t.core, { skuId: kiwi, limit: 2, cursor })
        expect(page.averageRating).toBe(4.4)
        expect(page.reviewCount).toBe(5)
        seen.push(...page.reviews.map((r) => r.lineId))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      expect(seen).toEqual([...lineIds].reverse())
    })

    it('through the contract: reviews.ofSku', async () => {
      const page = ok(await api.call('reviews.ofSku', { skuId: pears }, token)) as {
        reviewCount: number
        averageRating: number
        reviews: { rating: number }[]
      }
      // pears: rated 3 in the first test and 2 in the second-review test.
      expect(page.reviewCount).toBe(2)
      expect(page.averageRating).toBe(2.5)
      expect(page.reviews.map((r) => r.rating)).toEqual([2, 3])
    })
  })
})
