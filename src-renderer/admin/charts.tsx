// Bar charts as inline SVG (the CSP allows no chart library from elsewhere, and none is needed).
// Each bar carries its figures as data-* attributes and a <title> tooltip; the chart as a whole
// has a text summary for screen readers.

export interface Bar {
  key: string
  label: string
  value: number
  /** Shown at the bar's end / in its tooltip. */
  valueText: string
  extra?: Record<string, string | number>
}

/** A bar's rectangle: its figures as data-* attributes and its tooltip. */
function BarShape({
  bar,
  testId,
  ...box
}: {
  bar: Bar
  testId: string
  x: number
  y: number
  width: number
  height: number
  rx: number
}) {
  const data = Object.fromEntries(Object.entries(bar.extra ?? {}).map(([k, v]) => [`data-${k}`, v]))
  return (
    <rect {...box} className={bar.value > 0 ? 'bar' : 'bar zero'} data-testid={`${testId}-bar`} {...data}>
      <title>{`${bar.label}: ${bar.valueText}`}</title>
    </rect>
  )
}

/** Upper end of the value axis: 1, 2 or 5 × 10ⁿ above the largest value (at least `min`). */
function niceMax(max: number, min: number): number {
  const top = Math.max(max, min)
  const power = 10 ** Math.floor(Math.log10(top))
  for (const step of [1, 2, 5, 10]) if (step * power >= top) return step * power
  return 10 * power
}

/** Vertical bars over a category axis (e.g. 24 hours); `tick` picks the labelled categories. */
export function ColumnChart({
  bars,
  label,
  axisText,
  tick,
  testId,
}: {
  bars: Bar[]
  label: string
  axisText: (v: number) => string
  tick: (i: number) => boolean
  testId: string
}) {
  const width = 1100
  const height = 240
  const left = 64
  const right = 8
  const top = 12
  const bottom = 28
  const plotW = width - left - right
  const plotH = height - top - bottom
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)), 100)
  const slot = plotW / Math.max(1, bars.length)
  const barW = Math.max(2, slot * 0.68)
  const grid = [0, 0.25, 0.5, 0.75, 1]
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid={testId}>
      {grid.map((g) => {
        const y = top + plotH - g * plotH
        return (
          <g key={g}>
            <line x1={left} x2={width - right} y1={y} y2={y} className={g === 0 ? 'axis' : 'grid'} />
            <text x={left - 6} y={y + 4} textAnchor="end" className="tick">
              {axisText(max * g)}
            </text>
          </g>
        )
      })}
      {bars.map((b, i) => {
        const h = (b.value / max) * plotH
        const x = left + i * slot + (slot - barW) / 2
        return (
          <g key={b.key}>
            <BarShape bar={b} testId={testId} x={x} y={top + plotH - h} width={barW} height={Math.max(h, 0)} rx={2} />
            {tick(i) && (
              <text x={left + i * slot + slot / 2} y={height - 8} textAnchor="middle" className="tick">
                {b.label}
              </text>
            )}
          </g>
        )
      })}
    </svg>
  )
}

/** Horizontal bars, one row per category, the value written after the bar. */
export function BarRows({ bars, label, testId }: { bars: Bar[]; label: string; testId: string }) {
  const rowH = 40
  const width = 560
  const labelW = 96
  const valueW = 150
  const plotW = width - labelW - valueW
  const height = Math.max(1, bars.length) * rowH + 4
  const max = Math.max(1, ...bars.map((b) => b.value))
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid={testId}>
      {bars.map((b, i) => {
        const y = 4 + i * rowH
        const w = (b.value / max) * plotW
        return (
          <g key={b.key}>
            <text x={labelW - 10} y={y + rowH / 2 + 1} textAnchor="end" dominantBaseline="middle" className="row-label">
              {b.label}
            </text>
            <rect x={labelW} y={y + 8} width={plotW} height={rowH - 16} rx={4} className="track" />
            <BarShape bar={b} testId={testId} x={labelW} y={y + 8} width={Math.max(w, 0)} height={rowH - 16} rx={4} />
            <text x={labelW + plotW + 10} y={y + rowH / 2 + 1} dominantBaseline="middle" className="row-value">
              {b.valueText}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
