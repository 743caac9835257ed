// The sell screen: one input for the scanner and for search, the goods grid, the cart.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { CallResult, CartView, SkuView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { MemberLookup } from '../components/MemberLookup'
import { useErrorText, useStrings, useTill } from '../store'

// A keyboard-wedge scanner types only digits (EAN/UPC); anything else is a name to search.
const looksLikeBarcode = (text: string) => /^[0-9]{4,32}$/.test(text)

export function Sell() {
  const t = useStrings()
  const errorText = useErrorText()
  const { cart, setCart, goTo, openGoods } = useTill()
  const [query, setQuery] = useState('')
  const [goods, setGoods] = useState<SkuView[]>([])
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const scanInput = useRef<HTMLInputElement>(null)

  const refocus = () => scanInput.current?.focus()

  useEffect(() => {
    void window.pos['cart.get']({}).then((r) => r.ok && setCart(r.data))
  }, [setCart])

  useEffect(() => {
    const text = query.trim()
    if (looksLikeBarcode(text)) return
    let current = true
    const timer = setTimeout(() => {
      void window.pos['catalog.search']({ query: text, limit: 40 }).then((r) => {
        if (!current) return
        if (r.ok) setGoods(r.data.skus)
        else setError(errorText(r.error))
      })
    }, 150)
    return () => {
      current = false
      clearTimeout(timer)
    }
    // errorText changes with the language only; a new search is not needed for that.
  }, [query])

  /** Applies a cart answer: the new cart, or the error's message. Focus returns to the scanner. */
  function applyCart(result: CallResult<CartView>, added?: string) {
    if (result.ok) {
      setCart(result.data)
      setError(null)
      setNotice(added ?? null)
    } else {
      setError(errorText(result.error))
      setNotice(null)
    }
    refocus()
  }

  async function add(sku: SkuView) {
    const result = await window.pos['cart.add']({ skuId: sku.id, count: 1 })
    const line = result.ok ? result.data.lines.find((l) => l.skuId === sku.id) : undefined
    applyCart(result, line ? `+1 ${line.name} · ${t.stockLeft(line.stockLeft)}` : undefined)
  }

  async function onScanKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return
    event.preventDefault()
    const text = query.trim()
    if (text === '') return
    if (looksLikeBarcode(text)) {
      setQuery('')
      const found = await window.pos['catalog.byBarcode']({ barcode: text })
      if (found.ok) await add(found.data)
      else {
        setError(errorText(found.error))
        refocus()
      }
    } else if (goods[0]) {
      await add(goods[0])
    }
  }

  async function setCount(skuId: number, count: number) {
    applyCart(count < 1 ? await window.pos['cart.remove']({ skuId }) : await window.pos['cart.set']({ skuId, count }))
  }

  const lines = cart?.lines ?? []
  return (
    <div className="sell">
      <section className="goods-side">
        <label className="scan">
          <span>{t.scanLabel}</span>
          <input
            ref={scanInput}
            autoFocus
            value={query}
            placeholder={t.scanPlaceholder}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => void onScanKey(e)}
            autoComplete="off"
          />
        </label>
        <ErrorMessage text={error} />
        {notice && !error && (
          <p className="notice" aria-live="polite">
            {notice}
          </p>
        )}
        <div className="goods-grid" aria-label={t.goods}>
          {goods.length === 0 && <p className="muted">{t.noGoods}</p>}
          {goods.map((sku) => (
            <div key={sku.id} className="goods-item">
              <button type="button" className="goods-card" disabled={!sku.onSale} onClick={() => void add(sku)}>
                <span className="goods-name">{sku.name}</span>
                <span className="goods-price">
                  {formatFen(sku.priceFen)}
                  <small> / {sku.unit}</small>
                </span>
                <span className="muted">{t.stock(sku.stock, sku.unit)}</span>
              </button>
              <button
                type="button"
                className="goods-info"
                aria-label={t.goodsDetailOf(sku.name)}
                title={t.goodsDetail}
                onClick={() => openGoods(sku.id)}
              >
                i
              </button>
            </div>
          ))}
        </div>
      </section>

      <aside className="cart-side" aria-label={t.cart}>
        <MemberLookup onDone={refocus} />
        <h2>{t.cart}</h2>
        {lines.length === 0 ? (
          <p className="muted cart-empty">{t.cartEmpty}</p>
        ) : (
          <ul className="cart-lines">
            {lines.map((line) => (
              <li key={line.skuId} className="cart-line">
                <div className="line-head">
                  <span className="line-name">{line.name}</span>
                  <span className="line-total">{formatFen(line.lineFen)}</span>
                </div>
                <div className="line-body">
                  <span className="muted">
                    {formatFen(line.priceFen)} / {line.unit} · {t.stockLeft(line.stockLeft)}
                  </span>
                  <span className="stepper">
                    <button
                      type="button"
                      aria-label={t.less(line.name)}
                      onClick={() => void setCount(line.skuId, line.count - 1)}
                    >
                      −
                    </button>
                    <output aria-label={`${t.count} ${line.name}`}>{line.count}</output>
                    <button
                      type="button"
                      aria-label={t.more(line.name)}
                      onClick={() => void setCount(line.skuId, line.count + 1)}
                    >
                      +
                    </button>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
        <dl className="totals">
          <dt>{t.totalCount}</dt>
          <dd data-testid="cart-count">{cart?.totalCount ?? 0}</dd>
          <dt>{t.goodsTotal}</dt>
          <dd className="big" data-testid="cart-total">
            {formatFen(cart?.goodsFen ?? 0)}
          </dd>
        </dl>
        <button type="button" className="primary wide" disabled={lines.length === 0} onClick={() => goTo('checkout')}>
          {t.checkout}
        </button>
      </aside>
    </div>
  )
}
