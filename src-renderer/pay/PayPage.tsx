// 收款 (docs/PAYMENTS.md): the order's amount and the way to take it — Alipay QR (large, with a
// countdown and live status), Alipay payment code (a scanner's digits + Enter), cash with change,
// bank card — then a paid screen with the receipt. Reached right after 提交订单 and from 去支付.
// Split tender: F5 sets a part for the chosen way; after a part the screen shows what is paid and
// still due, and goes on to the next payment until the order is paid.
import { useEffect, useRef, useState } from 'react'
import type { OrderView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { quantityText } from '../../src-shared/weight'
import {
  isPaid as orderIsPaid,
  OrderStatus,
  orderStatusNames,
  payMethodNames,
  PayMethod,
} from '../../src-shared/order-status'
import { ErrorMessage } from '../components/ErrorMessage'
import { useTill } from '../store'
import { type Strings, useStrings } from '../strings'
import { useAction } from '../use-call'
import { BarcodePanel } from './BarcodePanel'
import { CardPanel } from './CardPanel'
import { CashPanel } from './CashPanel'
import { PaidPanel } from './PaidPanel'
import { usePayState } from './pay-state'
import './pay.css'
import { PartAmount } from './PartAmount'
import { dueOf, type Paid } from './payment'
import { QrPanel } from './QrPanel'
import { BusyButton } from '../components/BusyButton'

type Channel = 'qr' | 'barcode' | 'cash' | 'card'
const channels: Channel[] = ['qr', 'barcode', 'cash', 'card']

function channelOf(method: PayMethod): Channel {
  return method === PayMethod.ALIPAY ? 'qr' : method === PayMethod.CARD ? 'card' : 'cash'
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
  const t = useStrings()
  const { language, setOrder, goTo } = useTill()
  // No Alipay on this till (not configured, no sandbox): its choices say so and start nothing.
  const alipayOff = useTill((s) => s.info?.alipay === 'off')
  const back = usePayState((s) => s.back)
  const [channel, setChannel] = useState<Channel>(() => channelOf(order.payMethod))
  const [paid, setPaid] = useState<Paid | null>(null)
  /** The part the cashier set for the next payment (F5); null pays all that is due. */
  const [partFen, setPartFen] = useState<number | null>(null)
  /** The part just received, for the notice. */
  const [lastPart, setLastPart] = useState<Paid | null>(null)
  const dueFen = dueOf(order)
  const cancelling = useAction()
  const unpaid = order.status === OrderStatus.UNPAID
  const isPaid = paid !== null || orderIsPaid(order.status)
  // Once the order cannot be paid any more, the next thing to do is to sell on.
  const continueButton = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!unpaid) continueButton.current?.focus()
  }, [unpaid])

  function onPaid(result: Paid) {
    setOrder(result.order)
    setPartFen(null)
    if (result.order.status === OrderStatus.UNPAID) {
      // A part: the order waits for the rest, and the screen for the next payment.
      setLastPart(result)
      return
    }
    setPaid(result)
    usePayState.setState({
      qr: null,
      paid: {
        orderId: result.order.id,
        orderNo: result.order.orderNo,
        payFen: result.order.payFen,
        changeFen: result.changeFen,
      },
    })
  }

  // F1–F4 pick the way to pay, wherever the focus is, while the order waits for its money.
  useEffect(() => {
    if (!unpaid || isPaid) return
    const onKey = (event: KeyboardEvent) => {
      const picked = /^F([1-4])$/.exec(event.key)
      if (!picked) return
      event.preventDefault()
      setChannel(channels[Number(picked[1]) - 1] as Channel)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [unpaid, isPaid])

  async function cancel() {
    const result = await cancelling.run(() => window.pos['orders.cancel']({ orderId: order.id }))
    if (result?.ok) {
      usePayState.setState({ qr: null })
      setOrder(result.data)
    }
  }

  const panel = { order, onPaid, amountFen: partFen ?? dueFen, part: partFen !== null }
  const panelKey = `${order.paidFen}:${partFen ?? ''}`

  return (
    <div className="pay-page">
      <div className="checkout-head no-print">
        {!placed && (
          <button type="button" className="ghost" onClick={() => goTo(back)}>
            ← {t.backToOrders}
          </button>
        )}
        <h1>{placed ? t.orderPlaced : t.payTitle}</h1>
      </div>
      <div className="pay-body">
        <section className="panel pay-summary no-print">
          {order.ticketNo && (
            <p className="ticket-no" data-testid="ticket-no" aria-label={t.ticketNo}>
              {order.ticketNo}
            </p>
          )}
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
            <dt className="pay">{t.amountDue}</dt>
            <dd className="big pay" data-testid="order-pay">
              {formatFen(order.payFen)}
            </dd>
            {unpaid && order.paidFen > 0 && (
              <>
                <dt>{t.paidSoFar}</dt>
                <dd data-testid="paid-so-far">{formatFen(order.paidFen)}</dd>
                <dt className="pay">{t.stillDue}</dt>
                <dd className="big pay" data-testid="still-due">
                  {formatFen(dueFen)}
                </dd>
              </>
            )}
          </dl>
          <ul className="pay-lines">
            {order.lines.map((line) => (
              <li key={line.id}>
                <span>{line.skuName}</span>
                <span className="muted">× {quantityText(line.count, line.unitGrams)}</span>
                <span className="num">{formatFen(line.lineFen)}</span>
              </li>
            ))}
          </ul>
          <ErrorMessage error={cancelling.error} />
          {order.status === OrderStatus.CANCELLED && order.paidFen > 0 && (
            <p className="notice" role="status" data-testid="parts-given-back">
              {t.partsGivenBack(formatFen(order.paidFen))}
            </p>
          )}
          <div className="form-actions">
            {unpaid && (
              <BusyButton
                type="button"
                className="danger"
                onClick={() => void cancel()}
                busy={cancelling.busy}
                busyText={t.cancelling}
              >
                {/* A part paid (split tender): cancelling gives it back, and says so. */}
                {order.paidFen > 0 ? t.cancelAndGiveBack(formatFen(order.paidFen)) : t.cancelOrder}
              </BusyButton>
            )}
            {!isPaid && (
              <button
                ref={continueButton}
                type="button"
                className={unpaid ? '' : 'primary'}
                onClick={() => goTo('sell')}
              >
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
                {channels.map((c, i) => (
                  <label key={c} className={`choice ${channel === c ? 'on' : ''}`}>
                    <input type="radio" name="payChannel" checked={channel === c} onChange={() => setChannel(c)} />
                    {channelName(t, c)}
                    {alipayOff && isAlipay(c) && t.alipayOffTag}
                    <kbd>F{i + 1}</kbd>
                  </label>
                ))}
              </div>
              <PartAmount key={order.paidFen} dueFen={dueFen} partFen={partFen} onPart={setPartFen} />
              {lastPart?.payment && lastPart.order.paidFen === order.paidFen && (
                <p className="notice" role="status" data-testid="part-received">
                  {t.partReceived(
                    formatFen(lastPart.payment.amountFen),
                    payMethodNames[lastPart.payment.method][language],
                    formatFen(dueFen),
                  )}
                </p>
              )}
              {alipayOff && isAlipay(channel) && (
                <p className="error" data-testid="alipay-off">
                  {t.alipayOffHint}
                </p>
              )}
              {/* A new panel for each payment: after a part, or a part set, it starts afresh. */}
              {channel === 'qr' && !alipayOff && <QrPanel key={panelKey} {...panel} />}
              {channel === 'barcode' && !alipayOff && <BarcodePanel key={panelKey} {...panel} />}
              {channel === 'cash' && <CashPanel key={panelKey} {...panel} />}
              {channel === 'card' && <CardPanel key={panelKey} {...panel} />}
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

type T = Strings

function channelName(t: T, channel: Channel): string {
  return { qr: t.channelQr, barcode: t.channelBarcode, cash: t.channelCash, card: t.channelCard }[channel]
}

const isAlipay = (channel: Channel) => channel === 'qr' || channel === 'barcode'
