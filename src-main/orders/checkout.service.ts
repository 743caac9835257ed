// The submit-order page's two calls: the quote it shows, and placing the order it showed.
import { createHash } from 'node:crypto'
import type { z } from 'zod'
import type { CheckoutQuote, OrderView, placeOrderInput, quoteInput } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { availablePayMethods, OrderStatus } from '../../src-shared/order-status'
import { findSkusByIds } from '../catalog/catalog.repository'
import type { Actor, Core } from '../core/core'
import { duplicateKeyName, dbErrorKind } from '../db/errors'
import type { AddressesTable } from '../db/schema'
import { type Trx, writeTransaction } from '../db/transaction'
import { findAddressOfMember, findMemberById } from '../members/members.repository'
import { newOrderNo } from './order-number'
import { loadOrderView } from './order-view'
import { appendOrderEvent, findOrderByIdempotencyKey, insertOrder, insertOrderLines } from './orders.repository'
import { ascendingUnique, buildQuote } from './quote'
import { checkSellable, lockSkus, takeStock } from './stock'

export type QuoteInput = z.output<typeof quoteInput>
export type PlaceOrderInput = z.output<typeof placeOrderInput>

type Delivery = Pick<AddressesTable, 'receiver' | 'phone' | 'address'> & { id: number }

export async function getQuote(core: Core, actor: Actor, input: QuoteInput): Promise<CheckoutQuote> {
  await resolveDelivery(core, input)
  const counts = await core.cart.lines(actor.tillId)
  const skus = await findSkusByIds(core.store.db, ascendingUnique(input.skuIds))
  return buildQuote(input.skuIds, skus, counts, input.fulfilment, core.config)
}

/**
 * Places an order in one transaction (SPEC §4.3). Counts come from the cart and prices from the
 * database at commit time; if they no longer make the quote the customer saw, CART_CHANGED.
 * The purchased lines leave the cart only after the commit.
 */
export async function placeOrder(core: Core, actor: Actor, input: PlaceOrderInput): Promise<OrderView> {
  if (!availablePayMethods.has(input.payMethod)) {
    throw new PosError('PAY_METHOD_UNAVAILABLE', undefined, { payMethod: input.payMethod })
  }
  const requestHash = hashRequest(actor, input)
  const earlier = await findOrderByIdempotencyKey(core.store.db, input.idempotencyKey)
  if (earlier) return replay(core, earlier.id, earlier.request_hash, requestHash)

  const delivery = await resolveDelivery(core, input)
  const counts = await core.cart.lines(actor.tillId)

  for (let numberTries = 1; ; numberTries++) {
    try {
      const placed = await writeTransaction(core.store, (trx) => {
        return placeInTransaction(trx, core, actor, input, { counts, delivery, requestHash })
      })
      await removeFromCartAfterCommit(core, actor.tillId, placed.lines)
      return await loadOrderView(core.store.db, placed.orderId)
    } catch (error) {
      if (dbErrorKind(error) !== 'duplicate-key') throw error
      const key = duplicateKeyName(error)
      if (key.includes('idempotency_key')) {
        // The same submit raced us and won: answer with its order.
        const winner = await findOrderByIdempotencyKey(core.store.db, input.idempotencyKey)
        if (winner) return replay(core, winner.id, winner.request_hash, requestHash)
      }
      if (key.includes('order_no') && numberTries < 3) continue
      throw error
    }
  }
}

interface Prepared {
  counts: ReadonlyMap<number, number>
  delivery: Delivery | null
  requestHash: string
}

async function placeInTransaction(
  trx: Trx,
  core: Core,
  actor: Actor,
  input: PlaceOrderInput,
  prepared: Prepared,
) {
  const strategy = core.config.stockStrategy
  const skuIds = ascendingUnique(input.skuIds)
  // Pessimistic: lock and check first. Otherwise a plain read; the stock is guarded when taken.
  const skus =
    strategy === 'pessimistic' ? await lockSkus(trx, skuIds, core.store.kind === 'mysql') : await findSkusByIds(trx, skuIds)
  const quote = buildQuote(skuIds, skus, prepared.counts, input.fulfilment, core.config)
  if (quote.fingerprint !== input.fingerprint) {
    throw new PosError('CART_CHANGED', undefined, { quote })
  }
  const lines = quote.lines.map((l) => ({ skuId: l.skuId, count: l.count, priceFen: l.priceFen, name: l.name }))
  if (strategy === 'pessimistic') {
    for (const line of lines) checkSellable(skus.find((s) => s.id === line.skuId), line)
  }

  const now = core.now()
  const delivery = prepared.delivery
  const orderId = await insertOrder(trx, {
    order_no: newOrderNo(actor.tillId, now),
    member_id: input.memberId ?? null,
    staff_id: actor.staffId,
    till_id: actor.tillId,
    fulfilment: input.fulfilment,
    address_id: delivery?.id ?? null,
    receiver: delivery?.receiver ?? null,
    receiver_phone: delivery?.phone ?? null,
    address: delivery?.address ?? null,
    pay_method: input.payMethod,
    total_count: quote.totalCount,
    goods_fen: quote.goodsFen,
    freight_fen: quote.freightFen,
    pay_fen: quote.payFen,
    status: OrderStatus.UNPAID,
    idempotency_key: input.idempotencyKey,
    request_hash: prepared.requestHash,
    created_at: now,
    updated_at: now,
    paid_at: null,
    expires_at: now + core.config.unpaidTtlMs,
  })
  await insertOrderLines(trx, orderId, lines)
  await appendOrderEvent(trx, {
    orderId,
    type: 'created',
    actor: actor.username,
    at: now,
    detail: { payFen: quote.payFen, lines: lines.length, strategy },
  })
  // Last, so that a hot SKU's row stays locked for as short a time as possible: from here
  // to COMMIT every other till selling it waits.
  await takeStock(trx, strategy, lines)
  return { orderId, lines }
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
    if (input.memberId === undefined) fields.memberId = 'a delivery order needs a member'
    if (input.addressId === undefined) fields.addressId = 'a delivery order needs an address'
    throw new PosError('INVALID_INPUT', 'A delivery order needs a member and one of their addresses.', { fields })
  }
  const address = await findAddressOfMember(core.store.db, input.memberId, input.addressId)
  if (!address) throw new PosError('ADDRESS_NOT_FOUND', undefined, { addressId: input.addressId })
  return address
}

const CART_RETRY_DELAYS_MS = [200, 1000, 5000, 20000]

/** The order stands whatever happens here; a failed removal is logged and tried again later. */
async function removeFromCartAfterCommit(core: Core, tillId: string, lines: readonly { skuId: number; count: number }[], attempt = 0) {
  try {
    await core.cart.removePurchased(tillId, lines)
  } catch (error) {
    const delay = CART_RETRY_DELAYS_MS[attempt]
    core.log.warn({ err: error, tillId, attempt }, 'removing purchased lines from the cart failed')
    if (delay !== undefined) {
      setTimeout(() => void removeFromCartAfterCommit(core, tillId, lines, attempt + 1), delay).unref()
    }
  }
}
