// 订单: status tabs, search by order number, member phone and dates, keyset pages.
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { OrderView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { orderStatusNames, orderTabs, type OrderTab } from '../../src-shared/order-status'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { Notice } from '../components/Notice'
import { LineItem } from '../components/OrderLines'
import { Pager, useCursorPages } from '../components/Pager'
import { formatDateTime, localMidnight } from '../format'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { OfflineBanner } from './OfflineBanner'
import { OrderActions } from './OrderActions'
import { OrderStatusBadge } from './OrderStatusBadge'
import { BusyButton } from '../components/BusyButton'

const PAGE_SIZE = 10

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
  const [draft, setDraft] = useState<Filters>(noFilters)
  const [filters, setFilters] = useState<Filters>(noFilters)
  const pages = useCursorPages()
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([])
  const cursor = pages.cursor
  const list = useLoad(
    () => window.pos['orders.list']({ tab, ...filterInput(filters), cursor, limit: pageSize }),
    [tab, filters, cursor, pageSize],
  )
  const page = list.data

  function chooseTab(next: OrderTab) {
    setTab(next)
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
    const r = await exporting.run(() => window.pos['orders.exportCsv']({ tab, ...filterInput(filters) }))
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
          {t.orderNo}
          <input {...field('orderNo')} autoComplete="off" spellCheck={false} />
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
      <ul className="order-cards">
        {page?.orders.map((order) => (
          <OrderCard key={order.id} order={order} offline={page.offline !== null} onChanged={changed} />
        ))}
      </ul>

      <Pager pages={pages} next={page?.nextCursor} />
    </div>
  )
}

function OrderCard({
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
    <li className="order-card panel" data-order-no={order.orderNo}>
      <div className="order-card-head">
        <button
          type="button"
          className="link mono"
          onClick={() => openOrder(order.id)}
          aria-label={`${t.viewDetail} ${order.orderNo}`}
        >
          {order.orderNo}
        </button>
        <span className="muted small">
          {formatDateTime(order.createdAt)} · {t.till} {order.tillId} ·{' '}
          {order.fulfilment === 'delivery' ? t.delivery : t.pickup}
        </span>
        <OrderStatusBadge status={order.status} />
      </div>
      <ul className="order-card-lines">
        {order.lines.map((line) => (
          <LineItem key={line.id} name={line.skuName} line={line} totalClass="num" />
        ))}
      </ul>
      <div className="order-card-foot">
        <span className="muted small">
          {t.totalCount} {order.totalCount} · {t.goodsTotal} {formatFen(order.goodsFen)} · {t.freight}{' '}
          {formatFen(order.freightFen)}
        </span>
        <strong className="order-pay">
          {t.payAmount} {formatFen(order.payFen)}
        </strong>
        <div className="order-card-actions">
          <OrderActions order={order} offline={offline} onChanged={onChanged} />
          <button type="button" onClick={() => openOrder(order.id)}>
            {t.viewDetail}
          </button>
        </div>
      </div>
    </li>
  )
}
