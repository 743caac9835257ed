// The screen facing the customer: the cart's lines, the count and the amount; a welcome when
// the cart is empty; while paying the amount and Alipay's QR code; a thank-you once paid.
import { useEffect, useState } from 'react'
import { formatFen } from '../../src-shared/money'
import { LineItem } from '../components/OrderLines'
import { openChannel, type DisplayMessage } from '../customer-display'
import { strings } from '../strings'

/** Whether the shown code's time is up, by the display's own clock (checked every second). */
function useExpired(expiresAt: number | null): boolean {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (expiresAt === null) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [expiresAt])
  return expiresAt !== null && now >= expiresAt
}

/**
 * 1–5 stars, tapped once; the cashier window turns the tap into the order's review. The thanks for
 * it stays while this order is shown, though the order, now finished, no longer asks.
 */
function RateSale({ orderId, ask }: { orderId: number; ask: boolean }) {
  const [given, setGiven] = useState<{ orderId: number; rating: number } | null>(null)
  const zh = strings.zh
  const en = strings.en
  if (given?.orderId === orderId)
    return (
      <p className="customer-rated" data-testid="customer-rated">
        {'★'.repeat(given.rating)} {zh.ratingThanks} {en.ratingThanks}
      </p>
    )
  if (!ask) return null
  function rate(rating: number) {
    setGiven({ orderId, rating })
    const channel = openChannel()
    channel?.postMessage({ kind: 'rate', orderId, rating } satisfies DisplayMessage)
    channel?.close()
  }
  return (
    <div className="customer-rate" data-testid="customer-rate">
      <p>
        {zh.ratePrompt} {en.ratePrompt}
      </p>
      <div className="stars" role="group" aria-label={zh.ratePrompt}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" aria-label={`${n} ★`} onClick={() => rate(n)}>
            ★
          </button>
        ))}
      </div>
    </div>
  )
}

export function CustomerDisplay() {
  const [shown, setShown] = useState<DisplayMessage>({ kind: 'welcome' })
  const expired = useExpired(shown.kind === 'pay' ? shown.expiresAt : null)

  useEffect(() => {
    const channel = openChannel()
    if (!channel) return
    channel.onmessage = (event: MessageEvent<DisplayMessage>) => {
      const message = event.data
      // What displays say to the cashier window, not to themselves.
      if (message.kind === 'hello' || message.kind === 'rate') return
      // A thank-you stays until the next customer's goods arrive.
      setShown((now) =>
        now.kind === 'thanks' && message.kind === 'cart' && message.cart.lines.length === 0 ? now : message,
      )
    }
    channel.postMessage({ kind: 'hello' } satisfies DisplayMessage)
    return () => channel.close()
  }, [])

  // Both languages at once: the customer did not choose the cashier's.
  const zh = strings.zh
  const en = strings.en
  if (shown.kind === 'pay') {
    return (
      <main className="customer customer-pay" lang="zh-CN">
        <h1>FreshTill</h1>
        <p className="muted">
          {zh.orderNo} <span className="mono">{shown.orderNo}</span>
        </p>
        <p>
          {zh.payAmount} · {en.payAmount}
        </p>
        <p className="customer-due" data-testid="customer-due">
          {formatFen(shown.payFen)}
        </p>
        {shown.qrImage && expired && (
          <p className="customer-big-hint customer-expired" role="status" data-testid="customer-qr-expired">
            {zh.customerQrExpired}
            <br />
            {en.customerQrExpired}
          </p>
        )}
        {shown.qrImage && !expired && (
          <>
            <div className="customer-qr">
              <img
                src={shown.qrImage}
                alt={`${zh.payAmount} ${formatFen(shown.payFen)}`}
                data-testid="customer-qr"
                width={300}
                height={300}
              />
            </div>
            <p className="customer-big-hint">
              {zh.customerScanHint} · {en.customerScanHint}
            </p>
          </>
        )}
      </main>
    )
  }
  if (shown.kind === 'cart' && shown.cart.lines.length > 0) {
    const { cart } = shown
    return (
      <main className="customer customer-cart" lang="zh-CN">
        <header className="customer-head">
          <span className="brand">FreshTill</span>
          <span>
            {zh.welcome} · {en.welcome}
          </span>
        </header>
        <ul className="customer-lines" data-testid="customer-lines">
          {cart.lines.map((line) => (
            <LineItem
              key={line.skuId}
              name={line.name}
              line={line}
              nameClass="customer-name"
              totalClass="customer-line-total"
            />
          ))}
        </ul>
        <footer className="customer-total">
          <span data-testid="customer-count">
            {zh.customerItems(cart.totalCount)} · {en.customerItems(cart.totalCount)}
          </span>
          <span>
            {zh.customerTotal} {en.customerTotal}{' '}
            <strong data-testid="customer-amount">{formatFen(cart.goodsFen)}</strong>
          </span>
        </footer>
      </main>
    )
  }
  return (
    <main className="customer customer-idle" lang="zh-CN">
      <h1>FreshTill</h1>
      {shown.kind === 'thanks' ? (
        <>
          <p className="customer-big" data-testid="customer-thanks">
            {zh.thanks}
          </p>
          <p className="muted">{en.thanks}</p>
          {shown.ticketNo && (
            <p className="ticket-no" data-testid="customer-ticket-no">
              {zh.ticketNo} {en.ticketNo} {shown.ticketNo}
            </p>
          )}
          <p className="muted">
            {zh.orderNo} <span className="mono">{shown.orderNo}</span> · {zh.thanksPaid(formatFen(shown.payFen))}
          </p>
          {shown.changeFen ? (
            <p className="customer-change" data-testid="customer-change">
              {zh.changeDue} {en.changeDue} {formatFen(shown.changeFen)}
            </p>
          ) : null}
          <RateSale orderId={shown.orderId} ask={shown.askRating} />
        </>
      ) : (
        <>
          <p className="customer-big">{zh.welcome}</p>
          <p className="muted">{en.welcome}</p>
        </>
      )}
    </main>
  )
}
