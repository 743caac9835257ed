// 商品与库存: every SKU a page at a time (search by name or barcode), on-sale switch, edit of
// name / unit / price, stock adjustments with a reason, the stock history, and new goods.
import { useEffect, useState, type FormEvent } from 'react'
import { type AdminSkuPage, type AdminSkuView, type SkuView, type StockMoveReason, type StockMoveView, stockMoveReasons } from '../../src-shared/contract'
import type { ErrorBody } from '../../src-shared/errors'
import { formatFen } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { formatDateTime } from '../format'
import { useErrorText, useStrings } from '../store'
import { Dialog, Field, parseWhole, parseYuan, yuanText } from './kit'
import { fieldErrors, formErrorText, useAdminStrings } from './strings'

const PAGE_SIZE = 12
const MOVES_PAGE = 10

type Open = { kind: 'edit' | 'adjust' | 'moves'; sku: AdminSkuView } | { kind: 'add' } | null

export function GoodsAdmin() {
  const a = useAdminStrings()
  const t = useStrings()
  const errorText = useErrorText()
  const [draft, setDraft] = useState('')
  const [query, setQuery] = useState('')
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  const [page, setPage] = useState<AdminSkuPage | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [open, setOpen] = useState<Open>(null)
  const [reload, setReload] = useState(0)
  const cursor = cursors.at(-1)

  useEffect(() => {
    let current = true
    void window.pos['goods.list']({ query, cursor, limit: PAGE_SIZE })
      .then((r) => {
        if (!current) return
        if (r.ok) {
          setPage(r.data)
          setError(null)
        } else setError(errorText(r.error))
      })
      .catch(() => current && setError(t.unreachable))
    return () => {
      current = false
    }
    // errorText and t change with the language only.
  }, [query, cursor, reload])

  function search(event: FormEvent) {
    event.preventDefault()
    setQuery(draft.trim())
    setCursors([undefined])
  }

  /** A row the server changed: shown at once, without reading the page again. */
  function replaced(sku: SkuView) {
    setPage((p) => p && { ...p, skus: p.skus.map((s) => (s.id === sku.id ? { ...s, ...sku } : s)) })
  }

  async function toggleSale(sku: AdminSkuView, onSale: boolean) {
    setNotice(null)
    try {
      const r = await window.pos['goods.updateSku']({ skuId: sku.id, onSale })
      if (r.ok) {
        replaced(r.data)
        setError(null)
      } else setError(errorText(r.error))
    } catch {
      setError(t.unreachable)
    }
  }

  return (
    <div className="admin-section">
      <div className="admin-head">
        <h1>{a.tabGoods}</h1>
        <form className="admin-search" role="search" onSubmit={search}>
          <input aria-label={a.goodsSearch} placeholder={a.goodsSearchPlaceholder} value={draft} onChange={(e) => setDraft(e.target.value)} spellCheck={false} />
          <button type="submit">{t.search}</button>
        </form>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'add' })}>
          {a.addGoods}
        </button>
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage text={error} />
      {!page && !error && <p className="muted">{t.loading}</p>}
      {page && (
        <div className="panel table-panel">
          <table className="lines admin-table">
            <thead>
              <tr>
                <th>{a.goodsName}</th>
                <th>{a.barcode}</th>
                <th className="num">{a.priceShort}</th>
                <th className="num">{a.stock}</th>
                <th className="num">{a.sales}</th>
                <th>{a.onSale}</th>
                <th>{a.actions}</th>
              </tr>
            </thead>
            <tbody>
              {page.skus.map((sku) => (
                <tr key={sku.id} data-barcode={sku.barcode} className={sku.onSale ? undefined : 'off'}>
                  <td>
                    <div className="strong">{sku.name}</div>
                    {sku.goodsName !== sku.name && <div className="muted small">{sku.goodsName}</div>}
                  </td>
                  <td className="mono small">{sku.barcode}</td>
                  <td className="num" data-testid="sku-price">
                    {formatFen(sku.priceFen)}
                    <span className="muted small"> /{sku.unit}</span>
                  </td>
                  <td className={sku.stock <= 5 ? 'num low' : 'num'} data-testid="sku-stock">
                    {sku.stock}
                  </td>
                  <td className="num">{sku.sales}</td>
                  <td>
                    <label className="switch">
                      <input type="checkbox" role="switch" checked={sku.onSale} aria-label={a.onSaleOf(sku.name)} onChange={(e) => void toggleSale(sku, e.target.checked)} />
                      <span aria-hidden="true" />
                    </label>
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" aria-label={a.editOf(sku.name)} onClick={() => setOpen({ kind: 'edit', sku })}>
                        {a.edit}
                      </button>
                      <button type="button" aria-label={a.adjustOf(sku.name)} onClick={() => setOpen({ kind: 'adjust', sku })}>
                        {a.adjust}
                      </button>
                      <button type="button" aria-label={a.movesOf(sku.name)} onClick={() => setOpen({ kind: 'moves', sku })}>
                        {a.moves}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.skus.length === 0 && <p className="muted empty">{a.noGoods}</p>}
        </div>
      )}
      {page && (
        <nav className="pager" aria-label={t.pageNo(cursors.length)}>
          <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            ← {t.prevPage}
          </button>
          <span className="muted">{t.pageNo(cursors.length)}</span>
          <button type="button" disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setCursors((c) => [...c, page.nextCursor ?? undefined])}>
            {t.nextPage} →
          </button>
        </nav>
      )}

      {open?.kind === 'edit' && (
        <EditSku
          sku={open.sku}
          onClose={() => setOpen(null)}
          onSaved={(sku) => {
            replaced(sku)
            setNotice(`${sku.name}：${a.saved}`)
            setOpen(null)
          }}
        />
      )}
      {open?.kind === 'adjust' && (
        <AdjustStock
          sku={open.sku}
          onClose={() => setOpen(null)}
          onDone={(sku, move) => {
            replaced(sku)
            setNotice(`${sku.name}：${a.adjusted(move.delta, move.stockAfter)}`)
            setOpen(null)
          }}
        />
      )}
      {open?.kind === 'moves' && <StockMoves sku={open.sku} onClose={() => setOpen(null)} />}
      {open?.kind === 'add' && (
        <AddGoods
          onClose={() => setOpen(null)}
          onAdded={(name, barcode) => {
            setNotice(a.goodsAdded(name))
            setOpen(null)
            // Show the new goods: search for its first barcode.
            setDraft(barcode)
            setQuery(barcode)
            setCursors([undefined])
            setReload((n) => n + 1)
          }}
        />
      )}
    </div>
  )
}

