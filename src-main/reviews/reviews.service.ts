// Reviews: one rating and comment per order line, only for a paid order waiting for its review
// (UNREVIEWED), which the review then finishes.
import type { z } from 'zod'
import type { OrderView, reviewInput, SkuReviewPage } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Actor, Core } from '../core/core'
import { decodeCursor, encodeCursor } from '../core/paging'
import { writeTransaction } from '../db/transaction'
import { applyAction, findOrderFor } from '../orders/order-lifecycle.service'
import { loadOrderView } from '../orders/order-view'
import { findLinesOfOrders } from '../orders/orders.repository'
import { recordLineReviews, reviewsOfSkuAfter, reviewSummaryOfSku } from './reviews.repository'

export type ReviewInput = z.output<typeof reviewInput>

export async function reviewOrder(core: Core, actor: Actor, input: ReviewInput): Promise<OrderView> {
  const order = await findOrderFor(core, actor, input.orderId)
  const lines = await findLinesOfOrders(core.store.db, [order.id])
  const given = new Map(input.lines.map((l) => [l.lineId, l]))
  const missing = lines.filter((l) => !given.has(l.id)).map((l) => l.id)
  const foreign = input.lines.filter((l) => !lines.some((own) => own.id === l.lineId)).map((l) => l.lineId)
  if (missing.length > 0 || foreign.length > 0 || given.size !== input.lines.length) {
    throw new PosError('INVALID_INPUT', 'Rate every line of this order once.', {
      fields: { lines: 'one rating for each line of the order' },
      missing,
      foreign,
    })
  }
  await writeTransaction(core.store, async (trx) => {
    if (!(await applyAction(trx, core, order, 'review', actor, { ratings: input.lines.map((l) => l.rating) }))) {
      throw new PosError('ILLEGAL_TRANSITION', 'This order was already reviewed or changed.', { action: 'review' })
    }
    await recordLineReviews(trx, order.id, input.lines, core.now())
  })
  return loadOrderView(core.store.db, order.id)
}

export async function reviewsOfSku(
  core: Core,
  input: { skuId: number; cursor?: string; limit: number },
): Promise<SkuReviewPage> {
  const db = core.store.db
  const summary = await reviewSummaryOfSku(db, input.skuId)
  const after = decodeCursor(input.cursor, 2) as [number, number] | null
  const rows = await reviewsOfSkuAfter(db, input.skuId, after, input.limit + 1)
  const shown = rows.slice(0, input.limit)
  const last = shown.at(-1)
  const count = Number(summary.count)
  return {
    skuId: input.skuId,
    averageRating: count > 0 && summary.average !== null ? Math.round(Number(summary.average) * 10) / 10 : null,
    reviewCount: count,
    reviews: shown.map((r) => ({
      lineId: r.id,
      orderNo: r.order_no,
      rating: r.rating ?? 0,
      comment: r.comment ?? '',
      reviewedAt: r.reviewed_at ?? 0,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.reviewed_at ?? 0, last.id]) : null,
  }
}
