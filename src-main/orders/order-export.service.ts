// CSV export of the filtered order list: the same filters and the same role scope as
// the list, paged through with the list's keyset query so that memory holds one page at a time
// (plus the text). UTF-8 with a BOM and CRLF lines, so that Excel opens the Chinese correctly.
import type { ExportedCsv, OrderView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { quantityText } from '../../src-shared/weight'
import { fenToYuanString } from '../../src-shared/money'
import { orderStatusNames, payMethodNames } from '../../src-shared/order-status'
import type { Actor, Core } from '../core/core'
import { phonesOfMembers } from '../members/members.repository'
import { filteredOrders, type OrderFilters, page } from './order-query.service'
import { countOrdersUpTo } from './orders.repository'

/** More rows than this is refused: narrow the date range. */
export const EXPORT_MAX_ROWS = 50_000
const EXPORT_PAGE_SIZE = 500

export const exportColumns = [
  'order_no',
  'created',
  'till',
  'staff_id',
  'member_phone',
  'fulfilment',
  'pay_method',
  'status',
  'total_count',
  'goods',
  'discount',
  'freight',
  'pay',
  'paid',
  'refunded',
  'lines',
] as const

const fulfilmentNames = { pickup: '到店自提', delivery: '送货上门' } as const

export async function exportOrdersCsv(
  core: Core,
  actor: Actor,
  filters: OrderFilters,
  options: { maxRows?: number; pageSize?: number } = {},
): Promise<ExportedCsv> {
  const maxRows = options.maxRows ?? EXPORT_MAX_ROWS
  const filename = `orders-${stamp(core.now())}.csv`
  const rows: string[] = [csvRow(exportColumns)]
  const query = await filteredOrders(core, actor, filters)
  if (query) {
    const db = core.store.slowDb
    // Counted first (up to one past the cap), so that a too-wide export costs one index scan, not 50,000 rows.
    const count = await countOrdersUpTo(db, query, maxRows + 1)
    if (count > maxRows) {
      throw new PosError('INVALID_INPUT', `More than ${maxRows} orders match: narrow the date range.`, {
        fields: { from: `more than ${maxRows} orders match: narrow the date range` },
        maxRows,
      })
    }
    let cursor: string | undefined
    do {
      const next = await page(db, query, cursor, options.pageSize ?? EXPORT_PAGE_SIZE, filters.sort)
      const phones = await memberPhones(core, next.orders)
      for (const order of next.orders) rows.push(csvRow(orderCells(order, phones)))
      cursor = next.nextCursor ?? undefined
    } while (cursor && rows.length <= maxRows)
  }
  return { filename, csv: `\uFEFF${rows.join('')}`, rows: rows.length - 1 }
}

function orderCells(order: OrderView, phones: Map<number, string>): string[] {
  return [
    order.orderNo,
    localTime(order.createdAt),
    order.tillId,
    String(order.staffId),
    order.memberId === null ? '' : (phones.get(order.memberId) ?? ''),
    fulfilmentNames[order.fulfilment],
    payMethodNames[order.payMethod].zh,
    orderStatusNames[order.status].zh,
    String(order.totalCount),
    fenToYuanString(order.goodsFen),
    // Every discount of the order, 抹零 included: goods is what the lines came to after it.
    fenToYuanString(order.lines.reduce((sum, l) => sum + l.discountFen, 0)),
    fenToYuanString(order.freightFen),
    fenToYuanString(order.payFen),
    fenToYuanString(order.paidFen),
    fenToYuanString(order.refundedFen),
    order.lines
      .map((line) => {
        const quantity = `${line.skuName}×${quantityText(line.count, line.unitGrams)}`
        return line.discountFen > 0 ? `${quantity} -${fenToYuanString(line.discountFen)}` : quantity
      })
      .join('; '),
  ]
}

async function memberPhones(core: Core, orders: OrderView[]): Promise<Map<number, string>> {
  const ids = [...new Set(orders.map((o) => o.memberId).filter((id): id is number => id !== null))]
  if (ids.length === 0) return new Map()
  return phonesOfMembers(core.store.slowDb, ids)
}

/** One CSV record, CRLF-terminated (RFC 4180). */
export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

/**
 * One cell: a text a spreadsheet would run as a formula (= + - @, or a leading tab / CR) gets a
 * leading apostrophe; a cell with a quote, comma or line break is quoted, quotes doubled.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-11-26 14:05:09" in the till's local time. */
function localTime(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

function stamp(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`
}
