// The reviews' SQL: ratings and comments live on the order lines (order_goods).
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { Trx } from '../db/transaction'

export interface LineReview {
  lineId: number
  rating: number
  comment: string
}

/** Writes each line's rating and comment; lines of another order are left alone. */
export async function recordLineReviews(
  trx: Trx,
  orderId: number,
  reviews: readonly LineReview[],
  at: number,
): Promise<void> {
  for (const review of reviews) {
    await trx
      .updateTable('order_goods')
      .set({ rating: review.rating, comment: review.comment, reviewed_at: at })
      .where('id', '=', review.lineId)
      .where('order_id', '=', orderId)
      .execute()
  }
}

/** The average rating and how many reviews a SKU has (drivers answer numbers or strings). */
export async function reviewSummaryOfSku(
  db: Kysely<Database>,
  skuId: number,
): Promise<{ average: number | string | null; count: number | string }> {
  return db
    .selectFrom('order_goods')
    .select((eb) => [
      eb.fn.avg<number | string | null>('rating').as('average'),
      eb.fn.countAll<number | string>().as('count'),
    ])
    .where('sku_id', '=', skuId)
    .where('reviewed_at', 'is not', null)
    .executeTakeFirstOrThrow()
}

/** A SKU's reviews, newest first, after the (reviewed_at, line id) of the last one shown. */
export async function reviewsOfSkuAfter(
  db: Kysely<Database>,
  skuId: number,
  after: readonly [at: number, lineId: number] | null,
  limit: number,
) {
  let query = db
    .selectFrom('order_goods')
    .innerJoin('order_info', 'order_info.id', 'order_goods.order_id')
    .select([
      'order_goods.id',
      'order_info.order_no',
      'order_goods.rating',
      'order_goods.comment',
      'order_goods.reviewed_at',
    ])
    .where('order_goods.sku_id', '=', skuId)
    .where('order_goods.reviewed_at', 'is not', null)
  if (after) {
    const [at, id] = after
    query = query.where((eb) =>
      eb.or([
        eb('order_goods.reviewed_at', '<', at),
        eb.and([eb('order_goods.reviewed_at', '=', at), eb('order_goods.id', '<', id)]),
      ]),
    )
  }
  return query.orderBy('order_goods.reviewed_at', 'desc').orderBy('order_goods.id', 'desc').limit(limit).execute()
}
