// The submit-order page's two calls: the quote it shows, and placing the order it showed.
import { createHash } from 'node:crypto'
import type { z } from 'zod'
import type { CheckoutQuote, OrderView, quoteInput } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { availablePayMethods } from '../../src-shared/order-status'
import { takeOutOfCart } from '../cart/cart-removals'
import { findSkusByIds } from '../catalog/catalog.repository'
import type { Actor, Core } from '../core/core'
import { couldBeRepeat, dbErrorKind, duplicateKeyName } from '../db/errors'
import { findAddressOfMember, findMemberById } from '../members/members.repository'
import type { Delivery, PlaceOrderInput } from './order-draft'
import { loadOrderView, toOrderView } from './order-view'
import { findLinesOfOrders, findOrderByIdempotencyKey } from './orders.repository'
import { shopSettings } from '../settings/settings.service'
import { checkDiscountApproval } from '../staff/discount-approval'
import { EarlierSaleInCart, refusedWithKeyUnused, writeChecksEarlierSales, writeOrder } from './place-order'
import { ascendingUnique, buildQuote } from './quote'

/** The contract's request with its member phone resolved to the member's id (members.service withMemberId). */
export type QuoteInput = Omit<z.output<typeof quoteInput>, 'memberPhone'> & { memberId?: number }
export type { PlaceOrderInput }

export async function getQuote(core: Core, actor: Actor, input: QuoteInput): Promise<CheckoutQuote> {
  await resolveDelivery(core, input)
  const counts = await core.cart.basket(actor.tillId)
  const skus = await findSkusByIds(core.store.db, ascendingUnique(input.skuIds))
  const quote = buildQuote(input.skuIds, skus, counts, input.fulfilment, await shopSettings(core), input.discounts)
  core.quotedPrices.remember(actor.tillId, skus, core.now())
  return quote
}

/**
 * Places an order in one transaction (docs/ORDERS.md, docs/STOCK.md). Counts come from the cart and prices from the
 * database at commit time; if they no longer make the quote the customer saw, CART_CHANGED.
 * The purchased lines leave the cart only after the commit, exactly once (cart-removals.ts). The
 * same idempotency key returns the same order.
 */
export async function placeOrder(core: Core, actor: Actor, input: PlaceOrderInput): Promise<OrderView> {
  if (!availablePayMethods.has(input.payMethod)) {
    throw new PosError('PAY_METHOD_UNAVAILABLE', undefined, { payMethod: input.payMethod })
  }
  const requestHash = hashRequest(actor, input)
  try {
    return await placeNewOrder(core, actor, input, requestHash)
  } catch (error) {
    // A repeated submit lands here: its lines have left the cart (CART_EMPTY, CART_CHANGED) or
    // its key is taken (duplicate key, after waiting for the first submit's commit). Looking the
    // key up only now keeps that round trip off every first submit.
    if (!couldBeRepeat(error, 'idempotency_key') || refusedWithKeyUnused(error)) throw error
    const earlier = await findOrderByIdempotencyKey(core.store.db, input.idempotencyKey)
    if (earlier) return replay(core, earlier.id, earlier.request_hash, requestHash)
    throw error
  }
}

/**
 * `checkedByWrite`: the write refuses to go ahead while an earlier sale's lines are still in the
 * cart (place-order.ts writeChecksEarlierSales), so the basket is read as it is; if the write
 * finds such lines it takes them out, and the order is placed once more on the cart as it is now.
 */
async function placeNewOrder(
  core: Core,
  actor: Actor,
  input: PlaceOrderInput,
  requestHash: string,
  checkedByWrite = writeChecksEarlierSales(core),
): Promise<OrderView> {
  const delivery = await resolveDelivery(core, input)
  const counts = await core.cart.basket(actor.tillId, checkedByWrite)
  const settings = await shopSettings(core)
  // The slow password check before the transaction: a wrong approval is refused even when the
  // discounts turn out to need none.
  const approval = input.approval ? await checkDiscountApproval(core, input.approval) : null
  for (let numberTries = 1; ; numberTries++) {
    const ticket = await core.tickets.draw(core.store.db, actor.tillId, core.now())
    try {
      const placed = await writeOrder(core, actor, input, {
        counts,
        delivery,
        requestHash,
        settings,
        ticket,
        approval,
      })
      // Before the answer: the till's next scan must not meet this removal still under way (it
      // would take the next customer's line of the same SKU). If it fails, the order stands, its
      // cart_removals row stays, and the next cart read or start finishes it.
      const removal =
        placed.cartRemoval ??
        (await takeOutOfCart(core.store, core.cart, actor.tillId, placed.order.id, placed.lines).then(
          () => ({ ok: true as const }),
          (error: unknown) => ({ ok: false as const, error }),
        ))
      if (!removal.ok)
        core.log.warn(
          { err: removal.error, orderId: placed.order.id },
          'taking the bought lines out of the cart failed',
        )
      return toOrderView(placed.order, placed.lineRows ?? (await findLinesOfOrders(core.store.db, [placed.order.id])))
    } catch (error) {
      const duplicate = dbErrorKind(error) === 'duplicate-key' ? duplicateKeyName(error) : ''
      // Another process of this till wrote this ticket number: count again, draw again.
      if (duplicate.includes('ticket')) core.tickets.forget(actor.tillId)
      else core.tickets.giveBack(actor.tillId, ticket)
      if (error instanceof EarlierSaleInCart) {
        if (checkedByWrite) return placeNewOrder(core, actor, input, requestHash, false)
        // Lines of yet another sale of this till, placed since: the cart is not what was read.
        throw new PosError('CART_CHANGED')
      }
      // Two tills drew the same order number in the same millisecond, or the ticket was taken: draw again.
      if ((duplicate.includes('order_no') || duplicate.includes('ticket')) && numberTries < 3) continue
      throw error
    }
  }
}

async function replay(core: Core, orderId: number, storedHash: string, requestHash: string): Promise<OrderView> {
  if (storedHash !== requestHash) throw new PosError('IDEMPOTENCY_CONFLICT')
  return loadOrderView(core.store.db, orderId)
}

function hashRequest(actor: Actor, input: PlaceOrderInput): string {
  const canonical = JSON.stringify([
    actor.tillId,
    ascendingUnique(input.skuIds),
    input.fulfilment,
    input.memberId ?? null,
    input.addressId ?? null,
    input.payMethod,
    input.fingerprint,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

/** Delivery needs a member and one of that member's addresses; pickup needs neither. */
async function resolveDelivery(core: Core, input: QuoteInput): Promise<Delivery | null> {
  if (input.memberId !== undefined && !(await findMemberById(core.store.db, input.memberId))) {
    throw new PosError('MEMBER_NOT_FOUND', undefined, { memberId: input.memberId })
  }
  if (input.fulfilment === 'pickup') return null
  if (input.memberId === undefined || input.addressId === undefined) {
    const fields: Record<string, string> = {}
    if (input.memberId === undefined) fields.memberPhone = 'a delivery order needs a member'
    if (input.addressId === undefined) fields.addressId = 'a delivery order needs an address'
    throw new PosError('INVALID_INPUT', 'A delivery order needs a member and one of their addresses.', { fields })
  }
  const address = await findAddressOfMember(core.store.db, input.memberId, input.addressId)
  if (!address) throw new PosError('ADDRESS_NOT_FOUND', undefined, { addressId: input.addressId })
  return address
}
