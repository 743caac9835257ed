// 提交订单 (docs/ORDERS.md): every figure comes from orders.quote; the page sends back only ids, the
// quote's fingerprint and one idempotency key made when the page opened.
import { useState } from 'react'
import type { CheckoutQuote } from '../../src-shared/contract'
import { PayMethod, payMethods, payMethodNames, type Fulfilment } from '../../src-shared/order-status'
import { AddressForm } from '../components/AddressForm'
import { ErrorMessage } from '../components/ErrorMessage'
import { LinesTable, Totals } from '../components/OrderLines'
import { hasDiscounts, useTill } from '../store'
import { useErrorText, useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { PageHead } from '../components/PageHead'
import { BusyButton } from '../components/BusyButton'

/** 32 hex characters; the same key on every click and retry makes the submit safe to repeat. */
const newIdempotencyKey = () => crypto.randomUUID().replace(/-/g, '')

export function Checkout() {
  const t = useStrings()
  const errorText = useErrorText()
  const { cart, member, language, goTo, orderPlaced, discounts: given } = useTill()
  // The discounts given on the sell screen go with this order too (docs/DISCOUNTS.md); one above
  // the cashier's limit is refused here with DISCOUNT_NEEDS_APPROVAL (the admin's dialog is F9's).
  const discounts = hasDiscounts(given) ? given : undefined
  const [idempotencyKey] = useState(newIdempotencyKey)
  const [fulfilment, setFulfilment] = useState<Fulfilment>('pickup')
  const [pickedAddressId, setPickedAddressId] = useState<number | undefined>()
  const [addingAddress, setAddingAddress] = useState(false)
  const [payMethod, setPayMethod] = useState<PayMethod>(PayMethod.CASH)
  /** The figures a CART_CHANGED refusal brought, and the quote they replace: shown until the next quote. */
  const [changed, setChanged] = useState<{ replaces: CheckoutQuote | null; quote: CheckoutQuote } | null>(null)
  const placing = useAction({ exclusive: true })

  const skuIds = (cart?.lines ?? []).map((l) => l.skuId)
  const skuKey = skuIds.join(',')
  // The member found by phone on the sell page; every call names them by that phone.
  const memberPhone = member?.phone

  const addresses = useLoad(memberPhone === undefined ? null : () => window.pos['members.addresses']({ memberPhone }), [
    memberPhone,
  ])
  const addressList = addresses.data ?? []
  const addressId = pickedAddressId ?? (addressList.find((a) => a.isDefault) ?? addressList[0])?.id

  const canQuote =
    skuIds.length > 0 && (fulfilment === 'pickup' || (memberPhone !== undefined && addressId !== undefined))
  const quoted = useLoad(
    canQuote
      ? () =>
          window.pos['orders.quote']({
            skuIds,
            fulfilment,
            memberPhone,
            addressId: fulfilment === 'delivery' ? addressId : undefined,
            discounts,
          })
      : null,
    // skuKey stands for skuIds.
    [skuKey, fulfilment, memberPhone, addressId, discounts],
  )
  const changedQuote = changed && changed.replaces === quoted.data ? changed.quote : null
  const quote = canQuote ? (changedQuote ?? quoted.data) : null
  const placeError = typeof placing.error === 'object' ? placing.error : null

  async function submit() {
    if (!quote) return
    const result = await placing.run(() =>
      window.pos['orders.place']({
        skuIds,
        fulfilment,
        memberPhone,
        addressId: fulfilment === 'delivery' ? addressId : undefined,
        discounts,
        payMethod,
        fingerprint: quote.fingerprint,
        idempotencyKey,
      }),
    )
    if (!result) return
    if (result.ok) return orderPlaced(result.data)
    const newQuote = result.error.details?.quote as CheckoutQuote | undefined
    if (result.error.code === 'CART_CHANGED' && newQuote) setChanged({ replaces: quoted.data, quote: newQuote })
  }

  function pickPayMethod(m: PayMethod) {
    setPayMethod(m)
    if (placeError?.code === 'PAY_METHOD_UNAVAILABLE') placing.setError(null)
  }

  const wechatPicked = payMethod === PayMethod.WECHAT
  return (
    <div className="checkout">
      <PageHead back={t.backToSelling} onBack={() => goTo('sell')} title={t.submitOrder} />
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
                {addressList.map((a) => (
                  <label key={a.id} className={`choice address ${addressId === a.id ? 'on' : ''}`}>
                    <input
                      type="radio"
                      name="address"
                      checked={addressId === a.id}
                      onChange={() => setPickedAddressId(a.id)}
                    />
                    <span>
                      <strong>
                        {a.receiver} {a.phone}
                      </strong>
                      {a.isDefault && <span className="badge">{t.defaultAddress}</span>}
                      <br />
                      {a.address}
                    </span>
                  </label>
                ))}
              </div>
              {addingAddress ? (
                <AddressForm
                  memberPhone={member.phone}
                  onCancel={() => setAddingAddress(false)}
                  onSaved={(a) => {
                    addresses.setData((list) => [...(list ?? []), a])
                    setPickedAddressId(a.id)
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
            {wechatPicked && placeError?.code !== 'PAY_METHOD_UNAVAILABLE' && (
              <p className="muted small">{errorText({ code: 'PAY_METHOD_UNAVAILABLE', message: '' })}</p>
            )}
          </fieldset>
        </section>

        <section className="panel summary">
          <h2>{t.orderLines}</h2>
          {quoted.loading && !quote && <p className="muted">{t.quoting}</p>}
          {quote && (
            <>
              <LinesTable lines={quote.lines.map((l) => ({ ...l, key: l.skuId, goods: l.name }))} />
              <Totals
                of={quote}
                discountFen={quote.discounts.discountFen}
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
          <ErrorMessage error={addresses.error} onRetry={addresses.reload} />
          <ErrorMessage error={quoted.error} onRetry={quoted.reload} />
          <ErrorMessage error={placing.error} />
          <BusyButton
            type="button"
            className="primary wide"
            disabled={!quote}
            onClick={() => void submit()}
            busy={placing.busy}
            busyText={t.submitting}
          >
            {changedQuote ? t.confirmNewTotal : t.submitOrder}
          </BusyButton>
        </section>
      </div>
    </div>
  )
}
