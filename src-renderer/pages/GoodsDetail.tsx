// 商品详情: price, stock, sales, and the reviews of this SKU, newest first, a page at a time.
import { useEffect, useState } from 'react'
import type { SkuReviewPage, SkuReviewView, SkuView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { formatDateTime } from '../format'
import { useErrorText, useStrings, useTill } from '../store'

const REVIEWS_PER_PAGE = 5

export function GoodsDetail() {
  const t = useStrings()
  const errorText = useErrorText()
  const { skuId, goodsBack, goTo } = useTill()
  const [sku, setSku] = useState<SkuView | null>(null)
  const [summary, setSummary] = useState<Omit<SkuReviewPage, 'reviews'> | null>(null)
  const [reviews, setReviews] = useState<SkuReviewView[]>([])
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (skuId === null) return
    let current = true
    setReviews([])
    void Promise.all([
      window.pos['catalog.sku']({ skuId }),
      window.pos['reviews.ofSku']({ skuId, limit: REVIEWS_PER_PAGE }),
    ]).then(([skuResult, reviewResult]) => {
      if (!current) return
      if (skuResult.ok) setSku(skuResult.data)
      else setError(errorText(skuResult.error))
      if (reviewResult.ok) {
        setSummary(reviewResult.data)
        setReviews(reviewResult.data.reviews)
      } else setError(errorText(reviewResult.error))
    })
    return () => {
      current = false
    }
    // errorText changes with the language only.
  }, [skuId])

  async function more() {
    if (skuId === null || !summary?.nextCursor) return
    const r = await window.pos['reviews.ofSku']({ skuId, cursor: summary.nextCursor, limit: REVIEWS_PER_PAGE })
    if (!r.ok) return setError(errorText(r.error))
    setSummary(r.data)
    setReviews((list) => [...list, ...r.data.reviews])
  }

  return (
    <div className="goods-detail">
      <div className="checkout-head">
        <button type="button" className="ghost" onClick={() => goTo(goodsBack)}>
          ← {t.back2}
        </button>
        <h1>{t.goodsDetail}</h1>
      </div>
      <ErrorMessage text={error} />
      {sku && (
        <section className="panel goods-facts">
          <h2 data-testid="goods-name">{sku.name}</h2>
          <dl className="facts">
            <dt>{t.price}</dt>
            <dd className="goods-price">
              {formatFen(sku.priceFen)} <small>/ {sku.unit}</small>
            </dd>
            <dt>{t.stockLabel}</dt>
            <dd data-testid="goods-stock">
              {sku.stock} {sku.unit}
            </dd>
            <dt>{t.sales}</dt>
            <dd data-testid="goods-sales">
              {sku.sales} {sku.unit}
            </dd>
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
          {summary.nextCursor && (
            <button type="button" onClick={() => void more()}>
              {t.moreReviews}
            </button>
          )}
        </section>
      )}
    </div>
  )
}
