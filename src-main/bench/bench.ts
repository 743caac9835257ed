// `npm run pos -- bench SCENARIO [--tills N] [--stock S] [--orders N] [--strategy a,b,...] [--json]`
// (docs/BENCHMARKS.md). Reads the options, runs the scenario on a bench shop of its
// own, prints one JSON line per result (and a table unless --json), and fails the command when a
// result shows oversold stock, stock that no longer adds up, or a deadlock reaching a caller.
import { parseArgs } from 'node:util'
import { PosError } from '../../src-shared/errors'
import { type Config, type StockStrategy, stockStrategies } from '../config'
import { runHistory } from './history'
import { type HotSkuPhase, hotSkuPhases, runHotSku } from './hot-sku'
import { runMixed } from './mixed'
import { type TillsAs, tillsAsChoices } from './worker-tills'
import { type Columns, failures, jsonLines, type ResultLine, table } from './report'

export const scenarios = ['hot-sku', 'mixed', 'history'] as const
export type Scenario = (typeof scenarios)[number]

export interface BenchOptions {
  scenario: Scenario
  tills: number
  stock: number
  orders: number
  strategies: StockStrategy[]
  json: boolean
  /** history: timed runs per query. */
  runs: number
  /** hot-sku: grams weighed per sale of a SKU sold by weight; 0 sells one piece per sale. */
  grams: number
  /** hot-sku: time the whole cashier flow, or placeOrder alone on baskets filled beforehand. */
  phase: HotSkuPhase
  /** hot-sku: write a CPU profile of each strategy's race (into the data folder). */
  profile: boolean
  /** hot-sku: the tills on one event loop, or each in a worker thread (shared mode). */
  tillsAs: TillsAs
  /** mixed: every SKU by the piece and no discount. */
  plain: boolean
}

const usage =
  'usage: pos bench hot-sku|mixed|history [--tills N] [--stock S] [--orders N] [--strategy a,b,...] [--runs N] [--grams G] [--phase flow|place] [--profile] [--tills-as loop|workers] [--plain] [--json]'

/** Defaults per scenario (docs/BENCHMARKS.md): a 2-core machine finishes each in seconds (history: minutes). */
const defaults: Record<Scenario, { tills: number; stock: number; orders: (stock: number) => number }> = {
  // 2 × stock attempts: the SKU sells out halfway, so both the race and the refusals are measured.
  'hot-sku': { tills: 16, stock: 2000, orders: (stock) => 2 * stock },
  // stock per SKU; the best sellers run out, the long tail does not.
  mixed: { tills: 32, stock: 200, orders: () => 4000 },
  history: { tills: 8, stock: 0, orders: () => 1_000_000 },
}

export function parseBenchArgs(args: string[]): BenchOptions {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        tills: { type: 'string' },
        stock: { type: 'string' },
        orders: { type: 'string' },
        strategy: { type: 'string' },
        runs: { type: 'string' },
        grams: { type: 'string' },
        phase: { type: 'string' },
        profile: { type: 'boolean' },
        'tills-as': { type: 'string' },
        plain: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    })
  } catch (error) {
    throw new PosError('INVALID_INPUT', `${(error as Error).message}\n${usage}`)
  }
  const { values, positionals } = parsed
  const scenario = positionals[0] as Scenario | undefined
  if (!scenario || !(scenarios as readonly string[]).includes(scenario) || positionals.length > 1) {
    throw new PosError('INVALID_INPUT', usage)
  }
  const d = defaults[scenario]
  const stock = whole('--stock', values.stock, d.stock, 1, 10_000_000)
  return {
    scenario,
    tills: whole('--tills', values.tills, d.tills, 1, 64),
    stock,
    orders: whole('--orders', values.orders, d.orders(stock), 1, 100_000_000),
    strategies: parseStrategies(values.strategy),
    json: values.json === true,
    runs: whole('--runs', values.runs, 200, 1, 100_000),
    grams: values.grams === undefined ? 0 : whole('--grams', values.grams, 0, 1, 999_999),
    phase: parsePhase(values.phase),
    profile: values.profile === true,
    tillsAs: parseTillsAs(values['tills-as'], values.profile === true),
    plain: values.plain === true,
  }
}

function whole(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new PosError('INVALID_INPUT', `${flag}: a whole number from ${min} to ${max}, got "${value}"`)
  return n
}

