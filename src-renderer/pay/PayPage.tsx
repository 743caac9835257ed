// 收款 (SPEC §4.5, §6): the order's amount and the way to take it — Alipay QR (large, with a
// countdown and live status), Alipay payment code (a scanner's digits + Enter), cash with change,
// bank card — then a paid screen with the receipt. Reached right after 提交订单 and from 去支付.
import { useEffect, useRef, useState } from 'react'
import type { AlipayQrView, OrderView, PaymentAttemptView, PaymentStatusView } from '../../src-shared/contract'
import type { ErrorBody } from '../../src-shared/errors'
import { formatFen, yuanStringToFen } from '../../src-shared/money'
import { OrderStatus, orderStatusNames, payMethodNames, type PayMethod } from '../../src-shared/order-status'
import { ErrorMessage } from '../components/ErrorMessage'
import { strings } from '../i18n'
import { useErrorText, useTill } from '../store'
import { usePayState } from './pay-state'
import './pay.css'
import { Receipt } from './Receipt'
import { usePayStrings } from './strings'

type Channel = 'qr' | 'barcode' | 'cash' | 'card'
const channels: Channel[] = ['qr', 'barcode', 'cash', 'card']

interface Paid {
  order: OrderView
  payment: PaymentAttemptView | null
  changeFen: number
}

const paidStatuses: ReadonlySet<number> = new Set([OrderStatus.UNSHIPPED, OrderStatus.UNRECEIVED, OrderStatus.UNREVIEWED, OrderStatus.FINISHED])

const unreachable = () => strings[useTill.getState().language].unreachable

function channelOf(method: PayMethod): Channel {
  return method === 3 ? 'qr' : method === 4 ? 'card' : 'cash'
}

/** The 去支付 page ("pay"). */
export function PayPage() {
  return <PayRoot placed={false} />
}

/** The page after 提交订单 ("placed"): the same screen, headed 订单已提交. */
export function PlacedPayPage() {
  return <PayRoot placed />
}

function PayRoot({ placed }: { placed: boolean }) {
  const order = useTill((s) => s.order)
  if (!order) return null
  // A new order starts a new screen: no state of the previous one is carried over.
  return <PayScreen key={order.id} order={order} placed={placed} />
}

