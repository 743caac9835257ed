// One till in a worker thread (see tills.ts): a core of its own on the store's SQLite file,
// driven by messages from the test thread. It assembles the core the way openCore does for the
// embedded store, without loading the whole app.
import { parentPort } from 'node:worker_threads'
import { PosError } from '../../src-shared/errors'
import { openCore } from '../../src-main/app'
import { recallSale } from '../../src-main/cart/parked.service'
import type { Config } from '../../src-main/config'
import type { Actor, Core } from '../../src-main/core/core'
import { consoleLogger } from '../../src-main/logger'
import { placeOrder, type PlaceOrderInput } from '../../src-main/orders/checkout.service'
import { cancelOrder, expireUnpaidOrders, noOrderHooks } from '../../src-main/orders/order-lifecycle.service'
import { createPayments, type Payments } from '../../src-main/payments/payments'
import { type CheckoutOptions, sell } from './shop'
import { type CounterPay, payAtCounter, type SentError } from './tills'

interface Message {
  id: number
  op: string
  args: Record<string, unknown> & { now: number }
}

const port = parentPort
if (!port) throw new Error('till-thread.worker.ts runs only as a worker thread')

let core: Core | undefined
let payments: Payments | undefined
let clock = Date.now()

async function open(config: Config): Promise<void> {
  if (config.store.kind !== 'sqlite' || config.redisUrl)
    throw new Error('till threads serve the embedded (SQLite) store only')
  core = await openCore(config, { now: () => clock, log: consoleLogger(process.env.POS_TEST_LOG ?? 'silent') })
}

function opened(): Core {
  if (!core) throw new Error('the till thread has no store open')
  return core
}

async function run(message: Message): Promise<unknown> {
  const a = message.args
  clock = a.now
  const actor = a.actor as Actor
  switch (message.op) {
    case 'open':
      return open(a.config as Config)
    case 'close':
      await payments?.close()
      payments = undefined
      await core?.store.close()
      core = undefined
      return undefined
    case 'sell':
      return sell(opened(), actor, a.lines as [number, number][], a.options as CheckoutOptions | undefined)
    case 'placeOrder':
      return placeOrder(opened(), actor, a.input as PlaceOrderInput)
    case 'expireUnpaidOrders':
      return expireUnpaidOrders(opened(), noOrderHooks, actor)
    case 'cancelOrder':
      return cancelOrder(opened(), noOrderHooks, actor, a.orderId as number)
    case 'cartLines':
      return [...(await opened().cart.lines(a.tillId as string))]
    case 'clearCart':
      return opened().cart.clear(a.tillId as string)
    case 'recallSale':
      return recallSale(opened(), actor, a.id as number)
    case 'payAtCounter':
      payments ??= createPayments(opened(), null)
      return payAtCounter(payments, actor, a.pay as CounterPay)
    default:
      throw new Error(`unknown till thread call ${message.op}`)
  }
}

function send(error: unknown): SentError {
  if (error instanceof PosError) {
    return {
      posError: true,
      code: error.code,
      message: error.message,
      details: error.details && (JSON.parse(JSON.stringify(error.details)) as Record<string, unknown>),
    }
  }
  const e = error as { name?: string; code?: unknown; errno?: unknown; message?: unknown }
  return {
    posError: false,
    name: e?.name,
    code: typeof e?.code === 'string' ? e.code : undefined,
    errno: typeof e?.errno === 'number' ? e.errno : undefined,
    message: typeof e?.message === 'string' ? e.message : String(error),
  }
}

port.on('message', (message: Message) => {
  run(message).then(
    (value) => port.postMessage({ id: message.id, ok: true, value }),
    (error: unknown) => port.postMessage({ id: message.id, ok: false, error: send(error) }),
  )
})
