// Printing results: one JSON line per result is the record (scripts and the docs read those);
// the table is for the person at the terminal.

/** A result as printed: any object of JSON-able fields (the scenarios' own result types). */
export type ResultLine = object
const fields = (r: ResultLine) => r as Record<string, unknown>

export function jsonLines(results: readonly ResultLine[]): string {
  return results.map((r) => JSON.stringify(r)).join('\n') + (results.length ? '\n' : '')
}

/** Columns shown in the table, as [heading, field]. */
export type Columns = readonly (readonly [string, string])[]

export function table(results: readonly ResultLine[], columns: Columns): string {
  const cells = results.map((r) => columns.map(([, field]) => show(fields(r)[field])))
  const widths = columns.map(([heading], i) =>
    Math.max(heading.length, ...cells.map((row) => (row[i] as string).length)),
  )
  const line = (row: readonly string[]) => row.map((c, i) => c.padStart(widths[i] as number)).join('  ')
  return [line(columns.map(([h]) => h)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n'
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '-'
  if (typeof value === 'boolean') return value ? 'yes' : 'NO'
  if (typeof value === 'object') {
    return (
      Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}:${plain(v)}`)
        .join(' ') || '-'
    )
  }
  return plain(value)
}

/** A field as text: numbers and strings as they are, anything else as JSON. */
function plain(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)
}

/** Results that must fail the command: stock oversold or not adding up, deadlocks reaching a caller. */
export function failures(results: readonly ResultLine[]): string[] {
  const out: string[] = []
  for (const result of results) {
    const r = fields(result)
    const who = `${plain(r.scenario)} ${plain(r.strategy ?? r.query ?? '')}`.trim()
    if (typeof r.oversold === 'number' && r.oversold > 0) out.push(`${who}: ${r.oversold} unit(s) oversold`)
    if (r.conserved === false)
      out.push(`${who}: stock + sales no longer equal the initial stock, or sales differ from the order lines`)
    if (typeof r.deadlocks_surfaced === 'number' && r.deadlocks_surfaced > 0) {
      out.push(
        `${who}: ${r.deadlocks_surfaced} deadlock/lock-wait or raw driver error(s) reached the caller${r.first_driver_error ? ` (${plain(r.first_driver_error)})` : ''}`,
      )
    }
  }
  return out
}
