// The hot-sku bench's sales, as one till makes them (hot-sku.ts runs them on the bench's event
// loop; till-worker.ts runs one till's share in a worker thread of its own).
import { PayMethod } from '../../src-shared/order-status'
import { setCartCount } from '../cart/cart.service'
import type { StockStrategy } from '../config'
import type { Actor, Core } from '../core/core'
import { getQuote, placeOrder } from '../orders/checkout.service'
import { openShift } from '../shifts/shifts.service'
import { type Outcome, timed } from './race'
import { withStrategy } from './setup'
import type { Till } from './tills'

export interface Lane {
  core: Core
  actor: Actor
  fingerprint: string
  /** What one sale puts in the cart: 1 piece, or the grams weighed. */
  quantity: number
}

/** A customer of the place phase: a basket of its own, filled and quoted before the clock starts. */
export interface Basket {
  /** The till's core that filled and quoted it: it knows the till's ticket count and quoted rows. */
  core: Core
  actor: Actor
  fingerprint: string
}

/** The warm-up's sale: the line into the cart, then submit at the quoted price. */
export async function placeOne(
  lane: Lane,
  skuId: number,
  idempotencyKey: string,
): Promise<{ ms: number; outcome: Outcome }> {
  await lane.core.cart.set(lane.actor.tillId, skuId, lane.quantity)
  return timed(() => placeAt(lane, lane.actor, lane.fingerprint, skuId, idempotencyKey))
}

/**
 * What a cashier does for each customer, all of it timed: the line into the basket through the
 * cart service (as the scan does), the quote the pay screen shows, then pay at that quote.
 */
export function serveCustomer(
  lane: Lane,
  skuId: number,
  idempotencyKey: string,
): Promise<{ ms: number; outcome: Outcome }> {
  return timed(async () => {
    await setCartCount(lane.core, lane.actor, skuId, lane.quantity)
    const quote = await getQuote(lane.core, lane.actor, { skuIds: [skuId], fulfilment: 'pickup' })
    await placeAt(lane, lane.actor, quote.fingerprint, skuId, idempotencyKey)
  })
}

/** The place phase's attempt: this customer's basket, filled and quoted before the clock, paid for now. */
export function placeBasket(
  lane: Lane,
  basket: Basket,
  skuId: number,
  idempotencyKey: string,
): Promise<{ ms: number; outcome: Outcome }> {
  return timed(() => placeAt({ ...lane, core: basket.core }, basket.actor, basket.fingerprint, skuId, idempotencyKey))
}

function placeAt(lane: Lane, actor: Actor, fingerprint: string, skuId: number, idempotencyKey: string) {
  return placeOrder(lane.core, actor, {
    skuIds: [skuId],
    fulfilment: 'pickup',
    payMethod: PayMethod.CASH,
    fingerprint,
    idempotencyKey,
  })
}

/**
 * One basket per attempt, each on a till id of its own (Pa1…Pan, as many customers at many
 * counters, each with its shift open), filled with the line and quoted — every lane fills its
 * share at once, untimed.
 * `indexes`: the attempts to fill for; the basket of attempt i is at baskets[i].
 */
export async function fillBaskets(
  lanes: readonly Lane[],
  skuId: number,
  indexes: readonly number[],
): Promise<Basket[]> {
  const baskets: Basket[] = []
  let next = 0
  await Promise.all(
    lanes.map(async (lane) => {
      while (next < indexes.length) {
        const index = indexes[next++] as number
        // Pa1…, Pp1…, Po1…: a strategy's customers are not the previous strategy's.
        const actor = { ...lane.actor, tillId: `P${lane.core.config.stockStrategy.charAt(0)}${index + 1}` }
        // Every counter sells within its shift, as the bench's own tills do, and has sold today
        // already: it knows its ticket count (read once per till and day, ticket-numbers.ts).
        await openShift(lane.core, actor, { floatFen: 0 })
        const { tickets, store, now } = lane.core
        tickets.giveBack(actor.tillId, await tickets.draw(store.db, actor.tillId, now()))
        await lane.core.cart.set(actor.tillId, skuId, lane.quantity)
        const quote = await getQuote(lane.core, actor, { skuIds: [skuId], fulfilment: 'pickup' })
        baskets[index] = { core: lane.core, actor, fingerprint: quote.fingerprint }
      }
    }),
  )
  return baskets
}
/** The price never changes during a race, so each till's quote (and its fingerprint) holds throughout. */
export async function quoteLanes(
  tills: readonly Till[],
  strategy: StockStrategy,
  skuId: number,
  grams: number,
): Promise<Lane[]> {
  const quantity = Math.max(grams, 1)
  return Promise.all(tills.map((till) => quoteLane(withStrategy(till.core, strategy), till.actor, skuId, quantity)))
}

/** One till's lane: the line in its basket and the quote it will pay at. */
export async function quoteLane(core: Core, actor: Actor, skuId: number, quantity: number): Promise<Lane> {
  await core.cart.set(actor.tillId, skuId, quantity)
  const quote = await getQuote(core, actor, { skuIds: [skuId], fulfilment: 'pickup' })
  return { core, actor, fingerprint: quote.fingerprint, quantity }
}
