// A SKU's stock history, newest first, a page at a time.
import { useEffect, useState } from 'react'
import type { AdminSkuView, StockMoveView } from '../../../src-shared/contract'
import { ErrorMessage } from '../../components/ErrorMessage'
import { formatDateTime } from '../../format'
import { useErrorText, useStrings } from '../../store'
import { Dialog } from '../kit'
import { useAdminStrings } from '../strings'

const MOVES_PAGE = 10

export function StockMoves({ sku, onClose }: { sku: AdminSkuView; onClose(): void }) {
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
