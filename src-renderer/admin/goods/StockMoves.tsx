// A SKU's stock history, newest first, a page at a time.
import type { AdminSkuView } from '../../../src-shared/contract'
import { DataTable } from '../../components/DataTable'
import { ErrorMessage } from '../../components/ErrorMessage'
import { LoadStatus } from '../../components/LoadStatus'
import { formatDateTime } from '../../format'
import { useStrings } from '../../strings'
import { useAction, useLaterPages, useLoad } from '../../use-call'
import { Dialog } from '../kit'

const MOVES_PAGE = 10

export function StockMoves({ sku, onClose }: { sku: AdminSkuView; onClose: () => void }) {
  const t = useStrings()
  const skuId = sku.id
  const first = useLoad(() => window.pos['goods.stockMoves']({ skuId, limit: MOVES_PAGE }), [skuId])
  const later = useLaterPages(first.data)
  const moves = first.data && [first.data, ...later.pages].flatMap((p) => p.moves)
  const next = (later.pages.at(-1) ?? first.data)?.nextCursor
  const loadingMore = useAction()

  async function more(cursor: string) {
    const r = await loadingMore.run(() => window.pos['goods.stockMoves']({ skuId, cursor, limit: MOVES_PAGE }))
    if (r?.ok) later.add(r.data)
  }

  return (
    <Dialog title={t.movesTitle(sku.name)} onClose={onClose} wide>
      <LoadStatus load={first} />
      <ErrorMessage error={loadingMore.error} />
      {moves && moves.length === 0 && <p className="muted empty">{t.movesEmpty}</p>}
      {moves && moves.length > 0 && (
        <div className="scroll-box">
          <DataTable
            testId="stock-moves"
            rows={moves}
            rowKey={(m) => m.id}
            columns={[
              { head: t.time, className: 'small', cell: (m) => formatDateTime(m.createdAt) },
              { head: t.reason, cell: (m) => t.reasons[m.reason] ?? m.reason },
              {
                head: t.delta,
                num: true,
                className: (m) => (m.delta < 0 ? 'minus' : 'plus'),
                cell: (m) => (m.delta > 0 ? `+${m.delta}` : m.delta),
              },
              { head: t.stockAfter, num: true, cell: (m) => m.stockAfter },
              { head: t.doneBy, className: 'muted', cell: (m) => `#${m.staffId}` },
              { head: t.note, className: 'small', cell: (m) => m.note },
            ]}
          />
        </div>
      )}
      <div className="dialog-actions">
        {next && (
          <button type="button" disabled={loadingMore.busy} onClick={() => void more(next)}>
            {t.moreMoves}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t.close}
        </button>
      </div>
    </Dialog>
  )
}
