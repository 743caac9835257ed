// One till as an operating-system process of its own (see parked-process.ts). It parks or
// recalls one sale through the app's service and, at the Redis step named by `stopAt`, says so
// on stdout and waits there for ever, for the test's kill: the step is never sent.
import { openCore } from '../../src-main/app'
import { parkSale, recallSale } from '../../src-main/cart/parked.service'
import type { RedisParkedSales } from '../../src-main/cart/redis-parked.store'
import type { Config } from '../../src-main/config'
import type { Actor } from '../../src-main/core/core'
import { consoleLogger } from '../../src-main/logger'
import type { ParkedJob } from './parked-process'

const job = JSON.parse(process.env.POS_TEST_PARKED_JOB ?? '') as ParkedJob & {
  config: Config
  actor: Actor
  now: number
}
const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`)

const core = await openCore(job.config, {
  now: () => job.now,
  log: consoleLogger(process.env.POS_TEST_LOG ?? 'silent'),
})
const redis = (core.parked as RedisParkedSales).redis
const stop = () => {
  say({ stopped: true })
  return new Promise<never>(() => undefined)
}
if (job.stopAt === 'before-storing') redis.parkedStore = stop
if (job.stopAt === 'before-listing') redis.zadd = stop
if (job.stopAt === 'before-landing') redis.parkedLand = stop

if (job.kind === 'park') await parkSale(core, job.actor, { label: job.label })
else await recallSale(core, job.actor, job.id)
// Never reached while the stop holds: the test kills the process first.
say({ done: true })