function PayScreen({ order, placed }: { order: OrderView; placed: boolean }) {
  const t = usePayStrings()
  const errorText = useErrorText()
  const { language, setOrder, goTo } = useTill()
  const back = usePayState((s) => s.back)
  const [channel, setChannel] = useState<Channel>(() => channelOf(order.payMethod))
  const [paid, setPaid] = useState<Paid | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const unpaid = order.status === OrderStatus.UNPAID
  const isPaid = paid !== null || paidStatuses.has(order.status)

  function onPaid(result: Paid) {
    setOrder(result.order)
    setPaid(result)
    usePayState.setState({ qr: null, paid: { orderId: result.order.id, orderNo: result.order.orderNo, payFen: result.order.payFen, changeFen: result.changeFen } })
  }

  async function cancel() {
    setBusy(true)
    setError(null)
    try {
      const result = await window.pos['orders.cancel']({ orderId: order.id })
      if (result.ok) {
        usePayState.setState({ qr: null })
        setOrder(result.data)
      } else setError(errorText(result.error))
    } catch {
      setError(unreachable())
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="pay-page">
      <div className="checkout-head no-print">
        {!placed && (
          <button type="button" className="ghost" onClick={() => goTo(back)}>
            {t.backToOrders}
          </button>
        )}
        <h1>{placed ? t.orderPlaced : t.payTitle}</h1>
      </div>
      <div className="pay-body">
        <section className="panel pay-summary no-print">
          <dl className="totals">
            <dt>{t.orderNo}</dt>
            <dd data-testid="order-no" className="mono">
              {order.orderNo}
            </dd>
            <dt>{t.payMethod}</dt>
            <dd>{payMethodNames[order.payMethod][language]}</dd>
            <dt>{t.status}</dt>
            <dd data-testid="order-status" className={`status s${order.status}`}>
              {orderStatusNames[order.status][language]}
            </dd>
            <dt className="pay">{t.payAmount}</dt>
            <dd className="big pay" data-testid="order-pay">
              {formatFen(order.payFen)}
            </dd>
          </dl>
          <ul className="pay-lines">
            {order.lines.map((line) => (
              <li key={line.id}>
                <span>{line.skuName}</span>
                <span className="muted">× {line.count}</span>
                <span className="num">{formatFen(line.lineFen)}</span>
              </li>
            ))}
          </ul>
          <ErrorMessage text={error} />
          <div className="form-actions">
            {unpaid && (
              <button type="button" className="danger" disabled={busy} onClick={() => void cancel()}>
                {busy ? t.cancelling : t.cancelOrder}
              </button>
            )}
            {!isPaid && (
              <button type="button" className={unpaid ? '' : 'primary'} autoFocus={!unpaid} onClick={() => goTo('sell')}>
                {t.continueSelling}
              </button>
            )}
          </div>
        </section>

        <section className="panel pay-main">
          {isPaid ? (
            <PaidPanel paid={paid ?? { order, payment: null, changeFen: 0 }} />
          ) : unpaid ? (
            <>
              <div className="pay-channels no-print" role="radiogroup" aria-label={t.payWith}>
                {channels.map((c) => (
                  <label key={c} className={`choice ${channel === c ? 'on' : ''}`}>
                    <input type="radio" name="payChannel" checked={channel === c} onChange={() => setChannel(c)} />
                    {channelName(t, c)}
                  </label>
                ))}
              </div>
              {channel === 'qr' && <QrPanel order={order} onPaid={onPaid} />}
              {channel === 'barcode' && <BarcodePanel order={order} onPaid={onPaid} />}
              {channel === 'cash' && <CashPanel order={order} onPaid={onPaid} />}
              {channel === 'card' && <CardPanel order={order} onPaid={onPaid} />}
            </>
          ) : (
            <p className="pay-state muted" data-testid="pay-state">
              {orderStatusNames[order.status][language]}
            </p>
          )}
        </section>
      </div>
    </div>
  )
}

type T = ReturnType<typeof usePayStrings>

function channelName(t: T, channel: Channel): string {
  return { qr: t.channelQr, barcode: t.channelBarcode, cash: t.channelCash, card: t.channelCard }[channel]
}

interface PanelProps {
  order: OrderView
  onPaid(paid: Paid): void
}

/** Calls `tick` every `ms` while `active`, one call at a time; stops when it answers false or on unmount. */
function usePolling(active: boolean, tick: () => Promise<boolean>, ms = 1000) {
  const latest = useRef(tick)
  useEffect(() => {
    latest.current = tick
  })
  useEffect(() => {
    if (!active) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const run = async () => {
      let again = true
      try {
        again = await latest.current()
      } catch {
        // The service did not answer this time: ask again.
      }
      if (!stopped && again) timer = setTimeout(() => void run(), ms)
    }
    timer = setTimeout(() => void run(), ms)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [active, ms])
}

/** One look at the order's payment; answers the paid order once it is paid. */
async function lookUp(orderId: number): Promise<{ status: PaymentStatusView; order: OrderView | null } | { error: ErrorBody }> {
  const result = await window.pos['payments.status']({ orderId })
  if (!result.ok) return { error: result.error }
  if (result.data.orderStatus === OrderStatus.UNPAID) return { status: result.data, order: null }
  const detail = await window.pos['orders.get']({ orderId })
  return { status: result.data, order: detail.ok ? detail.data : null }
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => setNow(Date.now()), 500)
    return () => clearInterval(timer)
  }, [active])
  return now
}

function countdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

