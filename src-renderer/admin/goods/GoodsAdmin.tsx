// 商品与库存: every SKU a page at a time (search by name or barcode), on-sale switch, edit of
// name / unit / price, stock adjustments with a reason, the stock history, and new goods.
import { useState, type FormEvent } from 'react'
import type { AdminSkuView, SkuView } from '../../../src-shared/contract'
import { formatFen } from '../../../src-shared/money'
import { DataTable } from '../../components/DataTable'
import { ErrorMessage } from '../../components/ErrorMessage'
import { LoadStatus } from '../../components/LoadStatus'
import { Notice } from '../../components/Notice'
import { Pager, useCursorPages } from '../../components/Pager'
import { useStrings } from '../../strings'
import { useAction, useLoad } from '../../use-call'
import { AddGoods } from './AddGoods'
import { AdjustStock } from './AdjustStock'
import { ReturnWithoutOrder } from './ReturnWithoutOrder'
import { EditSku } from './EditSku'
import { StockMoves } from './StockMoves'
import { stockText } from './Measure'
import { AdminSection } from '../kit'

const PAGE_SIZE = 12

type Open = { kind: 'edit' | 'adjust' | 'moves' | 'return'; sku: AdminSkuView } | { kind: 'add' } | null

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

  const skuDialogs = [
    { kind: 'edit', text: t.edit, label: t.editOf },
    { kind: 'adjust', text: t.adjust, label: t.adjustOf },
    { kind: 'moves', text: t.moves, label: t.movesOf },
    { kind: 'return', text: t.returnWithoutOrder, label: t.returnWithoutOrderOf },
  ] as const

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
    <AdminSection
      title={t.tabGoods}
      tools={
        <>
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
        </>
      }
    >
      <Notice text={notice} />
      <ErrorMessage error={switching.error} />
      <LoadStatus load={list} />
      {page && (
        <div className="panel table-panel">
          <DataTable
            className="lines admin-table"
            rows={page.skus}
            rowKey={(sku) => sku.id}
            rowAttributes={(sku) => ({ 'data-barcode': sku.barcode, className: sku.onSale ? undefined : 'off' })}
            columns={[
              {
                head: t.goodsName,
                cell: (sku) => (
                  <>
                    <div className="strong">{sku.name}</div>
                    {sku.goodsName !== sku.name && <div className="muted small">{sku.goodsName}</div>}
                  </>
                ),
              },
              { head: t.barcode, className: 'mono small', cell: (sku) => sku.barcode },
              {
                head: t.price,
                num: true,
                testId: 'sku-price',
                cell: (sku) => (
                  <>
                    {formatFen(sku.priceFen)}
                    <span className="muted small"> /{sku.unit}</span>
                  </>
                ),
              },
              {
                head: t.stock,
                num: true,
                // Low: five pieces, or five units' worth of grams.
                className: (sku) =>
                  sku.stock <= 5 * (sku.saleMode === 'by_weight' ? (sku.unitGrams ?? 1) : 1) ? 'low' : undefined,
                testId: 'sku-stock',
                cell: (sku) => stockText(sku.stock, sku),
              },
              { head: t.sales, num: true, cell: (sku) => stockText(sku.sales, sku) },
              {
                head: t.onSale,
                cell: (sku) => (
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
                ),
              },
              {
                head: t.actions,
                cell: (sku) => (
                  <div className="row-actions">
                    {skuDialogs.map(({ kind, text, label }) => (
                      <button
                        key={kind}
                        type="button"
                        aria-label={label(sku.name)}
                        onClick={() => setOpen({ kind, sku })}
                      >
                        {text}
                      </button>
                    ))}
                  </div>
                ),
              },
            ]}
          />
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
      {open?.kind === 'return' && (
        <ReturnWithoutOrder
          sku={open.sku}
          onClose={() => setOpen(null)}
          onDone={(view) => {
            setNotice(t.returnWithoutOrderDone(open.sku.name, formatFen(view.cashFen)))
            setOpen(null)
            list.reload()
          }}
        />
      )}
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
    </AdminSection>
  )
}