function parseTillsAs(value: string | undefined, profile: boolean): TillsAs {
  if (value === undefined) return 'loop'
  if (!(tillsAsChoices as readonly string[]).includes(value))
    throw new PosError('INVALID_INPUT', `--tills-as: one of ${tillsAsChoices.join(', ')}, got "${value}"`)
  // The profiler sees the thread it runs in; tills in other threads would leave it empty.
  if (value === 'workers' && profile)
    throw new PosError('INVALID_INPUT', '--profile profiles one event loop: use it with --tills-as loop')
  return value as TillsAs
}

function parsePhase(value: string | undefined): HotSkuPhase {
  if (value === undefined) return 'flow'
  if (!(hotSkuPhases as readonly string[]).includes(value))
    throw new PosError('INVALID_INPUT', `--phase: one of ${hotSkuPhases.join(', ')}, got "${value}"`)
  return value as HotSkuPhase
}

function parseStrategies(value: string | undefined): StockStrategy[] {
  if (value === undefined) return [...stockStrategies]
  const list = [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]
  const unknown = list.filter((s) => !(stockStrategies as readonly string[]).includes(s))
  if (list.length === 0 || unknown.length > 0) {
    throw new PosError(
      'INVALID_INPUT',
      `--strategy: a comma-separated list of ${stockStrategies.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
    )
  }
  return list as StockStrategy[]
}

const raceColumns: Columns = [
  ['strategy', 'strategy'],
  ['placed', 'placed'],
  ['refused', 'refused'],
  ['orders/s', 'throughput'],
  ['attempts/s', 'attempts_per_s'],
  ['p50 ms', 'p50_ms'],
  ['p99 ms', 'p99_ms'],
  ['oversold', 'oversold'],
  ['adds up', 'conserved'],
]
const columns: Record<Scenario, Columns> = {
  'hot-sku': [
    ...raceColumns,
    ['spurious', 'spurious_refusals'],
    ['cpu ms/order', 'client_cpu_ms_per_order'],
    ['× pessimistic', 'ratio_to_pessimistic'],
  ],
  mixed: [
    ...raceColumns,
    ['deadlocks', 'deadlocks_surfaced'],
    ['other errors', 'errors_surfaced'],
    ['× pessimistic', 'ratio_to_pessimistic'],
  ],
  history: [
    ['query', 'query'],
    ['as', 'role'],
    ['tab', 'tab'],
    ['runs', 'runs'],
    ['p50 ms', 'p50_ms'],
    ['p99 ms', 'p99_ms'],
    ['max ms', 'max_ms'],
    ['rows', 'rows'],
  ],
}

export async function runBench(args: string[], config: () => Config): Promise<number> {
  const options = parseBenchArgs(args)
  const cfg = config()
  if (options.tillsAs === 'workers' && cfg.store.kind !== 'mysql')
    throw new PosError(
      'INVALID_INPUT',
      '--tills-as workers needs the shared store (POS_DB=mysql://…): the embedded store is one till',
    )
  const note = (line: string) => {
    if (!options.json) process.stderr.write(`${line}\n`)
  }
  // Ctrl-C stops the tills at their next attempt and still drops the bench database; a second
  // Ctrl-C gives up on the clean-up.
  const stop = new AbortController()
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130)
    process.stderr.write('bench: stopping; dropping the bench database…\n')
    stop.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const run: Promise<ResultLine[]> =
      options.scenario === 'hot-sku'
        ? runHotSku(cfg, { ...options, profileDir: options.profile ? cfg.dataDir : null }, stop.signal, note)
        : options.scenario === 'mixed'
          ? runMixed(cfg, options, stop.signal, note)
          : runHistory(cfg, options, stop.signal, note)
    // An interrupted run has already cleaned up (each scenario disposes of its shop in `finally`).
    const results = await run.catch((error: unknown) => {
      if (stop.signal.aborted) return null
      throw error
    })
    if (results === null) {
      process.stderr.write('bench: interrupted; the bench database and cart keys were removed\n')
      return 130
    }
    process.stdout.write(jsonLines(results))
    if (!options.json)
      process.stdout.write(
        `\n${table(
          results.filter((r) => !('phase' in r)),
          columns[options.scenario],
        )}`,
      )
    const failed = failures(results)
    for (const line of failed) process.stderr.write(`bench: FAILED ${line}\n`)
    return failed.length > 0 ? 1 : 0
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
