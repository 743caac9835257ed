// Keyset pages: the server only pages forward, so "上一页" goes back through the cursors that led here.
import { useState } from 'react'
import { useStrings } from '../strings'

export interface CursorPages {
  /** The cursor of the page shown; the first page has none. */
  cursor: string | undefined
  /** 1 on the first page. */
  pageNo: number
  /** Back to the first page (another search, another tab). */
  restart: () => void
  back: () => void
  forward: (next: string) => void
}

export function useCursorPages(): CursorPages {
  // cursors[i] opens page i+1.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  return {
    cursor: cursors.at(-1),
    pageNo: cursors.length,
    restart: () => setCursors([undefined]),
    back: () => setCursors((c) => c.slice(0, -1)),
    forward: (next) => setCursors((c) => [...c, next]),
  }
}

/** ← 上一页 · 第 n 页 · 下一页 →; `next` is the cursor the page shown answered with, if any. */
export function Pager({ pages, next }: { pages: CursorPages; next: string | null | undefined }) {
  const t = useStrings()
  return (
    <nav className="pager" aria-label={t.pageNo(pages.pageNo)}>
      <button type="button" disabled={pages.pageNo <= 1} onClick={pages.back}>
        ← {t.prevPage}
      </button>
      <span className="muted" data-testid="page-no">
        {t.pageNo(pages.pageNo)}
      </span>
      <button type="button" disabled={!next} onClick={() => next && pages.forward(next)}>
        {t.nextPage} →
      </button>
    </nav>
  )
}
