// The sell screen: one input for the scanner and for search, the goods grid, the cart, and a key
// for everything a cashier does often, each shown on its button (docs/COUNTER.md): F2 search,
// F3 member, F4 remove the last line, F6 park, F7 recall, F8 new sale (docs/PARKED.md), F9 pay
// (a pickup sale in one step), F10 a delivery order; "3*" before a scan takes three. Goods sold
// by weight open the weight entry; a counter scale's label goes in as printed (docs/ORDERS.md).
// F5 a discount or a new price for the line scanned last, F11 a discount on the whole sale, F12
// 抹零 (docs/DISCOUNTS.md); above the cashier's limit F9 asks for an admin at the till.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { CallResult, CartLineView, CartView, SkuView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { gramsInUnits, weightUnitName } from '../../src-shared/weight'
import { ErrorMessage } from '../components/ErrorMessage'
import { MemberLookup } from '../components/MemberLookup'
import { isConnectionError } from '../connection'
import { noDiscounts, useTill } from '../store'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { useFocusOnMount } from '../use-focus'
import { CartLines } from './CartLines'
import { ParkForm, RecallList, UnfinishedSale } from './ParkedSales'
import { ApprovalDialog, DiscountForm, SaleDiscounts } from './SaleDiscounts'
import { looksLikeBarcode, readEntry } from './sell-entry'
import { usePayNow } from './use-pay-now'
import { type Weighing, weighingOf, WeightEntry } from './WeightEntry'

