// Latency figures for the bench reports. Nearest-rank percentiles: the value one of the
// recorded samples actually had, so a p99 over 200 runs is a real run, not an interpolation.

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return 0
  const rank = Math.ceil((p / 100) * sortedMs.length)
  return sortedMs[Math.min(sortedMs.length, Math.max(1, rank)) - 1] as number
}

export interface LatencySummary {
  p50_ms: number
  p99_ms: number
  max_ms: number
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b)
  return {
    p50_ms: round(percentile(sorted, 50)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted.at(-1) ?? 0),
  }
}

/** Three decimals are plenty for milliseconds and keep the JSON lines readable. */
export function round(n: number, places = 3): number {
  const f = 10 ** places
  return Math.round(n * f) / f
}

/** Milliseconds since an earlier `performance.now()`. */
export const since = (startMs: number) => performance.now() - startMs

/** Units per second; 0 when nothing took any time (an empty run). */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? round((count * 1000) / ms, 1) : 0
}

/** Each strategy's throughput as a multiple of the pessimistic one's: null when that did not run or sold nothing. */
export function setRatioToPessimistic(
  results: readonly { strategy: string; throughput: number; ratio_to_pessimistic: number | null }[],
): void {
  const pessimistic = results.find((r) => r.strategy === 'pessimistic')
  for (const r of results) {
    r.ratio_to_pessimistic =
      pessimistic && pessimistic.throughput > 0 ? round(r.throughput / pessimistic.throughput, 2) : null
  }
}
