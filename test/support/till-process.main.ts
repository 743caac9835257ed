// One till as an operating-system process of its own (see till-process.ts), so that a test can
// SIGKILL it. It places one order, and when the order has committed and the till is inside the
// transaction that takes the bought lines out of the cart — before the lines are taken, or just
// after (`stopAt`) — it says so on stdout and waits there for ever, for the test's kill.
import { openCore } from '../../src-main/app'
import type { CartStore } from '../../src-main/cart/cart.store'
import type { Config } from '../../src-main/config'
import type { Actor } from '../../src-main/core/core'
import { consoleLogger } from '../../src-main/logger'
import { placeOrder } from '../../src-main/orders/checkout.service'
import type { TillJob } from './till-process'

const job = JSON.parse(process.env.POS_TEST_TILL_JOB ?? '') as TillJob & { config: Config; actor: Actor }
const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`)

const core = await openCore(job.config, { log: consoleLogger(process.env.POS_TEST_LOG ?? 'silent') })
const cart = core.cart
const stopping: CartStore = Object.create(cart) as CartStore
stopping.takeBought = async (trx, tillId, orderId, lines) => {
  if (job.stopAt === 'after-taking') await cart.takeBought(trx, tillId, orderId, lines)
  say({ stopped: orderId })
  await new Promise(() => undefined)
}
core.cart = stopping
const order = await placeOrder(core, job.actor, job.input)
// Never reached while the stop holds: the test kills the process first.
say({ placed: order.id })