function EditSku({ sku, onClose, onSaved }: { sku: AdminSkuView; onClose(): void; onSaved(sku: SkuView): void }) {
  const a = useAdminStrings()
  const t = useStrings()
  const errorText = useErrorText()
  const [name, setName] = useState(sku.name)
  const [unit, setUnit] = useState(sku.unit)
  const [price, setPrice] = useState(yuanText(sku.priceFen))
  const [fields, setFields] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function save(event: FormEvent) {
    event.preventDefault()
    setError(null)
    const priceFen = parseYuan(price)
    if (priceFen === undefined) return setFields({ priceFen: a.invalidPrice })
    const changes = {
      name: name.trim() !== sku.name ? name.trim() : undefined,
      unit: unit.trim() !== sku.unit ? unit.trim() : undefined,
      priceFen: priceFen !== sku.priceFen ? priceFen : undefined,
    }
    if (changes.name === undefined && changes.unit === undefined && changes.priceFen === undefined) return setError(a.nothingChanged)
    setBusy(true)
    try {
      const r = await window.pos['goods.updateSku']({ skuId: sku.id, ...changes })
      if (r.ok) return onSaved(r.data)
      setFields(fieldErrors(r.error.details, a.fieldHints))
      setError(formErrorText(r.error, a.fieldHints, a.fixFields, errorText))
    } catch {
      setError(t.unreachable)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title={a.editTitle(sku.name)} onClose={onClose}>
      <form className="admin-form" onSubmit={(e) => void save(e)} noValidate>
        <Field label={a.skuName} error={fields.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={128} />}
        </Field>
        <div className="form-row">
          <Field label={a.price} error={fields.priceFen}>
            {(p) => <input {...p} value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" />}
          </Field>
          <Field label={a.unit} error={fields.unit}>
            {(p) => <input {...p} value={unit} onChange={(e) => setUnit(e.target.value)} maxLength={16} />}
          </Field>
        </div>
        <ErrorMessage text={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {a.cancel}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? a.saving : a.save}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

function AdjustStock({ sku, onClose, onDone }: { sku: AdminSkuView; onClose(): void; onDone(sku: SkuView, move: StockMoveView): void }) {
  const a = useAdminStrings()
  const t = useStrings()
  const errorText = useErrorText()
  const [reason, setReason] = useState<StockMoveReason>('receive')
  const [quantity, setQuantity] = useState('')
  const [note, setNote] = useState('')
  const [fieldError, setFieldError] = useState<string | undefined>()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const counting = reason === 'count'
  const amount = parseWhole(quantity, counting ? 0 : 1)
  // A stocktake enters what is on the shelf; the change is worked out from the stock shown.
  const delta = amount === undefined ? undefined : counting ? amount - sku.stock : reason === 'receive' ? amount : -amount

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    if (delta === undefined) return setFieldError(counting ? a.wholeNumberZero : a.wholeNumber)
    setFieldError(undefined)
    if (delta === 0) return setError(a.noCountChange)
    setBusy(true)
    try {
      const r = await window.pos['goods.adjustStock']({ skuId: sku.id, delta, reason, note: note.trim() })
      if (r.ok) return onDone(r.data.sku, r.data.move)
      showError(r.error)
    } catch {
      setError(t.unreachable)
    } finally {
      setBusy(false)
    }
  }

  function showError(body: ErrorBody) {
    const fields = fieldErrors(body.details, a.fieldHints)
    if (fields.delta) setFieldError(fields.delta)
    setError(errorText(body))
  }

  return (
    <Dialog title={a.adjustTitle(sku.name)} onClose={onClose}>
      <form className="admin-form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">{a.currentStock(sku.stock, sku.unit)}</p>
        <fieldset>
          <legend>{a.reason}</legend>
          <div className="choices">
            {stockMoveReasons.map((r) => (
              <label key={r} className={reason === r ? 'choice on' : 'choice'}>
                <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
                {a.reasons[r]}
              </label>
            ))}
          </div>
        </fieldset>
        <Field label={counting ? a.countedStock : a.quantity} error={fieldError}>
          {(p) => <input {...p} value={quantity} onChange={(e) => setQuantity(e.target.value)} inputMode="numeric" autoComplete="off" />}
        </Field>
        {counting && delta !== undefined && <p className="muted small">{a.countDelta(delta)}</p>}
        <Field label={a.note}>{(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} placeholder={a.notePlaceholder} />}</Field>
        <ErrorMessage text={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {a.cancel}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? a.saving : a.confirmAdjust}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

function StockMoves({ sku, onClose }: { sku: AdminSkuView; onClose(): void }) {
  const a = useAdminStrings()
  const t = useStrings()
  const errorText = useErrorText()
  const [moves, setMoves] = useState<StockMoveView[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function load(cursor?: string) {
    try {
      const r = await window.pos['goods.stockMoves']({ skuId: sku.id, cursor, limit: MOVES_PAGE })
      if (!r.ok) return setError(errorText(r.error))
      setMoves((m) => [...(cursor ? (m ?? []) : []), ...r.data.moves])
      setNext(r.data.nextCursor)
    } catch {
      setError(t.unreachable)
    }
  }

  useEffect(() => {
    void load()
  }, [sku.id])

  return (
    <Dialog title={a.movesTitle(sku.name)} onClose={onClose} wide>
      <ErrorMessage text={error} />
      {!moves && !error && <p className="muted">{t.loading}</p>}
      {moves && moves.length === 0 && <p className="muted empty">{a.movesEmpty}</p>}
      {moves && moves.length > 0 && (
        <div className="scroll-box">
          <table className="lines" data-testid="stock-moves">
            <thead>
              <tr>
                <th>{a.time}</th>
                <th>{a.reason}</th>
                <th className="num">{a.delta}</th>
                <th className="num">{a.stockAfter}</th>
                <th>{a.staffId}</th>
                <th>{a.note}</th>
              </tr>
            </thead>
            <tbody>
              {moves.map((m) => (
                <tr key={m.id}>
                  <td className="small">{formatDateTime(m.createdAt)}</td>
                  <td>{a.reasons[m.reason] ?? m.reason}</td>
                  <td className={m.delta < 0 ? 'num minus' : 'num plus'}>{m.delta > 0 ? `+${m.delta}` : m.delta}</td>
                  <td className="num">{m.stockAfter}</td>
                  <td className="muted">#{m.staffId}</td>
                  <td className="small">{m.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="dialog-actions">
        {next && (
          <button type="button" onClick={() => void load(next)}>
            {a.moreMoves}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {a.close}
        </button>
      </div>
    </Dialog>
  )
}

interface SkuDraft {
  key: number
  name: string
  barcode: string
  unit: string
  price: string
  stock: string
  onSale: boolean
}

let draftKeys = 0
const emptySku = (): SkuDraft => ({ key: ++draftKeys, name: '', barcode: '', unit: '', price: '', stock: '0', onSale: true })

function AddGoods({ onClose, onAdded }: { onClose(): void; onAdded(name: string, barcode: string): void }) {
  const a = useAdminStrings()
  const t = useStrings()
  const errorText = useErrorText()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [skus, setSkus] = useState<SkuDraft[]>(() => [emptySku()])
  const [fields, setFields] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const change = (key: number, patch: Partial<SkuDraft>) => setSkus((list) => list.map((s) => (s.key === key ? { ...s, ...patch } : s)))

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    // Amounts are checked here (the server gets fen); everything else by the server's contract.
    const local: Record<string, string> = {}
    const parsed = skus.map((s, i) => {
      const priceFen = parseYuan(s.price)
      const stock = parseWhole(s.stock)
      if (priceFen === undefined) local[`skus.${i}.priceFen`] = a.invalidPrice
      if (stock === undefined) local[`skus.${i}.stock`] = a.wholeNumberZero
      return { name: s.name.trim() || name.trim(), barcode: s.barcode.trim(), unit: s.unit.trim(), priceFen: priceFen ?? 0, stock: stock ?? 0, onSale: s.onSale }
    })
    setFields(local)
    if (Object.keys(local).length) return
    setBusy(true)
    try {
      const r = await window.pos['goods.add']({ name: name.trim(), description: description.trim(), skus: parsed })
      if (r.ok) return onAdded(r.data.name, r.data.skus[0]?.barcode ?? '')
      setFields(fieldErrors(r.error.details, a.fieldHints))
      setError(formErrorText(r.error, a.fieldHints, a.fixFields, errorText))
    } catch {
      setError(t.unreachable)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title={a.addGoodsTitle} onClose={onClose} wide>
      <form className="admin-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-row">
          <Field label={a.goodsName} error={fields.name}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={128} />}
          </Field>
          <Field label={a.description} error={fields.description}>
            {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />}
          </Field>
        </div>
        <fieldset>
          <legend>{a.skus}</legend>
          {skus.map((s, i) => {
            const f = (k: string) => fields[`skus.${i}.${k}`]
            const n = i + 1
            return (
              <div key={s.key} className="sku-row" data-testid="sku-row">
                <span className="sku-no">{n}</span>
                <Field label={a.skuName} error={f('name')}>
                  {(p) => <input {...p} value={s.name} placeholder={name} onChange={(e) => change(s.key, { name: e.target.value })} maxLength={128} />}
                </Field>
                <Field label={a.barcode} error={f('barcode')}>
                  {(p) => <input {...p} className="mono" value={s.barcode} onChange={(e) => change(s.key, { barcode: e.target.value })} maxLength={32} spellCheck={false} />}
                </Field>
                <Field label={a.unit} error={f('unit')}>
                  {(p) => <input {...p} value={s.unit} onChange={(e) => change(s.key, { unit: e.target.value })} maxLength={16} />}
                </Field>
                <Field label={a.price} error={f('priceFen')}>
                  {(p) => <input {...p} value={s.price} onChange={(e) => change(s.key, { price: e.target.value })} inputMode="decimal" />}
                </Field>
                <Field label={a.initialStock} error={f('stock')}>
                  {(p) => <input {...p} value={s.stock} onChange={(e) => change(s.key, { stock: e.target.value })} inputMode="numeric" />}
                </Field>
                <label className="inline-check">
                  <input type="checkbox" checked={s.onSale} onChange={(e) => change(s.key, { onSale: e.target.checked })} />
                  {a.onSale}
                </label>
                <button
                  type="button"
                  className="ghost remove"
                  aria-label={a.removeSku(n)}
                  disabled={skus.length === 1}
                  onClick={() => setSkus((list) => list.filter((x) => x.key !== s.key))}
                >
                  ×
                </button>
              </div>
            )
          })}
          <button type="button" onClick={() => setSkus((list) => [...list, emptySku()])}>
            {a.addSku}
          </button>
        </fieldset>
        <ErrorMessage text={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {a.cancel}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? a.saving : a.save}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
