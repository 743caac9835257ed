// 商品与库存: every SKU a page at a time (search by name or barcode), on-sale switch, edit of
// name / unit / price, stock adjustments with a reason, the stock history, and new goods.
import { useState, type FormEvent } from 'react'
import type { AdminSkuView, SkuView } from '../../../src-shared/contract'
import { formatFen } from '../../../src-shared/money'
import { ErrorMessage } from '../../components/ErrorMessage'
import { LoadStatus } from '../../components/LoadStatus'
import { Notice } from '../../components/Notice'
import { Pager, useCursorPages } from '../../components/Pager'
import { useStrings } from '../../strings'
import { useAction, useLoad } from '../../use-call'
import { AddGoods } from './AddGoods'
import { AdjustStock } from './AdjustStock'
import { EditSku } from './EditSku'
import { StockMoves } from './StockMoves'

const PAGE_SIZE = 12

type Open = { kind: 'edit' | 'adjust' | 'moves'; sku: AdminSkuView } | { kind: 'add' } | null

export function GoodsAdmin() {
  const t = useStrings()
  const [draft, setDraft] = useState('')
  const [query, setQuery] = useState('')
  const pages = useCursorPages()
  const [notice, setNotice] = useState<string | null>(null)
  const [open, setOpen] = useState<Open>(null)
  const cursor = pages.cursor
  const list = useLoad(() => window.pos['goods.list']({ query, cursor, limit: PAGE_SIZE }), [query, cursor])
  const page = list.data
  const switching = useAction()

  function search(event: FormEvent) {
    event.preventDefault()
    setQuery(draft.trim())
    pages.restart()
  }

  /** A row the server changed: shown at once, without reading the page again. */
  function replaced(sku: SkuView) {
    list.setData((p) => p && { ...p, skus: p.skus.map((s) => (s.id === sku.id ? { ...s, ...sku } : s)) })
  }

  async function toggleSale(sku: AdminSkuView, onSale: boolean) {
    setNotice(null)
    const r = await switching.run(() => window.pos['goods.updateSku']({ skuId: sku.id, onSale }))
    if (r?.ok) replaced(r.data)
  }

  return (
    <div className="admin-section">
      <div className="admin-head">
        <h1>{t.tabGoods}</h1>
        <form className="admin-search" role="search" onSubmit={search}>
          <input
            aria-label={t.goodsSearch}
            placeholder={t.goodsSearchPlaceholder}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            spellCheck={false}
          />
          <button type="submit">{t.search}</button>
        </form>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'add' })}>
          {t.addGoods}
        </button>
      </div>
      <Notice text={notice} />
      <ErrorMessage error={switching.error} />
      <LoadStatus load={list} />
      {page && (
        <div className="panel table-panel">
          <table className="lines admin-table">
            <thead>
              <tr>
                <th>{t.goodsName}</th>
                <th>{t.barcode}</th>
                <th className="num">{t.price}</th>
                <th className="num">{t.stock}</th>
                <th className="num">{t.sales}</th>
                <th>{t.onSale}</th>
                <th>{t.actions}</th>
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
                      <input
                        type="checkbox"
                        role="switch"
                        checked={sku.onSale}
                        aria-label={t.onSaleOf(sku.name)}
                        onChange={(e) => void toggleSale(sku, e.target.checked)}
                      />
                      <span aria-hidden="true" />
                    </label>
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        aria-label={t.editOf(sku.name)}
                        onClick={() => setOpen({ kind: 'edit', sku })}
                      >
                        {t.edit}
                      </button>
                      <button
                        type="button"
                        aria-label={t.adjustOf(sku.name)}
                        onClick={() => setOpen({ kind: 'adjust', sku })}
                      >
                        {t.adjust}
                      </button>
                      <button
                        type="button"
                        aria-label={t.movesOf(sku.name)}
                        onClick={() => setOpen({ kind: 'moves', sku })}
                      >
                        {t.moves}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.skus.length === 0 && <p className="muted empty">{t.noMatchingGoods}</p>}
        </div>
      )}
      {page && <Pager pages={pages} next={page.nextCursor} />}

      {open?.kind === 'edit' && (
        <EditSku
          sku={open.sku}
          onClose={() => setOpen(null)}
          onSaved={(sku) => {
            replaced(sku)
            setNotice(`${sku.name}：${t.saved}`)
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
            setNotice(`${sku.name}：${t.adjusted(move.delta, move.stockAfter)}`)
            setOpen(null)
          }}
        />
      )}
      {open?.kind === 'moves' && <StockMoves sku={open.sku} onClose={() => setOpen(null)} />}
      {open?.kind === 'add' && (
        <AddGoods
          onClose={() => setOpen(null)}
          onAdded={(name, barcode) => {
            setNotice(t.goodsAdded(name))
            setOpen(null)
            // Show the new goods: search for its first barcode.
            setDraft(barcode)
            setQuery(barcode)
            pages.restart()
            list.reload()
          }}
        />
      )}
    </div>
  )
}
