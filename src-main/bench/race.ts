// Tills racing through a fixed number of attempts. The attempts are handed out from one counter,
// so a fast till takes more of them — as the busiest counter in a shop serves more customers —
// and the total is exactly what was asked for.
import { PosError } from '../../src-shared/errors'
import { dbErrorKind } from '../db/errors'
import { perSecond, round, summarize, type LatencySummary } from './stats'

export type Outcome = { placed: true } | { placed: false; refusal: Refusal }

export interface Refusal {
  /** The PosError code, or `DRIVER:<errno|code>` for an error that escaped the order core. */
  code: string
  /** A deadlock or lock-wait timeout that exhausted the retries, or a raw driver error. */
  deadlock: boolean
  /** The message of an error that was not a PosError (the order core let it escape). */
  message?: string
}

/** One attempt by one till; returns how long the timed part took (ms) and how it ended. */
export type Attempt<Lane> = (lane: Lane, index: number) => Promise<{ ms: number; outcome: Outcome }>

export interface RaceResult extends LatencySummary {
  attempts: number
  placed: number
  refused: number
  refusals: Record<string, number>
  deadlocks_surfaced: number
  /** Start to the last attempt's end. */
  wall_s: number
  /** Start to the end of the last attempt that placed an order (the stock ran out by then). */
  sellout_s: number
  attempts_per_s: number
  /** CPU time of the bench process (all tills' client work) in all, and per attempt. */
  client_cpu_ms: number
  client_cpu_ms_per_attempt: number
  /** Cores the bench process kept busy: near 1, the client itself limits the figures. */
  client_cores: number
  /** The first error that was not a PosError, to make a surprising result explainable. */
  first_driver_error?: string
}

/** `lanes`: one per till — whatever a till needs for an attempt (its core, cashier, quote). */
export async function race<Lane>(
  lanes: readonly Lane[],
  attempts: number,
  attempt: Attempt<Lane>,
  signal: AbortSignal,
): Promise<RaceResult> {
  let next = 0
  let lastPlacedMs = 0
  const tally: RaceTally = { latencies: [], placed: 0, refusals: {}, deadlocks: 0, firstDriverError: undefined }
  const start = performance.now()
  const cpuAtStart = process.cpuUsage()

  let failure: { error: unknown } | null = null
  const runTill = async (lane: Lane) => {
    while (next < attempts && !signal.aborted && !failure) {
      const index = next++
      const { ms, outcome } = await attempt(lane, index)
      if (tallyOutcome(tally, ms, outcome)) lastPlacedMs = performance.now() - start
    }
  }
  // An attempt that throws (rather than being refused) is a broken bench, e.g. Redis gone: stop
  // every till and wait for them, so that nothing still runs while the bench database is dropped.
  const stopOnFailure = (error: unknown) => {
    failure ??= { error }
  }
  await Promise.all(lanes.map((lane) => runTill(lane).catch(stopOnFailure)))
  if (failure) throw (failure as { error: unknown }).error
  if (signal.aborted) throw new Error('bench interrupted')
  const cpu = process.cpuUsage(cpuAtStart)
  return raceResult({
    ...tally,
    wallMs: performance.now() - start,
    lastPlacedMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
  })
}

/** What one till (or all of them) counted during a race, to be summed into a RaceResult. */
export interface RaceTally {
  latencies: number[]
  placed: number
  refusals: Record<string, number>
  deadlocks: number
  firstDriverError: string | undefined
}

/** The tallies of a race's tills, the race's wall time, its last placed order and the process's CPU. */
export function raceResult(tally: RaceTally & { wallMs: number; lastPlacedMs: number; cpuMs: number }): RaceResult {
  const { latencies, placed, refusals, deadlocks, firstDriverError, wallMs, lastPlacedMs, cpuMs } = tally
  return {
    attempts: latencies.length,
    placed,
    refused: latencies.length - placed,
    refusals,
    deadlocks_surfaced: deadlocks,
    wall_s: round(wallMs / 1000),
    sellout_s: round(lastPlacedMs / 1000),
    attempts_per_s: perSecond(latencies.length, wallMs),
    client_cpu_ms: round(cpuMs),
    client_cpu_ms_per_attempt: round(cpuMs / Math.max(1, latencies.length)),
    client_cores: wallMs > 0 ? round(cpuMs / wallMs, 2) : 0,
    ...summarize(latencies),
    ...(firstDriverError ? { first_driver_error: firstDriverError } : {}),
  }
}

/** Counts one attempt's outcome into a till's tally; true when it placed an order. */
export function tallyOutcome(tally: RaceTally, ms: number, outcome: Outcome): boolean {
  tally.latencies.push(ms)
  if (outcome.placed) {
    tally.placed++
    return true
  }
  tally.refusals[outcome.refusal.code] = (tally.refusals[outcome.refusal.code] ?? 0) + 1
  if (outcome.refusal.deadlock) tally.deadlocks++
  tally.firstDriverError ??= outcome.refusal.message
  return false
}

/** Runs `work` timed; a thrown error becomes a refusal with its code. */
export async function timed(work: () => Promise<unknown>): Promise<{ ms: number; outcome: Outcome }> {
  const start = performance.now()
  try {
    await work()
    return { ms: performance.now() - start, outcome: { placed: true } }
  } catch (error) {
    return { ms: performance.now() - start, outcome: { placed: false, refusal: refusalOf(error) } }
  }
}

const lockCauses = new Set(['deadlock', 'lock-wait-timeout', 'busy'])

export function refusalOf(error: unknown): Refusal {
  if (error instanceof PosError) {
    // writeTransaction gives up on a deadlock or lock wait after its retries as STOCK_CONTENDED
    // with the cause; the optimistic strategy's own give-up has no cause and is no deadlock.
    const cause = error.details?.cause
    return { code: error.code, deadlock: typeof cause === 'string' && lockCauses.has(cause) }
  }
  const e = error as { errno?: number; code?: string; name?: string; message?: string }
  const kind = dbErrorKind(error)
  const what = e?.errno ?? e?.code ?? kind ?? e?.name ?? 'unknown'
  return { code: `DRIVER:${String(what)}`, deadlock: true, message: `${String(what)}: ${e?.message ?? String(error)}` }
}
