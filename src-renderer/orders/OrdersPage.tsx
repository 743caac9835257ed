// 订单: status tabs, search by order number, member phone and dates, a dense table sorted by time
// or amount (either way, by the server: keyset pages), each row with the one action its order needs.
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { OrderSort, OrderView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { orderStatusNames, orderTabs, type OrderTab } from '../../src-shared/order-status'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { Notice } from '../components/Notice'
import { Pager, useCursorPages } from '../components/Pager'
import { formatDateTime, localMidnight } from '../format'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { OfflineBanner } from './OfflineBanner'
import { OrderActions } from './OrderActions'
import { OrderStatusBadge } from './OrderStatusBadge'
import { BusyButton } from '../components/BusyButton'

/** A 1366×768 screen shows this many rows of the dense table below the search. */
const PAGE_SIZE = 15

interface Filters {
  orderNo: string
  memberPhone: string
  from: string
  to: string
}
const noFilters: Filters = { orderNo: '', memberPhone: '', from: '', to: '' }

/** The search form as the list's (and the export's) filters. */
const filterInput = (filters: Filters) => ({
  orderNo: filters.orderNo.trim() || undefined,
  memberPhone: filters.memberPhone.trim() || undefined,
  from: localMidnight(filters.from),
  to: localMidnight(filters.to, true),
})

/** Hands a text file to the browser's download (Electron: the save dialog). */
function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked after the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function OrdersPage() {
  const pageSize = PAGE_SIZE
  const t = useStrings()
  const language = useTill((s) => s.language)
  const [tab, setTab] = useState<OrderTab>('all')
  const [sort, setSort] = useState<OrderSort>('newest')
  const [draft, setDraft] = useState<Filters>(noFilters)
  const [filters, setFilters] = useState<Filters>(noFilters)
  const pages = useCursorPages()
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([])
  const cursor = pages.cursor
  const list = useLoad(
    () => window.pos['orders.list']({ tab, sort, ...filterInput(filters), cursor, limit: pageSize }),
    [tab, sort, filters, cursor, pageSize],
  )
  const page = list.data

  function chooseTab(next: OrderTab) {
    setTab(next)
    pages.restart()
  }

  /** A column head's click: that column's first order, then the other way round. */
  function sortBy(column: 'time' | 'amount') {
    const [first, second]: OrderSort[] = column === 'time' ? ['newest', 'oldest'] : ['amountHigh', 'amountLow']
    setSort(sort === first ? (second as OrderSort) : (first as OrderSort))
    pages.restart()
  }

  function onTabKey(event: KeyboardEvent, index: number) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    if (!step) return
    event.preventDefault()
    const next = (index + step + orderTabs.length) % orderTabs.length
    chooseTab(orderTabs[next] ?? 'all')
    tabRefs.current[next]?.focus()
  }

  function search(event: FormEvent) {
    event.preventDefault()
    setFilters(draft)
    pages.restart()
  }

  function reset() {
    setDraft(noFilters)
    setFilters(noFilters)
    pages.restart()
  }

  const exporting = useAction()
  const [exportNote, setExportNote] = useState<string | null>(null)

  /** The list as filtered now (all pages) as a CSV file, downloaded by the browser. */
  async function exportCsv() {
    setExportNote(null)
    const r = await exporting.run(() => window.pos['orders.exportCsv']({ tab, sort, ...filterInput(filters) }))
    if (!r) return
    if (r.ok) {
      download(r.data.filename, r.data.csv)
      setExportNote(t.exported(r.data.rows))
      return
    }
    const max = r.error.details?.maxRows
    if (typeof max === 'number') exporting.setError(t.exportTooMany(max))
  }

  function changed(order: OrderView) {
    list.setData((p) => p && { ...p, orders: p.orders.map((o) => (o.id === order.id ? order : o)) })
    // The order may have left the tab; read the page again.
    list.reload()
  }

  const field = (name: keyof Filters) => ({
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
  })

  return (
    <div className="orders-page">
      <h1>{t.orders}</h1>
      <div role="tablist" aria-label={t.orderTabs} className="tabs">
        {orderTabs.map((tabName, index) => (
          <button
            key={tabName}
            ref={(el) => {
              tabRefs.current[index] = el
            }}
            type="button"
            role="tab"
            aria-selected={tab === tabName}
            tabIndex={tab === tabName ? 0 : -1}
            className={tab === tabName ? 'tab on' : 'tab'}
            onClick={() => chooseTab(tabName)}
            onKeyDown={(e) => onTabKey(e, index)}
          >
            {tabName === 'all' ? t.allOrders : orderStatusNames[tabName][language]}
          </button>
        ))}
      </div>

      <form className="order-search" onSubmit={search}>
        <label>
          {t.orderSearch}
          <input {...field('orderNo')} placeholder="T1-0042" autoComplete="off" spellCheck={false} />
        </label>
        <label>
          {t.memberPhone}
          <input {...field('memberPhone')} inputMode="tel" autoComplete="off" />
        </label>
        <label>
          {t.dateFrom}
          <input type="date" {...field('from')} />
        </label>
        <label>
          {t.dateTo}
          <input type="date" {...field('to')} />
        </label>
        <div className="search-buttons">
          <button type="submit" className="primary">
            {t.search}
          </button>
          <button type="button" onClick={reset}>
            {t.resetSearch}
          </button>
          <BusyButton
            type="button"
            onClick={() => void exportCsv()}
            disabled={page?.offline != null}
            busy={exporting.busy}
            busyText={t.exporting}
          >
            {t.exportCsv}
          </BusyButton>
        </div>
      </form>
      <Notice text={exportNote} />
      <ErrorMessage error={exporting.error} />

      <OfflineBanner offline={page?.offline ?? null} />
      <LoadStatus load={list} />
      {page && page.orders.length === 0 && <p className="muted empty">{t.noOrders}</p>}
      {page && page.orders.length > 0 && (
        <table className="orders-table" data-testid="orders-table">
          <thead>
            <tr>
              <th>{t.ticketNo}</th>
              <th>{t.orderNo}</th>
              <SortHead label={t.createdAt} column="time" sort={sort} onSort={sortBy} />
              <th>{t.till}</th>
              <th>{t.goods}</th>
              <SortHead label={t.payAmount} column="amount" sort={sort} onSort={sortBy} num />
              <th>{t.status}</th>
              <th>{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {page.orders.map((order) => (
              <OrderRow key={order.id} order={order} offline={page.offline !== null} onChanged={changed} />
            ))}
          </tbody>
        </table>
      )}

      <Pager pages={pages} next={page?.nextCursor} />
    </div>
  )
}

const sortsOf = { time: ['newest', 'oldest'], amount: ['amountHigh', 'amountLow'] } as const

/** A column head that sorts the list: aria-sort says which way it is sorted now. */
function SortHead({
  label,
  column,
  sort,
  onSort,
  num = false,
}: {
  label: string
  column: keyof typeof sortsOf
  sort: OrderSort
  onSort: (column: keyof typeof sortsOf) => void
  num?: boolean
}) {
  const [down, up] = sortsOf[column]
  const state = sort === down ? 'descending' : sort === up ? 'ascending' : 'none'
  return (
    <th aria-sort={state} className={num ? 'num' : undefined}>
      <button type="button" className="sort-head" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true">{state === 'descending' ? ' ▼' : state === 'ascending' ? ' ▲' : ' ↕'}</span>
      </button>
    </th>
  )
}

/** The goods of an order in one short cell: the first line's name, and how many more. */
function goodsSummary(order: OrderView, more: (n: number) => string): string {
  const [first, ...rest] = order.lines
  if (!first) return ''
  return `${first.skuName} ×${first.count}${rest.length > 0 ? ` ${more(rest.length)}` : ''}`
}

function OrderRow({
  order,
  offline,
  onChanged,
}: {
  order: OrderView
  offline: boolean
  onChanged: (o: OrderView) => void
}) {
  const t = useStrings()
  const openOrder = useTill((s) => s.openOrder)
  return (
    <tr className="order-row" data-order-no={order.orderNo}>
      <td className="mono nowrap ticket-cell">{order.ticketNo ?? '—'}</td>
      <td>
        <button
          type="button"
          className="link mono"
          onClick={() => openOrder(order.id)}
          aria-label={`${t.viewDetail} ${order.orderNo}`}
        >
          {order.orderNo}
        </button>
      </td>
      <td className="nowrap">{formatDateTime(order.createdAt)}</td>
      <td className="nowrap">
        {t.till} {order.tillId} · {order.fulfilment === 'delivery' ? t.deliveryShort : t.pickupShort}
      </td>
      <td className="order-goods" title={order.lines.map((l) => `${l.skuName} ×${l.count}`).join('，')}>
        {goodsSummary(order, t.andMoreLines)}
      </td>
      <td className="num">
        <strong>{formatFen(order.payFen)}</strong>
      </td>
      <td>
        <OrderStatusBadge status={order.status} />
      </td>
      <td>
        <OrderActions order={order} offline={offline} onChanged={onChanged} place="list" />
      </td>
    </tr>
  )
}
