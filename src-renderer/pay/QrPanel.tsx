// Alipay QR: a large code with a countdown and the live status; the customer display shows it too.
import { useEffect, useRef, useState } from 'react'
import type { AlipayQrView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction } from '../use-call'
import { usePayState } from './pay-state'
import { lookUp, type PanelProps, showPartPaid, useFollowPayment, usePolling } from './payment'

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

export function QrPanel({ order, onPaid, amountFen, part }: PanelProps) {
  const t = useStrings()
  const sandbox = useTill((s) => s.info?.alipay === 'sandbox')
  const [qr, setQr] = useState<AlipayQrView | null>(null)
  /** null until a code is shown, and again while a new one is asked for. */
  const [phase, setPhase] = useState<'waiting' | 'expired' | 'closed' | null>(null)
  /** Alipay's trade exists: the customer scanned and is paying on their phone. */
  const [scanned, setScanned] = useState(false)
  const starting = useAction()
  const { lookError, settle } = useFollowPayment(onPaid)
  const now = useNow(phase === 'waiting')
  const left = qr ? qr.expiresAt - now : 0

  async function start() {
    setPhase(null)
    setScanned(false)
    const result = await starting.run(() =>
      window.pos['payments.startAlipayQr']({ orderId: order.id, ...(part ? { amountFen } : {}) }),
    )
    if (!result) return
    if (result.ok) {
      setQr(result.data)
      setPhase('waiting')
    } else if (result.error.code === 'ILLEGAL_TRANSITION') {
      // Paid (or cancelled) meanwhile, e.g. from another till: show what it is now.
      starting.setError(null)
      await follow()
    }
  }

  // Once per panel (a new code only on request), also when React runs effects twice in development.
  const started = useRef(false)
  const firstStart = useRef(start)
  useEffect(() => {
    if (started.current) return
    started.current = true
    void firstStart.current()
  }, [])

  // The customer display shows the code while it can be paid, and says when it expired.
  useEffect(() => {
    if (!qr || (phase !== 'waiting' && phase !== 'expired')) return
    usePayState.setState({
      qr: {
        orderId: order.id,
        orderNo: order.orderNo,
        payFen: qr.amountFen,
        qrImage: qr.qrImage,
        expiresAt: qr.expiresAt,
      },
    })
    return () => usePayState.setState({ qr: null })
  }, [qr, phase, order.id, order.orderNo])

  async function follow(): Promise<boolean> {
    return settle(await lookUp(order.id), (payment) => {
      if (qr && payment?.outTradeNo === qr.outTradeNo && (payment.status === 'closed' || payment.status === 'failed')) {
        setPhase(Date.now() >= qr.expiresAt ? 'expired' : 'closed')
        return false
      }
      // The code paid a part of a split tender: on to the next payment.
      if (qr && payment?.outTradeNo === qr.outTradeNo && payment.status === 'paid') {
        void showPartPaid(payment, onPaid)
        return false
      }
      setScanned(qr !== null && payment?.outTradeNo === qr.outTradeNo && payment.customerScanned)
      return true
    })
  }

  usePolling(phase === 'waiting' && qr !== null, follow)

  return (
    <div className="qr-panel" data-testid="qr-panel">
      {starting.busy && <p className="muted">{t.qrStarting}</p>}
      {qr && (
        <>
          <div className={`qr-box ${phase === 'waiting' ? '' : 'stale'}`}>
            <img
              src={qr.qrImage}
              alt={t.qrAlt(formatFen(qr.amountFen))}
              data-testid="pay-qr"
              width={280}
              height={280}
            />
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
                <span className="spinner" aria-hidden="true" /> {scanned ? t.customerScanned : t.waitingScan}
              </p>
            </>
          )}
        </>
      )}
      {(phase === 'expired' || phase === 'closed') && (
        <p className="error">{phase === 'expired' ? t.qrExpired : t.qrClosed}</p>
      )}
      <ErrorMessage error={starting.error} />
      <ErrorMessage error={lookError} />
      {(phase === 'expired' || phase === 'closed' || starting.error !== null) && (
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
