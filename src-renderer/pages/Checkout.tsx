// 提交订单 (docs/ORDERS.md): every figure comes from orders.quote; the page sends back only ids, the
// quote's fingerprint and one idempotency key made when the page opened.
import { useEffect, useRef, useState } from 'react'
import type { AddressView, CheckoutQuote } from '../../src-shared/contract'
import type { ErrorBody } from '../../src-shared/errors'
import { PayMethod, payMethods, payMethodNames, type Fulfilment } from '../../src-shared/order-status'
import { AddressForm } from '../components/AddressForm'
import { ErrorMessage } from '../components/ErrorMessage'
import { LinesTable, Totals } from '../components/OrderLines'
import { useErrorText, useStrings, useTill } from '../store'

/** 32 hex characters; the same key on every click and retry makes the submit safe to repeat. */
const newIdempotencyKey = () => crypto.randomUUID().replace(/-/g, '')

export function Checkout() {
  const t = useStrings()
  const errorText = useErrorText()
  const { cart, member, language, goTo, orderPlaced } = useTill()
  const [idempotencyKey] = useState(newIdempotencyKey)
  const [fulfilment, setFulfilment] = useState<Fulfilment>('pickup')
  const [addresses, setAddresses] = useState<AddressView[]>([])
  const [addressId, setAddressId] = useState<number | undefined>()
  const [addingAddress, setAddingAddress] = useState(false)
  const [payMethod, setPayMethod] = useState<PayMethod>(PayMethod.CASH)
  const [quote, setQuote] = useState<CheckoutQuote | null>(null)
  const [changed, setChanged] = useState(false)
  const [error, setError] = useState<ErrorBody | null>(null)
  const [submitting, setSubmitting] = useState(false)
  // A double click fires twice before React re-renders the disabled button.
  const inFlight = useRef(false)

  const skuIds = (cart?.lines ?? []).map((l) => l.skuId)
  const skuKey = skuIds.join(',')
  const memberId = member?.id

  useEffect(() => {
    if (memberId === undefined) return
    void window.pos['members.addresses']({ memberId }).then((r) => {
      if (!r.ok) return setError(r.error)
      setAddresses(r.data)
      setAddressId((current) => current ?? (r.data.find((a) => a.isDefault) ?? r.data[0])?.id)
    })
  }, [memberId])

  useEffect(() => {
    if (skuIds.length === 0) return
    if (fulfilment === 'delivery' && (memberId === undefined || addressId === undefined)) {
      setQuote(null)
      return
    }
    let current = true
    setQuote(null)
    void window.pos['orders.quote']({
      skuIds,
      fulfilment,
      memberId,
      addressId: fulfilment === 'delivery' ? addressId : undefined,
    }).then((r) => {
      if (!current) return
      if (r.ok) {
        setQuote(r.data)
        setChanged(false)
        setError(null)
      } else setError(r.error)
    })
    return () => {
      current = false
    }
    // skuKey stands for skuIds.
  }, [skuKey, fulfilment, memberId, addressId])

  async function submit() {
    if (!quote || inFlight.current) return
    inFlight.current = true
    setSubmitting(true)
    setError(null)
    try {
      const result = await window.pos['orders.place']({
        skuIds,
        fulfilment,
        memberId,
        addressId: fulfilment === 'delivery' ? addressId : undefined,
        payMethod,
        fingerprint: quote.fingerprint,
        idempotencyKey,
      })
      if (result.ok) {
        orderPlaced(result.data)
        return
      }
      setError(result.error)
      const newQuote = result.error.details?.quote as CheckoutQuote | undefined
      if (result.error.code === 'CART_CHANGED' && newQuote) {
        setQuote(newQuote)
        setChanged(true)
      }
    } catch {
      setError({ code: 'INTERNAL', message: t.unreachable })
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  function pickPayMethod(m: PayMethod) {
    setPayMethod(m)
    if (error?.code === 'PAY_METHOD_UNAVAILABLE') setError(null)
  }

  const wechatPicked = payMethod === PayMethod.WECHAT
  return (
    <div className="checkout">
      <div className="checkout-head">
        <button type="button" className="ghost" onClick={() => goTo('sell')}>
          ← {t.back}
        </button>
        <h1>{t.submitTitle}</h1>
      </div>
      <div className="checkout-body">
        <section className="panel">
          <fieldset>
            <legend>{t.fulfilment}</legend>
            <div className="choices">
              {(['pickup', 'delivery'] as const).map((f) => (
                <label key={f} className={`choice ${fulfilment === f ? 'on' : ''}`}>
                  <input
                    type="radio"
                    name="fulfilment"
                    checked={fulfilment === f}
                    disabled={f === 'delivery' && !member}
                    onChange={() => setFulfilment(f)}
                  />
                  {f === 'pickup' ? t.pickup : t.delivery}
                </label>
              ))}
            </div>
            {!member && <p className="muted small">{t.deliveryNeedsMember}</p>}
          </fieldset>

          {fulfilment === 'delivery' && member && (
            <fieldset>
              <legend>
                {t.address} · {member.name}
              </legend>
              <div className="addresses">
                {addresses.map((a) => (
                  <label key={a.id} className={`choice address ${addressId === a.id ? 'on' : ''}`}>
                    <input
                      type="radio"
                      name="address"
                      checked={addressId === a.id}
                      onChange={() => setAddressId(a.id)}
                    />
                    <span>
                      <strong>
                        {a.receiver} {a.phone}
                      </strong>
                      {a.isDefault && <span className="badge">{t.default}</span>}
                      <br />
                      {a.address}
                    </span>
                  </label>
                ))}
              </div>
              {addingAddress ? (
                <AddressForm
                  memberId={member.id}
                  onCancel={() => setAddingAddress(false)}
                  onSaved={(a) => {
                    setAddresses((list) => [...list, a])
                    setAddressId(a.id)
                    setAddingAddress(false)
                  }}
                />
              ) : (
                <button type="button" onClick={() => setAddingAddress(true)}>
                  + {t.addAddress}
                </button>
              )}
            </fieldset>
          )}

          <fieldset>
            <legend>{t.payMethod}</legend>
            <div className="choices">
              {payMethods.map((m) => (
                <label key={m} className={`choice ${payMethod === m ? 'on' : ''}`}>
                  <input type="radio" name="payMethod" checked={payMethod === m} onChange={() => pickPayMethod(m)} />
                  {payMethodNames[m][language]}
                </label>
              ))}
            </div>
            {wechatPicked && error?.code !== 'PAY_METHOD_UNAVAILABLE' && (
              <p className="muted small">{errorText({ code: 'PAY_METHOD_UNAVAILABLE', message: '' })}</p>
            )}
          </fieldset>
        </section>

        <section className="panel summary">
          <h2>{t.lines}</h2>
          {!quote && !error && <p className="muted">{t.quoting}</p>}
          {quote && (
            <>
              <LinesTable
                lines={quote.lines.map((l) => ({
                  key: l.skuId,
                  goods: l.name,
                  priceFen: l.priceFen,
                  count: l.count,
                  lineFen: l.lineFen,
                }))}
                heads={{ goods: t.goods, unitPrice: t.unitPrice, count: t.count, lineTotal: t.lineTotal }}
              />
              <Totals
                goodsFen={quote.goodsFen}
                freightFen={quote.freightFen}
                payFen={quote.payFen}
                testIds={{ goods: 'quote-goods', freight: 'quote-freight', pay: 'quote-pay' }}
                before={
                  <>
                    <dt>{t.totalCount}</dt>
                    <dd data-testid="quote-count">{quote.totalCount}</dd>
                  </>
                }
              />
            </>
          )}
          {error && <ErrorMessage text={errorText(error)} />}
          <button type="button" className="primary wide" disabled={!quote || submitting} onClick={() => void submit()}>
            {submitting ? t.submitting : changed ? t.confirmNew : t.submit}
          </button>
        </section>
      </div>
    </div>
  )
}
