// 商品详情: price, stock, sales, and the reviews of this SKU, newest first, a page at a time.
import type { SkuReviewView, SkuView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { quantityText } from '../../src-shared/weight'
import { ErrorMessage } from '../components/ErrorMessage'
import { formatDateTime } from '../format'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction, useLaterPages, useLoad } from '../use-call'
import { PageHead } from '../components/PageHead'

const REVIEWS_PER_PAGE = 5

/** Stock or sales with the unit: "12 盒", or the grams of goods sold by weight as "2.468 斤". */
const amountOf = (quantity: number, sku: SkuView) =>
  sku.saleMode === 'by_weight' ? quantityText(quantity, sku.unitGrams) : `${quantity} ${sku.unit}`

export function GoodsDetail() {
  const t = useStrings()
  const { skuId, goodsBack, goTo } = useTill()
  const skuLoad = useLoad(skuId === null ? null : () => window.pos['catalog.sku']({ skuId }), [skuId])
  const firstReviews = useLoad(
    skuId === null ? null : () => window.pos['reviews.ofSku']({ skuId, limit: REVIEWS_PER_PAGE }),
    [skuId],
  )
  const sku = skuLoad.data
  const later = useLaterPages(firstReviews.data)
  const summary = later.pages.at(-1) ?? firstReviews.data
  const reviews: SkuReviewView[] = [firstReviews.data, ...later.pages].flatMap((p) => p?.reviews ?? [])
  const loadingMore = useAction()

  async function more() {
    const cursor = summary?.nextCursor
    if (skuId === null || !cursor) return
    const r = await loadingMore.run(() => window.pos['reviews.ofSku']({ skuId, cursor, limit: REVIEWS_PER_PAGE }))
    if (r?.ok) later.add(r.data)
  }

  return (
    <div className="goods-detail">
      <PageHead back={t.back} onBack={() => goTo(goodsBack)} title={t.goodsDetail} />
      <ErrorMessage
        error={skuLoad.error ?? firstReviews.error}
        onRetry={() => {
          if (skuLoad.error) skuLoad.reload()
          if (firstReviews.error) firstReviews.reload()
        }}
      />
      {sku && (
        <section className="panel goods-facts">
          <h2 data-testid="goods-name">{sku.name}</h2>
          <dl className="facts">
            <dt>{t.price}</dt>
            <dd className="goods-price">
              {formatFen(sku.priceFen)} <small>/ {sku.unit}</small>
            </dd>
            <dt>{t.stock}</dt>
            <dd data-testid="goods-stock">{amountOf(sku.stock, sku)}</dd>
            <dt>{t.sales}</dt>
            <dd data-testid="goods-sales">{amountOf(sku.sales, sku)}</dd>
            <dt>{t.barcode}</dt>
            <dd className="mono">{sku.barcode}</dd>
            <dt>{t.status}</dt>
            <dd>{sku.onSale ? t.onSale : t.offSale}</dd>
          </dl>
        </section>
      )}
      {summary && (
        <section className="panel">
          <h2>{t.reviews}</h2>
          <p className="rating-summary">
            <span className="muted">{t.averageRating}</span>{' '}
            <strong data-testid="average-rating">
              {summary.averageRating === null ? '—' : summary.averageRating.toFixed(1)}
            </strong>
            {summary.averageRating !== null && (
              <span className="stars-shown"> {'★'.repeat(Math.round(summary.averageRating))}</span>
            )}
            <span className="muted" data-testid="review-count">
              {' '}
              · {t.reviewCount(summary.reviewCount)}
            </span>
          </p>
          {reviews.length === 0 && <p className="muted">{t.noReviews}</p>}
          <ul className="review-list">
            {reviews.map((r) => (
              <li key={r.lineId}>
                <div>
                  <span className="stars-shown" aria-label={t.stars(r.rating)}>
                    {'★'.repeat(r.rating)}
                    <span className="dim">{'★'.repeat(5 - r.rating)}</span>
                  </span>
                  <span className="muted small">
                    {' '}
                    {formatDateTime(r.reviewedAt)} · <span className="mono">{r.orderNo}</span>
                  </span>
                </div>
                {r.comment && <p className="review-text">{r.comment}</p>}
              </li>
            ))}
          </ul>
          <ErrorMessage error={loadingMore.error} />
          {summary.nextCursor && (
            <button type="button" disabled={loadingMore.busy} onClick={() => void more()}>
              {t.moreReviews}
            </button>
          )}
        </section>
      )}
    </div>
  )
}
