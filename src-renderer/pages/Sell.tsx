// The sell screen: one input for the scanner and for search, the goods grid, the cart, and the
// parked sales: F6 parks the basket, F7 recalls one, F8 starts a new sale (docs/PARKED.md). Goods
// sold by weight open the weight entry; a counter scale's label goes in as printed (docs/ORDERS.md).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { CallResult, CartLineView, CartView, SkuView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { gramsInUnits, weightUnitName } from '../../src-shared/weight'
import { ErrorMessage } from '../components/ErrorMessage'
import { MemberLookup } from '../components/MemberLookup'
import { isConnectionError } from '../connection'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { useFocusOnMount } from '../use-focus'
import { ParkForm, RecallList, UnfinishedSale } from './ParkedSales'
import { type Weighing, weighedLineText, WeightEntry } from './WeightEntry'

/** What the cart side shows over the cart: a parked-sale panel, or the new-sale question. */
type Panel = 'park' | 'recall' | 'unfinished' | 'newSale' | null

// A keyboard-wedge scanner types only digits (EAN/UPC); anything else is a name to search.
const looksLikeBarcode = (text: string) => /^[0-9]{4,32}$/.test(text)

/** `value` once it has stopped changing for `ms`: a search per pause in typing, not per key. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

export function Sell() {
  const t = useStrings()
  const { cart, setCart, setMember, goTo, openGoods } = useTill()
  const [query, setQuery] = useState('')
  const [notice, setNotice] = useState<string | null>(null)
  const [panel, setPanel] = useState<Panel>(null)
  const [weighing, setWeighing] = useState<Weighing | null>(null)
  // Opened with no cart in hand — a new session, or just after an order: a basket found now was
  // left by a sale that did not finish, and is shown as such rather than carried on silently.
  const openedWithoutCart = useRef(useTill.getState().cart === null)
  const scanInput = useRef<HTMLInputElement>(null)
  useFocusOnMount(scanInput)

  const refocus = () => scanInput.current?.focus()

  const savedCart = useLoad(() => window.pos['cart.get']({}), [])
  useEffect(() => {
    if (!savedCart.data) return
    setCart(savedCart.data)
    if (openedWithoutCart.current && savedCart.data.lines.length > 0) setPanel('unfinished')
    openedWithoutCart.current = false
  }, [savedCart.data, setCart])

  const searchText = useSettled(query.trim(), 150)
  const search = useLoad(
    looksLikeBarcode(searchText) ? null : () => window.pos['catalog.search']({ query: searchText, limit: 40 }),
    [searchText],
    { keepOnChange: true },
  )
  const goods = search.data?.skus ?? []
  const cartChange = useAction()

  /**
   * Sends a cart change; its answer is the new cart, or its error in place of the last notice.
   * Focus returns to the scanner.
   */
  async function changeCart(
    call: () => Promise<CallResult<CartView>>,
    added?: (cart: CartView) => string | null,
  ): Promise<CallResult<CartView> | null> {
    setNotice(null)
    const result = await cartChange.run(call)
    if (result?.ok) {
      setCart(result.data)
      setNotice(added?.(result.data) ?? null)
    }
    refocus()
    return result
  }

  function add(sku: SkuView) {
    if (sku.saleMode === 'by_weight') {
      setNotice(null)
      setWeighing({
        skuId: sku.id,
        name: sku.name,
        priceFen: sku.priceFen,
        unitGrams: sku.unitGrams ?? 1000,
        mode: 'add',
      })
      return Promise.resolve(null)
    }
    return changeCart(
      () => window.pos['cart.add']({ skuId: sku.id, count: 1 }),
      (next) => {
        const line = next.lines.find((l) => l.skuId === sku.id)
        return line ? `+1 ${line.name} · ${t.stockLeft(line.stockLeft)}` : null
      },
    )
  }

  async function onScanKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return
    event.preventDefault()
    const text = query.trim()
    if (text === '') return
    if (looksLikeBarcode(text)) {
      setQuery('')
      setNotice(null)
      const result = await cartChange.run(() => window.pos['cart.scan']({ code: text }))
      if (result?.ok) {
        const { cart: next, scanned } = result.data
        setCart(next)
        if (scanned.kind === 'needsWeight') void add(scanned.sku)
        else setNotice(scanNotice(next, scanned.sku, scanned.kind === 'label'))
      }
      // A scan the connection lost is not lost: it waits in the field for Enter once the till is
      // back (unless the cashier has typed something else meanwhile).
      if (result && !result.ok && isConnectionError(result.error.code))
        setQuery((typed) => (typed === '' ? text : typed))
      refocus()
    } else if (goods[0]) {
      await add(goods[0])
    }
  }

  /** What a scan added, as the notice says it: the piece with the stock left, or the label's weight and line. */
  function scanNotice(next: CartView, sku: SkuView, label: boolean): string | null {
    const line = next.lines.find((l) => l.skuId === sku.id)
    if (!line) return null
    if (!label) return `+1 ${line.name} · ${t.stockLeft(line.stockLeft)}`
    const unitGrams = line.unitGrams ?? 1000
    return t.labelNotice(
      `${gramsInUnits(line.count, unitGrams)} ${weightUnitName(unitGrams)}`,
      line.name,
      formatFen(line.lineFen),
    )
  }

  function closeWeighing(next: CartView | null, message: string | null) {
    setWeighing(null)
    if (next) setCart(next)
    if (message) setNotice(message)
    refocus()
  }

  function setCount(skuId: number, count: number) {
    return changeCart(() =>
      count < 1 ? window.pos['cart.remove']({ skuId }) : window.pos['cart.set']({ skuId, count }),
    )
  }

  const lines = cart?.lines ?? []

  function closePanel(next: string | null) {
    setPanel(null)
    if (next) setNotice(next)
  }

  async function startNewSale() {
    setPanel(null)
    setMember(null)
    await changeCart(
      () => window.pos['cart.newSale']({}),
      () => t.newSaleNotice,
    )
  }

  // The keys work wherever the focus is on this screen; each panel handles its own Enter and Escape.
  const hasLines = lines.length > 0
  const keys = useRef({ hasLines, panel, startNewSale })
  useEffect(() => {
    keys.current = { hasLines, panel, startNewSale }
  })
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const now = keys.current
      if (event.key === 'F6') {
        event.preventDefault()
        if (now.hasLines) setPanel('park')
      } else if (event.key === 'F7') {
        event.preventDefault()
        setPanel('recall')
      } else if (event.key === 'F8') {
        event.preventDefault()
        if (now.hasLines && now.panel !== 'unfinished' && now.panel !== 'newSale') setPanel('newSale')
        else void now.startNewSale()
      } else if (event.key === 'Escape' && now.panel !== null && now.panel !== 'unfinished') {
        // The unfinished sale's question waits for an answer; the other panels just close.
        event.preventDefault()
        setPanel(null)
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
  // Back to the scanner when a panel closes.
  useEffect(() => {
    if (panel === null) refocus()
  }, [panel])

  return (
    <div className="sell">
      <section className="goods-side">
        <label className="scan">
          <span>{t.scanLabel}</span>
          <input
            ref={scanInput}
            value={query}
            placeholder={t.scanPlaceholder}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => void onScanKey(e)}
            autoComplete="off"
            disabled={panel === 'unfinished'}
          />
        </label>
        <ErrorMessage error={cartChange.error} />
        <ErrorMessage error={search.error} onRetry={search.reload} />
        {notice && !cartChange.error && (
          <p className="notice" aria-live="polite">
            {notice}
          </p>
        )}
        <div className="goods-grid" aria-label={t.goods}>
          {goods.length === 0 && <p className="muted">{t.noMatchingGoods}</p>}
          {goods.map((sku) => (
            <div key={sku.id} className="goods-item">
              <button type="button" className="goods-card" disabled={!sku.onSale} onClick={() => void add(sku)}>
                <span className="goods-name">{sku.name}</span>
                <span className="goods-price">
                  {formatFen(sku.priceFen)}
                  <small> / {sku.unit}</small>
                </span>
                <span className="muted">{stockText(t, sku)}</span>
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
        {panel === 'unfinished' && cart && (
          <UnfinishedSale
            cart={cart}
            onContinue={() => setPanel(null)}
            onPark={() => setPanel('park')}
            onNewSale={() => void startNewSale()}
          />
        )}
        {panel === 'park' && <ParkForm onDone={closePanel} />}
        {panel === 'recall' && <RecallList onDone={closePanel} />}
        {panel === 'newSale' && <NewSaleQuestion onYes={() => void startNewSale()} onNo={() => setPanel(null)} />}
        {weighing && panel === null && (
          <WeightEntry key={`${weighing.skuId}-${weighing.mode}`} weighing={weighing} onDone={closeWeighing} />
        )}
        <h2>{t.cart}</h2>
        <ErrorMessage error={savedCart.error} onRetry={savedCart.reload} />
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
                {line.saleMode === 'by_weight' ? (
                  <WeighedLine line={line} onWeigh={() => setWeighing(weighingOf(line))} />
                ) : (
                  <div className="line-body">
                    <span className="muted">
                      {formatFen(line.priceFen)} / {line.unit} · {t.stockLeft(line.stockLeft)}
                    </span>
                    <span className="stepper">
                      <button
                        type="button"
                        aria-label={t.oneLessOf(line.name)}
                        onClick={() => void setCount(line.skuId, line.count - 1)}
                      >
                        −
                      </button>
                      <output aria-label={`${t.count} ${line.name}`}>{line.count}</output>
                      <button
                        type="button"
                        aria-label={t.oneMoreOf(line.name)}
                        onClick={() => void setCount(line.skuId, line.count + 1)}
                      >
                        +
                      </button>
                    </span>
                  </div>
                )}
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
        <div className="sale-keys">
          <button type="button" disabled={!hasLines} onClick={() => setPanel('park')}>
            {t.park} <kbd>F6</kbd>
          </button>
          <button type="button" onClick={() => setPanel('recall')}>
            {t.recall} <kbd>F7</kbd>
          </button>
          <button type="button" onClick={() => (hasLines ? setPanel('newSale') : void startNewSale())}>
            {t.newSale} <kbd>F8</kbd>
          </button>
        </div>
        <button
          type="button"
          className="primary wide"
          disabled={lines.length === 0 || panel === 'unfinished'}
          onClick={() => goTo('checkout')}
        >
          {t.checkout}
        </button>
      </aside>
    </div>
  )
}

/** Stock as the goods are counted: pieces, or grams shown in 斤 / kg. */
function stockText(t: ReturnType<typeof useStrings>, sku: SkuView): string {
  if (sku.saleMode !== 'by_weight') return t.stockCount(sku.stock, sku.unit)
  return t.stockInUnits(sku.stock, sku.unitGrams ?? 1000)
}

const weighingOf = (line: CartLineView): Weighing => ({
  skuId: line.skuId,
  name: line.name,
  priceFen: line.priceFen,
  unitGrams: line.unitGrams ?? 1000,
  mode: 'set',
  grams: line.count,
})

/** A weighed line: "0.734 斤 × ¥5.20 = ¥3.82", what came on scale labels, and its weight button. */
function WeighedLine({ line, onWeigh }: { line: CartLineView; onWeigh: () => void }) {
  const t = useStrings()
  const unitGrams = line.unitGrams ?? 1000
  const unit = weightUnitName(unitGrams)
  return (
    <div className="line-body">
      <span className="muted" data-testid="weighed-line">
        {line.labelFen > 0
          ? t.labelPart(`${gramsInUnits(line.labelGrams, unitGrams)} ${unit}`, formatFen(line.labelFen))
          : weighedLineText(t, line)}
        {line.labelFen > 0 &&
          line.count > line.labelGrams &&
          ` · ${weighedLineText(t, { ...line, count: line.count - line.labelGrams, lineFen: line.lineFen - line.labelFen })}`}
      </span>
      <button type="button" aria-label={t.changeWeightOf(line.name)} onClick={onWeigh}>
        {t.changeWeight}
      </button>
    </div>
  )
}

/** F8 with goods in the cart: emptying it is asked first, Enter says yes and Escape no. */
function NewSaleQuestion({ onYes, onNo }: { onYes: () => void; onNo: () => void }) {
  const t = useStrings()
  const yes = useRef<HTMLButtonElement>(null)
  useFocusOnMount(yes)
  return (
    <section className="panel parked-panel" role="alertdialog" aria-label={t.newSale}>
      <p>{t.confirmNewSale}</p>
      <div className="panel-buttons">
        <button ref={yes} type="button" className="primary" onClick={onYes}>
          {t.newSale}
        </button>
        <button type="button" onClick={onNo}>
          {t.cancel}
        </button>
      </div>
    </section>
  )
}