/** What the cart side shows over the cart: a parked-sale panel, or the new-sale question. */
type Panel = 'park' | 'recall' | 'unfinished' | 'newSale' | 'lineDiscount' | 'orderDiscount' | null

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
  const { cart, setCart, setMember, goTo, openGoods, discounts, setDiscounts } = useTill()
  const [query, setQuery] = useState('')
  const [notice, setNotice] = useState<string | null>(null)
  const [panel, setPanel] = useState<Panel>(null)
  const [weighing, setWeighing] = useState<Weighing | null>(null)
  // Opened with no cart in hand — a new session, or just after an order: a basket found now was
  // left by a sale that did not finish, and is shown as such rather than carried on silently.
  const openedWithoutCart = useRef(useTill.getState().cart === null)
  const scanInput = useRef<HTMLInputElement>(null)
  const memberInput = useRef<HTMLInputElement>(null)
  useFocusOnMount(scanInput)
  const pay = usePayNow()

  // While the weight entry is open the focus is its: nothing sends it back to the scanner.
  const weighingOpen = useRef(false)
  /**
   * The scans still being looked up, in the order they were made: a scanner sends its next code
   * before the first one's goods are in the cart, and the cart must keep the order of the scans.
   */
  const scans = useRef<Promise<unknown>>(Promise.resolve())
  const refocus = () => {
    if (!weighingOpen.current) scanInput.current?.focus()
  }

  const savedCart = useLoad(() => window.pos['cart.get']({}), [])
  useEffect(() => {
    if (!savedCart.data) return
    setCart(savedCart.data)
    if (openedWithoutCart.current && savedCart.data.lines.length > 0) setPanel('unfinished')
    openedWithoutCart.current = false
  }, [savedCart.data, setCart])

  // The grid follows the typing; Enter never relies on it (see onScanKey).
  const typed = readEntry(query)?.rest ?? ''
  const searchText = useSettled(typed, 150)
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

  /** "+3 红富士苹果 一个 · 库存 197": what went in, and what is left. */
  const addedNotice = (line: CartLineView, times: number) => `+${times} ${line.name} · ${t.stockLeft(line.stockLeft)}`

  /** `times` of a piece SKU; a weight SKU opens the weight entry (the scale, or grams typed). */
  function add(sku: SkuView, times = 1) {
    if (sku.saleMode === 'by_weight') {
      setNotice(null)
      weighingOpen.current = true
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
      () => window.pos['cart.add']({ skuId: sku.id, count: times }),
      (next) => {
        const line = next.lines.find((l) => l.skuId === sku.id)
        return line ? addedNotice(line, times) : null
      },
    )
  }

  /**
   * Enter acts on what is in the field now: a barcode is looked up, a name (or its pinyin) is
   * searched for afresh — never the grid's results, which may still be those of earlier typing.
   */
  async function onScanKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return
    event.preventDefault()
    const text = query.trim()
    if (text === '') return
    const entry = readEntry(text)
    if (!entry) return cartChange.setError(t.timesInvalid)
    if (entry.rest === '') return // "3*" so far: the scan follows
    setQuery('')
    setNotice(null)
    const scanned = scans.current.then(() => addEntry(entry.rest, entry.times))
    scans.current = scanned.catch(() => undefined)
    const result = await scanned
    // A scan the connection lost is not lost: it waits in the field for Enter once the till is
    // back (unless the cashier has typed something else meanwhile).
    if (result && !result.ok && isConnectionError(result.error.code)) setQuery((now) => (now === '' ? text : now))
    refocus()
  }

  /**
   * A code goes to `cart.scan` (a barcode, or a counter scale's label); "3*" before a barcode looks
   * it up and adds three. A name (or its pinyin) is searched for now and its first match taken.
   */
  async function addEntry(rest: string, times: number): Promise<CallResult<unknown> | null> {
    if (looksLikeBarcode(rest) && times > 1) {
      const found = await cartChange.run(() => window.pos['catalog.byBarcode']({ barcode: rest }))
      return found?.ok ? add(found.data, times) : found
    }
    if (looksLikeBarcode(rest)) {
      const result = await cartChange.run(() => window.pos['cart.scan']({ code: rest }))
      if (result?.ok) {
        const { cart: next, scanned } = result.data
        setCart(next)
        if (scanned.kind === 'needsWeight') void add(scanned.sku)
        else setNotice(scanNotice(next, scanned.sku, scanned.kind === 'label'))
      }
      return result
    }
    const found = await cartChange.run(() => window.pos['catalog.search']({ query: rest, limit: 1 }))
    if (!found?.ok) return found
    const [sku] = found.data.skus
    if (sku) return add(sku, times)
    cartChange.setError(t.noMatchFor(rest))
    return found
  }

  /** What a scan added, as the notice says it: the piece with the stock left, or the label's weight and line. */
  function scanNotice(next: CartView, sku: SkuView, label: boolean): string | null {
    const line = next.lines.find((l) => l.skuId === sku.id)
    if (!line) return null
    if (!label) return addedNotice(line, 1)
    const unitGrams = line.unitGrams ?? 1000
    return t.labelNotice(
      `${gramsInUnits(line.count, unitGrams)} ${weightUnitName(unitGrams)}`,
      line.name,
      formatFen(line.lineFen),
    )
  }

  function closeWeighing(next: CartView | null, message: string | null) {
    weighingOpen.current = false
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

  /** F4: the line scanned last leaves the cart. */
  function removeLast() {
    const last = lines.at(-1)
    if (!last) return
    return changeCart(
      () => window.pos['cart.remove']({ skuId: last.skuId }),
      () => t.removedNotice(last.name),
    )
  }

  function closePanel(next: string | null) {
    setPanel(null)
    if (next) setNotice(next)
  }

  async function startNewSale() {
    setPanel(null)
    setMember(null)
    setDiscounts(noDiscounts)
    await changeCart(
      () => window.pos['cart.newSale']({}),
      () => t.newSaleNotice,
    )
  }

  // A discount belongs to lines still in the basket: one taken out takes its discount with it,
  // and an empty basket (a new sale, a parked one, an order placed) has none.
  useEffect(() => {
    const inCart = new Set((cart?.lines ?? []).map((l) => l.skuId))
    if (inCart.size === 0 && discounts !== noDiscounts) return setDiscounts(noDiscounts)
    const kept = discounts.lines.filter((d) => inCart.has(d.skuId))
    if (kept.length !== discounts.lines.length) setDiscounts({ ...discounts, lines: kept })
  }, [cart, discounts, setDiscounts])
  const quoteKey = JSON.stringify([lines.map((l) => [l.skuId, l.count, l.lineFen]), discounts])
  const toggleRoundDown = () => setDiscounts({ ...useTill.getState().discounts, roundDown: !discounts.roundDown })

  const hasLines = lines.length > 0
  const blocked = panel === 'unfinished'
  // The keys work wherever the focus is on this screen; each panel handles its own Enter and Escape.
  const approving = pay.approvalAsked !== null
  const keyState = {
    hasLines,
    panel,
    blocked,
    approving,
    startNewSale,
    removeLast,
    payNow: pay.payNow,
    cancelApproval: pay.cancelApproval,
    toggleRoundDown,
    goTo,
  }
  const keys = useRef(keyState)
  useEffect(() => {
    keys.current = keyState
  })
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const now = keys.current
      const act: Record<string, (() => void) | undefined> = {
        F2: () => scanInput.current?.select(),
        F3: () => memberInput.current?.focus(),
        F4: () => !now.blocked && void now.removeLast(),
        F5: () => now.hasLines && !now.blocked && setPanel('lineDiscount'),
        F11: () => now.hasLines && !now.blocked && setPanel('orderDiscount'),
        F12: () => now.hasLines && !now.blocked && now.toggleRoundDown(),
        F6: () => now.hasLines && setPanel('park'),
        F7: () => setPanel('recall'),
        F8: () =>
          now.hasLines && now.panel !== 'unfinished' && now.panel !== 'newSale'
            ? setPanel('newSale')
            : void now.startNewSale(),
        F9: () => now.hasLines && !now.blocked && !now.approving && void now.payNow(),
        F10: () => now.hasLines && !now.blocked && now.goTo('checkout'),
      }
      const action = act[event.key]
      if (action) {
        event.preventDefault()
        action()
      } else if (event.key === 'Escape' && now.approving) {
        event.preventDefault()
        now.cancelApproval()
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
          <span>
            {t.scanLabel} <kbd>F2</kbd>
          </span>
          <input
            ref={scanInput}
            value={query}
            placeholder={t.scanPlaceholder}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => void onScanKey(e)}
            autoComplete="off"
            disabled={blocked}
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
              <button
                type="button"
                className="goods-card"
                disabled={!sku.onSale}
                onClick={() => void add(sku)}
                tabIndex={-1}
              >
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
                tabIndex={-1}
              >
                i
              </button>
            </div>
          ))}
        </div>
      </section>

      <aside className="cart-side" aria-label={t.cart}>
        <MemberLookup onDone={refocus} inputRef={memberInput} keyHint="F3" />
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
        {(panel === 'lineDiscount' || panel === 'orderDiscount') && (
          <DiscountForm
            key={panel}
            line={panel === 'lineDiscount' ? (lines.at(-1) ?? null) : null}
            onDone={() => setPanel(null)}
          />
        )}
        {pay.approvalAsked && (
          <ApprovalDialog
            quote={pay.approvalAsked}
            error={pay.error}
            busy={pay.busy}
            onApprove={(approval) => void pay.payNow(approval)}
            onCancel={pay.cancelApproval}
          />
        )}
        {weighing && panel === null && (
          <WeightEntry key={`${weighing.skuId}-${weighing.mode}`} weighing={weighing} onDone={closeWeighing} />
        )}
        <h2>{t.cart}</h2>
        <ErrorMessage error={savedCart.error} onRetry={savedCart.reload} />
        <CartLines
          lines={lines}
          onCount={(skuId, count) => void setCount(skuId, count)}
          onWeigh={(line) => {
            weighingOpen.current = true
            setWeighing(weighingOf(line))
          }}
        />
        <dl className="totals">
          <dt>{t.totalCount}</dt>
          <dd data-testid="cart-count">{cart?.totalCount ?? 0}</dd>
          <dt>{t.goodsTotal}</dt>
          <dd className="big" data-testid="cart-total">
            {formatFen(cart?.goodsFen ?? 0)}
          </dd>
        </dl>
        <SaleDiscounts quoteKey={quoteKey} />
        <p className="muted small key-hint">{t.timesHint}</p>
        <div className="sale-keys">
          <button type="button" disabled={!hasLines || blocked} onClick={() => void removeLast()}>
            {t.removeLast} <kbd>F4</kbd>
          </button>
          <button type="button" disabled={!hasLines} onClick={() => setPanel('park')}>
            {t.park} <kbd>F6</kbd>
          </button>
          <button type="button" onClick={() => setPanel('recall')}>
            {t.recall} <kbd>F7</kbd>
          </button>
          <button type="button" disabled={!hasLines || blocked} onClick={() => setPanel('lineDiscount')}>
            {t.lineDiscount} <kbd>F5</kbd>
          </button>
          <button type="button" disabled={!hasLines || blocked} onClick={() => setPanel('orderDiscount')}>
            {t.orderDiscount} <kbd>F11</kbd>
          </button>
          <button
            type="button"
            aria-pressed={discounts.roundDown}
            disabled={!hasLines || blocked}
            onClick={toggleRoundDown}
          >
            {t.roundDown} <kbd>F12</kbd>
          </button>
          <button type="button" onClick={() => (hasLines ? setPanel('newSale') : void startNewSale())}>
            {t.newSale} <kbd>F8</kbd>
          </button>
        </div>
        {!approving && <ErrorMessage error={pay.error} />}
        <div className="pay-keys">
          <button type="button" disabled={!hasLines || blocked} onClick={() => goTo('checkout')}>
            {t.deliveryOrder} <kbd>F10</kbd>
          </button>
          <button
            type="button"
            className="primary"
            data-testid="pay-now"
            disabled={!hasLines || blocked || pay.busy}
            onClick={() => void pay.payNow()}
          >
            {pay.busy ? t.placingSale : t.payTitle} <kbd>F9</kbd>
          </button>
        </div>
      </aside>
    </div>
  )
}

/** Stock as the goods are counted: pieces, or grams shown in 斤 / kg. */
function stockText(t: ReturnType<typeof useStrings>, sku: SkuView): string {
  if (sku.saleMode !== 'by_weight') return t.stockCount(sku.stock, sku.unit)
  return t.stockInUnits(sku.stock, sku.unitGrams ?? 1000)
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