function QrPanel({ order, onPaid }: PanelProps) {
  const t = usePayStrings()
  const errorText = useErrorText()
  const sandbox = useTill((s) => s.info?.alipay === 'sandbox')
  const [qr, setQr] = useState<AlipayQrView | null>(null)
  const [phase, setPhase] = useState<'starting' | 'waiting' | 'expired' | 'closed' | 'error'>('starting')
  const [error, setError] = useState<string | null>(null)
  const started = useRef(false)
  const now = useNow(phase === 'waiting')
  const left = qr ? qr.expiresAt - now : 0

  async function start() {
    setPhase('starting')
    setError(null)
    try {
      const result = await window.pos['payments.startAlipayQr']({ orderId: order.id })
      if (result.ok) {
        setQr(result.data)
        setPhase('waiting')
      } else if (result.error.code === 'ILLEGAL_TRANSITION') {
        // Paid (or cancelled) meanwhile, e.g. from another till: show what it is now.
        await follow()
      } else {
        setError(errorText(result.error))
        setPhase('error')
      }
    } catch {
      setError(unreachable())
      setPhase('error')
    }
  }

  useEffect(() => {
    if (started.current) return
    started.current = true
    void start()
    // Once per panel: a new code only on request.
  }, [])

  // The customer display shows the code while it can be paid.
  useEffect(() => {
    if (!qr || phase !== 'waiting') return
    usePayState.setState({ qr: { orderId: order.id, orderNo: order.orderNo, payFen: qr.amountFen, qrImage: qr.qrImage, expiresAt: qr.expiresAt } })
    return () => usePayState.setState({ qr: null })
  }, [qr, phase, order.id, order.orderNo])

  async function follow(): Promise<boolean> {
    const found = await lookUp(order.id)
    if ('error' in found) return true
    if (found.order) {
      if (paidStatuses.has(found.order.status)) onPaid({ order: found.order, payment: found.status.payment, changeFen: 0 })
      else useTill.getState().setOrder(found.order)
      return false
    }
    const payment = found.status.payment
    if (qr && payment?.outTradeNo === qr.outTradeNo && (payment.status === 'closed' || payment.status === 'failed')) {
      setPhase(Date.now() >= qr.expiresAt ? 'expired' : 'closed')
      return false
    }
    return true
  }

  usePolling(phase === 'waiting' && qr !== null, follow)

  return (
    <div className="qr-panel" data-testid="qr-panel">
      {phase === 'starting' && <p className="muted">{t.qrStarting}</p>}
      {qr && (
        <>
          <div className={`qr-box ${phase === 'waiting' ? '' : 'stale'}`}>
            <img src={qr.qrImage} alt={t.qrAlt(formatFen(qr.amountFen))} data-testid="pay-qr" width={280} height={280} />
          </div>
          <p className="qr-amount" data-testid="qr-amount">
            {formatFen(qr.amountFen)}
          </p>
          {phase === 'waiting' && (
            <>
              <p className="qr-hint">{t.qrHint}</p>
              <p className="muted" data-testid="qr-countdown">
                {t.expiresIn(countdown(left))}
              </p>
              <p className="pay-waiting" role="status">
                <span className="spinner" aria-hidden="true" /> {t.waitingScan}
              </p>
            </>
          )}
        </>
      )}
      {(phase === 'expired' || phase === 'closed') && <p className="error">{phase === 'expired' ? t.qrExpired : t.qrClosed}</p>}
      <ErrorMessage text={error} />
      {(phase === 'expired' || phase === 'closed' || phase === 'error') && (
        <button type="button" className="primary" onClick={() => void start()}>
          {t.newQr}
        </button>
      )}
      {sandbox && qr && phase === 'waiting' && (
        <p className="demo-scan small">
          <a href={qr.qrCode} target="_blank" rel="noreferrer" data-testid="demo-scan-link" title={t.demoScanHint}>
            {t.demoScanLink}
          </a>
        </p>
      )}
    </div>
  )
}

function BarcodePanel({ order, onPaid }: PanelProps) {
  const t = usePayStrings()
  const errorText = useErrorText()
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [waiting, setWaiting] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  function failed(text: string) {
    setError(text)
    setWaiting(null)
    setCode('')
    input.current?.focus()
  }

  async function settle(found: Awaited<ReturnType<typeof lookUp>>, outTradeNo: string | null): Promise<boolean> {
    if ('error' in found) return true
    if (found.order) {
      if (paidStatuses.has(found.order.status)) onPaid({ order: found.order, payment: found.status.payment, changeFen: 0 })
      else useTill.getState().setOrder(found.order)
      return false
    }
    const payment = found.status.payment
    if (payment && payment.outTradeNo === outTradeNo && payment.status === 'pending') {
      setWaiting(outTradeNo)
      return true
    }
    failed(t.paymentFailed)
    return false
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    const authCode = code.trim()
    if (!/^[0-9]{16,24}$/.test(authCode)) {
      failed(t.barcodeInvalid)
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await window.pos['payments.payAlipayBarcode']({ orderId: order.id, authCode })
      if (!result.ok) {
        failed(result.error.code === 'PAYMENT_FAILED' ? t.paymentFailed : errorText(result.error))
        return
      }
      const status = result.data
      if (status.orderStatus !== OrderStatus.UNPAID) await settle(await lookUp(order.id), null)
      else await settle({ status, order: null }, status.payment?.outTradeNo ?? null)
    } catch {
      failed(unreachable())
    } finally {
      setBusy(false)
    }
  }

  usePolling(waiting !== null, async () => settle(await lookUp(order.id), waiting))

  return (
    <form className="barcode-panel" onSubmit={(e) => void submit(e)}>
      <label>
        {t.barcodeLabel}
        <input
          ref={input}
          autoFocus
          inputMode="numeric"
          autoComplete="off"
          value={code}
          placeholder={t.barcodePlaceholder}
          // Read-only, not disabled, while charging: the focus stays here for the next code.
          readOnly={busy || waiting !== null}
          onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))}
        />
      </label>
      <p className="qr-amount">{formatFen(order.payFen)}</p>
      {waiting && (
        <p className="pay-waiting" role="status" data-testid="waiting-password">
          <span className="spinner" aria-hidden="true" /> {t.waitingPassword}
        </p>
      )}
      <ErrorMessage text={error} />
      <button type="submit" className="primary wide" disabled={busy || waiting !== null}>
        {busy ? t.working : t.barcodeSubmit}
      </button>
    </form>
  )
}

