// 评价: one rating (a radio group: arrow keys move the stars) and a comment per line.
// Submitting finishes the order; so does 跳过评价.
import { useState, type FormEvent } from 'react'
import type { CallResult, OrderView } from '../../src-shared/contract'
import { OrderStatus } from '../../src-shared/order-status'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { OfflineBanner } from './OfflineBanner'
import { PageHead } from '../components/PageHead'

interface LineReview {
  rating: number
  comment: string
}

export function ReviewPage() {
  const t = useStrings()
  const { orderId, openOrder, openGoods } = useTill()
  const detail = useLoad(orderId === null ? null : () => window.pos['orders.get']({ orderId }), [orderId])
  const order = detail.data
  // A line not touched yet is 5 stars without a comment.
  const [reviews, setReviews] = useState<Record<number, LineReview>>({})
  const sending = useAction()
  const busy = sending.busy

  async function send(call: () => Promise<CallResult<OrderView>>) {
    const result = await sending.run(call)
    if (result?.ok) openOrder(result.data.id)
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!order) return
    const lines = order.lines.map((l) => ({
      lineId: l.id,
      rating: reviews[l.id]?.rating ?? 5,
      comment: reviews[l.id]?.comment ?? '',
    }))
    void send(() => window.pos['orders.review']({ orderId: order.id, lines }))
  }

  const update = (lineId: number, change: Partial<LineReview>) =>
    setReviews((all) => ({ ...all, [lineId]: { rating: 5, comment: '', ...all[lineId], ...change } }))

  const writable = order !== null && order.offline === null && order.status === OrderStatus.UNREVIEWED
  return (
    <div className="review-page">
      <PageHead back={t.orderDetail} onBack={() => orderId !== null && openOrder(orderId)} title={t.reviewTitle}>
        {order && <span className="mono muted">{order.orderNo}</span>}
      </PageHead>
      {order && <OfflineBanner offline={order.offline} />}
      <LoadStatus load={detail} />
      {order && (
        <form className="panel review-form" onSubmit={submit}>
          {order.lines.map((line) => {
            const review = reviews[line.id] ?? { rating: 5, comment: '' }
            return (
              <div key={line.id} className="review-line">
                <div className="review-goods">
                  <button type="button" className="link" onClick={() => openGoods(line.skuId)}>
                    {line.skuName}
                  </button>
                  <span className="muted small"> × {line.count}</span>
                </div>
                <div role="radiogroup" aria-label={`${t.rating} ${line.skuName}`} className="stars">
                  {[1, 2, 3, 4, 5].map((n) => (
                    <label key={n} className={n <= review.rating ? 'star on' : 'star'}>
                      <input
                        type="radio"
                        name={`rating-${line.id}`}
                        value={n}
                        checked={review.rating === n}
                        aria-label={t.stars(n)}
                        onChange={() => update(line.id, { rating: n })}
                      />
                      <span aria-hidden="true">★</span>
                    </label>
                  ))}
                  <span className="muted small rating-text">{t.stars(review.rating)}</span>
                </div>
                <label className="review-comment">
                  {t.comment} · {line.skuName}
                  <textarea
                    value={review.comment}
                    maxLength={500}
                    rows={2}
                    placeholder={t.commentPlaceholder}
                    onChange={(e) => update(line.id, { comment: e.target.value })}
                  />
                </label>
              </div>
            )
          })}
          <ErrorMessage error={sending.error} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy || !writable}>
              {t.submitReview}
            </button>
            <button
              type="button"
              disabled={busy || !writable}
              onClick={() => void send(() => window.pos['orders.skipReview']({ orderId: order.id }))}
            >
              {t.skipReview}
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
