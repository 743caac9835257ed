// A table of records, one row each, described by its columns: the staff, the goods, a SKU's stock
// moves, an order's payments, the best sellers. (The order lines have their own: OrderLines.)
import type { ReactNode } from 'react'

export interface Column<Row> {
  head: string
  /** A figure: head and cells right-aligned. */
  num?: boolean
  /** The cell's own class, fixed or from its row (low stock, a minus). */
  className?: string | ((row: Row) => string | undefined)
  testId?: string
  cell: (row: Row, index: number) => ReactNode
}

type RowAttributes = { className?: string | undefined } & Record<`data-${string}`, string>

function cellClass<Row>(column: Column<Row>, row: Row): string | undefined {
  const own = typeof column.className === 'function' ? column.className(row) : column.className
  return [column.num && 'num', own].filter(Boolean).join(' ') || undefined
}

export function DataTable<Row>({
  rows,
  columns,
  rowKey,
  rowAttributes,
  className = 'lines',
  testId,
}: {
  rows: readonly Row[]
  columns: Column<Row>[]
  rowKey: (row: Row) => string | number
  rowAttributes?: (row: Row) => RowAttributes
  className?: string
  testId?: string
}) {
  return (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.head} className={column.num ? 'num' : undefined}>
              {column.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row)} {...rowAttributes?.(row)}>
            {columns.map((column) => (
              <td key={column.head} className={cellClass(column, row)} data-testid={column.testId}>
                {column.cell(row, index)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
