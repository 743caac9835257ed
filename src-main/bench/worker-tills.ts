// `--tills-as workers`: every till of a hot-sku race in a worker thread of its own (till-worker.ts),
// with its own event loop and connections, as separate till PCs in a shop would be — so that the
// figures are not those of many tills sharing one Node.js event loop. Attempts are shared out in
// turn (till k makes attempts k, k + n, k + 2n…); the threads start together once all are ready,
// and their tallies are summed into the same result a race on one loop gives.
import { Worker } from 'node:worker_threads'
import type { StockStrategy } from '../config'
import type { HotSkuPhase } from './hot-sku'
import { type RaceResult, raceResult, type RaceTally } from './race'
import type { BenchShop } from './setup'
import type { FromTill, TillWork } from './till-worker'
import type { Till } from './tills'

export const tillsAsChoices = ['loop', 'workers'] as const
export type TillsAs = (typeof tillsAsChoices)[number]

export interface WorkerRace {
  strategy: StockStrategy
  skuId: number
  warmUpSkuId: number
  warmUps: number
  quantity: number
  phase: HotSkuPhase
  attempts: number
}

export async function raceInWorkers(
  shop: BenchShop,
  tills: readonly Till[],
  race: WorkerRace,
  signal: AbortSignal,
): Promise<RaceResult> {
  const threads = tills.map((till, k) => {
    const work: TillWork = {
      config: { ...shop.tillConfig(till.actor.tillId), stockStrategy: race.strategy },
      actor: till.actor,
      skuId: race.skuId,
      warmUpSkuId: race.warmUpSkuId,
      warmUps: race.warmUps,
      quantity: race.quantity,
      phase: race.phase,
      indexes: Array.from({ length: Math.ceil((race.attempts - k) / tills.length) }, (_, j) => k + j * tills.length),
      keyPrefix: `hotw_${race.strategy}`,
    }
    return new TillThread(new Worker(new URL('./till-worker.boot.mjs', import.meta.url), { workerData: work }))
  })
  const stop = () => threads.forEach((t) => void t.worker.terminate())
  signal.addEventListener('abort', stop, { once: true })
  try {
    await Promise.all(threads.map((t) => t.next('ready')))
    const start = performance.timeOrigin + performance.now()
    const cpuAtStart = process.cpuUsage()
    const done = threads.map((t) => t.next('done'))
    for (const t of threads) t.worker.postMessage('go')
    const tallies = await Promise.all(done)
    const wallMs = performance.timeOrigin + performance.now() - start
    const cpu = process.cpuUsage(cpuAtStart)
    await Promise.all(threads.map((t) => t.next('closed')))
    const sum: RaceTally = { latencies: [], placed: 0, refusals: {}, deadlocks: 0, firstDriverError: undefined }
    let lastPlacedAt = start
    for (const { tally, lastPlacedAt: at } of tallies) {
      sum.latencies.push(...tally.latencies)
      sum.placed += tally.placed
      sum.deadlocks += tally.deadlocks
      sum.firstDriverError ??= tally.firstDriverError
      for (const [code, n] of Object.entries(tally.refusals)) sum.refusals[code] = (sum.refusals[code] ?? 0) + n
      if (at !== null) lastPlacedAt = Math.max(lastPlacedAt, at)
    }
    if (signal.aborted) throw new Error('bench interrupted')
    // The process's CPU: the worker threads' and this thread's alike.
    return raceResult({ ...sum, wallMs, lastPlacedMs: lastPlacedAt - start, cpuMs: (cpu.user + cpu.system) / 1000 })
  } finally {
    signal.removeEventListener('abort', stop)
    await Promise.all(threads.map((t) => t.worker.terminate()))
  }
}

/** A till thread's messages, waited for one kind at a time; a failure or an exit rejects the wait. */
class TillThread {
  private readonly messages: FromTill[] = []
  private waiting: { kind: FromTill['kind']; resolve: (m: FromTill) => void; reject: (e: Error) => void } | null = null
  private ended: Error | null = null

  constructor(readonly worker: Worker) {
    worker.on('message', (message: FromTill) => {
      this.messages.push(message)
      this.deliver()
    })
    worker.on('error', (error) => this.end(error))
    worker.on('exit', (code) => this.end(new Error(`a till thread stopped (exit code ${code})`)))
  }

  next<K extends FromTill['kind']>(kind: K): Promise<Extract<FromTill, { kind: K }>> {
    return new Promise((resolve, reject) => {
      this.waiting = { kind, resolve: resolve as (m: FromTill) => void, reject }
      this.deliver()
    })
  }

  private deliver(): void {
    const waiting = this.waiting
    if (!waiting) return
    const failed = this.messages.find((m) => m.kind === 'failed')
    if (failed?.kind === 'failed')
      return this.settle((w) => w.reject(new Error(`a till thread failed: ${failed.message}`)))
    const at = this.messages.findIndex((m) => m.kind === waiting.kind)
    if (at >= 0) {
      const [message] = this.messages.splice(at, 1)
      return this.settle((w) => w.resolve(message as FromTill))
    }
    if (this.ended) this.settle((w) => w.reject(this.ended as Error))
  }

  private settle(act: (w: NonNullable<TillThread['waiting']>) => void): void {
    const waiting = this.waiting
    this.waiting = null
    if (waiting) act(waiting)
  }

  private end(error: Error): void {
    this.ended ??= error
    this.deliver()
  }
}