function CashPanel({ order, onPaid }: PanelProps) {
  const t = usePayStrings()
  const errorText = useErrorText()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  let tendered: number | null = null
  try {
    tendered = text.trim() ? yuanStringToFen(text) : null
  } catch {
    tendered = null
  }
  const change = tendered !== null && tendered >= order.payFen ? tendered - order.payFen : null

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    if (tendered === null || tendered <= 0) return setError(t.tenderedInvalid)
    if (tendered < order.payFen) return setError(t.tenderedTooLittle(formatFen(order.payFen)))
    setBusy(true)
    setError(null)
    try {
      const result = await window.pos['payments.payCash']({ orderId: order.id, tenderedFen: tendered })
      if (result.ok) onPaid(result.data)
      else setError(errorText(result.error))
    } catch {
      setError(unreachable())
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="cash-panel" onSubmit={(e) => void submit(e)}>
      <label>
        {t.tendered}
        <input autoFocus inputMode="decimal" autoComplete="off" value={text} placeholder={(order.payFen / 100).toFixed(2)} onChange={(e) => setText(e.target.value)} />
      </label>
      <dl className="totals">
        <dt>{t.payAmount}</dt>
        <dd>{formatFen(order.payFen)}</dd>
        <dt className="pay">{t.changeDue}</dt>
        <dd className="big pay" data-testid="change-preview">
          {change === null ? '—' : formatFen(change)}
        </dd>
      </dl>
      <ErrorMessage text={error} />
      <button type="submit" className="primary wide" disabled={busy}>
        {busy ? t.working : t.payCash}
      </button>
    </form>
  )
}

function CardPanel({ order, onPaid }: PanelProps) {
  const t = usePayStrings()
  const errorText = useErrorText()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function pay() {
    setBusy(true)
    setError(null)
    try {
      const result = await window.pos['payments.payCard']({ orderId: order.id })
      if (result.ok) onPaid(result.data)
      else setError(errorText(result.error))
    } catch {
      setError(unreachable())
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="card-panel">
      <p className="qr-amount">{formatFen(order.payFen)}</p>
      <p className="muted">{t.cardHint}</p>
      <ErrorMessage text={error} />
      <button type="button" className="primary wide" autoFocus disabled={busy} onClick={() => void pay()}>
        {busy ? t.working : t.payCard}
      </button>
    </div>
  )
}

function PaidPanel({ paid }: { paid: Paid }) {
  const t = usePayStrings()
  const goTo = useTill((s) => s.goTo)
  const method = paid.payment?.method ?? paid.order.payMethod
  return (
    <div className="paid-panel">
      <div className="paid-head no-print">
        <span className="paid-tick" aria-hidden="true">
          ✓
        </span>
        <h2 data-testid="pay-paid">{t.paidTitle}</h2>
        <p className="muted">
          {t.paidAmount} <strong>{formatFen(paid.order.paidFen || paid.order.payFen)}</strong>
        </p>
        {method === 1 && paid.changeFen >= 0 && paid.payment && (
          <p className="change-due">
            {t.changeDue} <strong data-testid="change-due">{formatFen(paid.changeFen)}</strong>
          </p>
        )}
      </div>
      <Receipt order={paid.order} method={method} tenderedFen={method === 1 && paid.payment ? paid.order.payFen + paid.changeFen : null} changeFen={paid.changeFen} />
      <div className="form-actions no-print">
        <button type="button" onClick={() => window.print()}>
          {t.printReceipt}
        </button>
        <button type="button" className="primary" autoFocus onClick={() => goTo('sell')}>
          {t.continueSelling}
        </button>
      </div>
    </div>
  )
}
