// One hot-sku till in a worker thread of its own (`--tills-as workers`), as a separate till PC
// would be: its own event loop, its own connections. It opens its core, warms up, quotes its
// lane (and in the place phase fills its customers' baskets), says it is ready, and on "go" makes
// its share of the attempts — attempt i, i + tills, i + 2 × tills… — and sends back its tally.
import { parentPort, workerData } from 'node:worker_threads'
import { closeCore, openCore } from '../app'
import type { Config } from '../config'
import type { Actor } from '../core/core'
import { consoleLogger } from '../logger'
import type { HotSkuPhase } from './hot-sku'
import { fillBaskets, placeBasket, placeOne, quoteLane, serveCustomer } from './hot-sku-sales'
import { type RaceTally, tallyOutcome } from './race'
import { TILL_POOL_SIZE } from './setup'

export interface TillWork {
  config: Config
  actor: Actor
  skuId: number
  warmUpSkuId: number
  warmUps: number
  quantity: number
  phase: HotSkuPhase
  /** The attempts this till makes, by their number in the race. */
  indexes: number[]
  keyPrefix: string
}

export type FromTill =
  | { kind: 'ready' }
  | { kind: 'done'; tally: RaceTally; lastPlacedAt: number | null }
  | { kind: 'failed'; message: string }
  | { kind: 'closed' }

const port = parentPort
if (!port) throw new Error('till-worker.ts runs only as a worker thread')
const work = workerData as TillWork
const send = (message: FromTill) => port.postMessage(message)
/** Comparable across threads: epoch ms with sub-millisecond precision. */
const now = () => performance.timeOrigin + performance.now()

async function main(): Promise<void> {
  const core = await openCore(work.config, { log: consoleLogger('warn'), poolSize: TILL_POOL_SIZE })
  try {
    const warm = await quoteLane(core, work.actor, work.warmUpSkuId, work.quantity)
    for (let i = 0; i < work.warmUps; i++) await placeOne(warm, work.warmUpSkuId, `${work.keyPrefix}_warm_${i}`)
    const lane = await quoteLane(core, work.actor, work.skuId, work.quantity)
    const baskets = work.phase === 'place' ? await fillBaskets([lane], work.skuId, work.indexes) : []
    const go = new Promise<void>((resolve) => port?.once('message', () => resolve()))
    send({ kind: 'ready' })
    await go
    const tally: RaceTally = { latencies: [], placed: 0, refusals: {}, deadlocks: 0, firstDriverError: undefined }
    let lastPlacedAt: number | null = null
    for (const index of work.indexes) {
      const key = `${work.keyPrefix}_${index}`
      const basket = baskets[index]
      const { ms, outcome } = basket
        ? await placeBasket(lane, basket, work.skuId, key)
        : await serveCustomer(lane, work.skuId, key)
      if (tallyOutcome(tally, ms, outcome)) lastPlacedAt = now()
    }
    send({ kind: 'done', tally, lastPlacedAt })
  } finally {
    await closeCore(core)
  }
  send({ kind: 'closed' })
}

main().catch((error: unknown) =>
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
)
