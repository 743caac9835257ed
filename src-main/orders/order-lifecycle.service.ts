// Everything that moves an order after it was placed, except payment: cancel, expiry, shipping,
// receiving, skipping the review. Each move is one transaction guarded by the order's current
// status, so two racing callers (a sweep and a cashier's cancel) act exactly once.
import type { OrderView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { nextStatus, type OrderAction, type ShopRules } from '../../src-shared/order-state'
import { chinaDayStart } from '../alipay/china-time'
import type { Actor, Core } from '../core/core'
import type { OrderRow } from '../db/schema'
import { type Trx, writeTransaction } from '../db/transaction'
import { loadOrderView } from './order-view'
import { requireAdmin } from '../staff/staff.service'
import {
  appendOrderEvent,
  findLinesOfOrders,
  findOrderById,
  moveOrderStatus,
  unpaidOrdersDue,
  unratedCounterSales,
} from './orders.repository'
import { refundPartsOfCancelled } from '../payments/part-refunds'
import { restoreStock } from './stock'

/** An order this actor may act on: cashiers only their own till's; others look like they do not exist. */
export async function findOrderFor(core: Core, actor: Actor, orderId: number): Promise<OrderRow> {
  const order = await findOrderById(core.store.db, orderId)
  if (!order || (actor.role !== 'admin' && order.till_id !== actor.tillId)) {
    throw new PosError('ORDER_NOT_FOUND', undefined, { orderId })
  }
  return order
}

/**
 * Applies `action` if the order is still in the status it was read in. Returns false when
 * another caller moved it first.
 */
export async function applyAction(
  trx: Trx,
  core: Core,
  order: OrderRow,
  action: OrderAction,
  actor: Actor,
  detail: Record<string, unknown> = {},
  rules?: ShopRules,
): Promise<boolean> {
  const to = nextStatus(order, action, rules)
  const now = core.now()
  const moved = await moveOrderStatus(trx, order.id, order.status, { status: to, updated_at: now })
  if (!moved) return false
  await appendOrderEvent(trx, {
    orderId: order.id,
    type: eventType[action],
    actor: actor.username,
    at: now,
    detail: { from: order.status, to, ...detail },
  })
  return true
}

const eventType: Record<OrderAction, string> = {
  pay: 'paid',
  payAfterCancel: 'paid_after_cancel',
  ship: 'shipped',
  receive: 'received',
  review: 'reviewed',
  skipReview: 'review_skipped',
  cancel: 'cancelled',
  expire: 'expired',
  refundFull: 'refunded',
}

/**
 * What the orders tell other features, passed in at composition (app.ts): after an unpaid order
 * was cancelled or expired (after the commit), payments cancel its pending Alipay trade.
 */
export interface OrderHooks {
  unpaidOrderClosed(orderId: number): void
}

/** For callers with no payments to tell (tools, tests of the orders alone). */
export const noOrderHooks: OrderHooks = { unpaidOrderClosed: () => undefined }

/** Cancels an unpaid order (or expires it) and gives its stock back in the same transaction. */
async function cancelUnpaid(
  core: Core,
  hooks: OrderHooks,
  order: OrderRow,
  action: 'cancel' | 'expire',
  actor: Actor,
): Promise<boolean> {
  const moved = await writeTransaction(core.store, async (trx) => {
    if (!(await applyAction(trx, core, order, action, actor))) return false
    // A split tender under way (part of it paid) does not expire: that money paid part of these
    // goods, and the rest may still come. A cashier who cancels it gives each part back, by
    // itself, through its own method (payments/part-refunds.ts). Read after the guarded update,
    // which waited for any payment settling at the same moment (MySQL) or holds the store
    // (SQLite), so it sees what that payment wrote.
    const now = await findOrderById(trx, order.id)
    if ((now?.paid_fen ?? 0) > 0) {
      if (action === 'expire') throw new PartlyPaid()
      await refundPartsOfCancelled(trx, core, order.id, actor)
    }
    const lines = await findLinesOfOrders(trx, [order.id])
    await restoreStock(
      trx,
      lines.map((l) => ({ skuId: l.sku_id, count: l.count })),
    )
    return true
  }).catch((error: unknown) => {
    if (error instanceof PartlyPaid) return false
    throw error
  })
  if (moved) hooks.unpaidOrderClosed(order.id)
  return moved
}

/** The sweep met an order whose part was paid just now: it is left to be paid in full. */
class PartlyPaid extends Error {}

export async function cancelOrder(core: Core, hooks: OrderHooks, actor: Actor, orderId: number): Promise<OrderView> {
  const order = await findOrderFor(core, actor, orderId)
  if (!(await cancelUnpaid(core, hooks, order, 'cancel', actor))) {
    const now = await findOrderById(core.store.db, orderId)
    throw new PosError('ILLEGAL_TRANSITION', 'The order is no longer unpaid.', {
      status: now?.status,
      action: 'cancel',
    })
  }
  return loadOrderView(core.store.db, orderId)
}

/**
 * The expiry sweep: cancels every unpaid order whose time is up and restores its stock.
 * Safe to run from several tills at once; each order is expired by exactly one of them.
 */
export async function expireUnpaidOrders(
  core: Core,
  hooks: OrderHooks,
  actor: Actor,
  batch = 200,
): Promise<{ expired: number }> {
  let expired = 0
  for (;;) {
    const due = await unpaidOrdersDue(core.store.db, core.now(), batch)
    let movedThisRound = 0
    for (const order of due) {
      if (await cancelUnpaid(core, hooks, order, 'expire', actor)) movedThisRound++
    }
    expired += movedThisRound
    if (due.length < batch || movedThisRound === 0) return { expired }
  }
}

/**
 * The day's close for ratings: counter sales paid before today (the shop day, China time) that the
 * customer did not rate are finished, unrated, by the sweep. Delivery orders are left alone: their
 * review follows their receipt, however long that takes.
 */
export async function finishUnratedCounterSales(core: Core, actor: Actor, batch = 200): Promise<{ finished: number }> {
  let finished = 0
  for (;;) {
    const due = await unratedCounterSales(core.store.db, chinaDayStart(core.now()), batch)
    let movedThisRound = 0
    for (const order of due) {
      const moved = await writeTransaction(core.store, (trx) =>
        applyAction(trx, core, order, 'skipReview', actor, { reason: 'not rated by the close of its day' }),
      )
      if (moved) movedThisRound++
    }
    finished += movedThisRound
    if (due.length < batch || movedThisRound === 0) return { finished }
  }
}

async function simpleMove(core: Core, actor: Actor, orderId: number, action: OrderAction): Promise<OrderView> {
  if (action === 'ship') requireAdmin(actor)
  const order = await findOrderFor(core, actor, orderId)
  const moved = await writeTransaction(core.store, (trx) => applyAction(trx, core, order, action, actor))
  if (!moved) throw new PosError('ILLEGAL_TRANSITION', undefined, { action })
  return loadOrderView(core.store.db, orderId)
}

export const shipOrder = (core: Core, actor: Actor, orderId: number) => simpleMove(core, actor, orderId, 'ship')
export const receiveOrder = (core: Core, actor: Actor, orderId: number) => simpleMove(core, actor, orderId, 'receive')
export const skipReview = (core: Core, actor: Actor, orderId: number) => simpleMove(core, actor, orderId, 'skipReview')

/** Runs the sweep every `intervalMs` in the app process; returns a function that stops it. */
export function startExpirySweep(core: Core, hooks: OrderHooks, actor: Actor, intervalMs = 60_000): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    expireUnpaidOrders(core, hooks, actor)
      .then(({ expired }) => expired > 0 && core.log.info({ expired }, 'expired unpaid orders'))
      .then(() => finishUnratedCounterSales(core, actor))
      .then(({ finished }) => finished > 0 && core.log.info({ finished }, 'finished unrated counter sales'))
      .catch((error) => core.log.error({ err: error }, 'expiry sweep failed'))
      .finally(() => {
        running = false
      })
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
