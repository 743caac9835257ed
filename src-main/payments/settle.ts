// "Paid exactly once": a verified paid trade (query, notify, barcode answer, or cash and card at
// the counter) becomes, in ONE transaction, the payment row marked paid, the order's paid_fen
// grown by it, an event — and, when its payments have paid all of pay_fen, the order moved by the
// state machine with paid_at. Every move is guarded by the status it was read in, so a poller, a
// notify and a reconciliation settling the same trade at once change it only once. Money that
// cannot pay the order (it was cancelled and its stock is gone, it was paid already, or it is more
// than the order still owes) is recorded and handed to an automatic refund.
import { sql } from 'kysely'
import { PosError } from '../../src-shared/errors'
import { OrderStatus } from '../../src-shared/order-status'
import type { Actor, Core } from '../core/core'
import type { OrderRow, PaymentRow } from '../db/schema'
import { type Trx, writeTransaction } from '../db/transaction'
import { applyAction } from '../orders/order-lifecycle.service'
import { appendOrderEvent, findLinesOfOrders } from '../orders/orders.repository'
import { takeStock, unitGramsOf } from '../orders/stock'
import { findPayment, lastResponse, movePaymentStatus } from './payments.repository'
import { writeAutomaticRefund } from './part-refunds'
import { shopSettingsIn } from '../settings/settings.service'

/** A trade the gateway (verified) or the counter says is paid. */
export interface PaidTrade {
  /** The amount paid in fen; must equal the payment's amount. */
  totalFen: number | null
  tradeNo: string | null
  source: 'query' | 'notify' | 'pay' | 'cash' | 'card'
  answer?: unknown
}

export type SettleOutcome =
  /** The order is paid in full now (the last part, or all of it). */
  | { kind: 'paid'; afterCancel: boolean }
  /** A part: the order's paid_fen grew and it still waits for the rest. */
  | { kind: 'partPaid'; dueFen: number }
  /** Settled before (by another caller, or an earlier run). */
  | { kind: 'already' }
  | { kind: 'flagged' }
  /** Paid, but the order could not take it: a refund row was written; the caller asks the gateway. */
  | { kind: 'refundNeeded'; refundId: number }

export async function settlePaid(core: Core, paymentId: number, paid: PaidTrade, actor: Actor): Promise<SettleOutcome> {
  return writeTransaction(core.store, async (trx) => {
    const payment = await findPayment(trx, paymentId)
    if (!payment) throw new PosError('INTERNAL', `payment ${paymentId} vanished`)
    return settlePaidIn(trx, core, payment, paid, actor)
  })
}

/** The body of settlePaid, for callers that already hold the transaction (cash and card). */
export async function settlePaidIn(
  trx: Trx,
  core: Core,
  payment: PaymentRow,
  paid: PaidTrade,
  actor: Actor,
): Promise<SettleOutcome> {
  if (payment.status === 'paid' || payment.status === 'flagged') return { kind: 'already' }
  const order = await lockOrder(trx, core, payment.order_id)
  const now = core.now()
  const detail = {
    paymentId: payment.id,
    outTradeNo: payment.out_trade_no,
    method: payment.method,
    amountFen: payment.amount_fen,
    source: paid.source,
    // Late money: the attempt had been given up (failed or closed) when the payment turned up.
    ...(payment.status === 'pending' ? {} : { lateAfter: payment.status }),
  }

  if (paid.totalFen !== payment.amount_fen || payment.amount_fen > order.pay_fen) {
    const moved = await movePaymentStatus(trx, payment.id, payment.status, {
      status: 'flagged',
      trade_no: paid.tradeNo,
      last_response: lastResponse(paid.answer ?? null),
      updated_at: now,
    })
    if (!moved) return { kind: 'already' }
    await appendOrderEvent(trx, {
      orderId: order.id,
      type: 'payment_flagged',
      actor: actor.username,
      at: now,
      detail: { ...detail, paidFen: paid.totalFen, payFen: order.pay_fen },
    })
    core.log.error(
      { ...detail, paidFen: paid.totalFen, payFen: order.pay_fen },
      'paid amount does not match the order: payment flagged, order not paid',
    )
    return { kind: 'flagged' }
  }

  const moved = await movePaymentStatus(trx, payment.id, payment.status, {
    status: 'paid',
    trade_no: paid.tradeNo,
    paid_at: now,
    last_response: paid.answer === undefined ? payment.last_response : lastResponse(paid.answer),
    updated_at: now,
  })
  if (!moved) return { kind: 'already' }

  const dueFen = order.pay_fen - order.paid_fen
  if (order.status === OrderStatus.UNPAID && payment.amount_fen < dueFen) {
    await payPart(trx, order, payment, actor, detail, now)
    return { kind: 'partPaid', dueFen: dueFen - payment.amount_fen }
  }
  if (order.status === OrderStatus.UNPAID && payment.amount_fen === dueFen) {
    await payOrder(trx, core, order, 'pay', payment, actor, detail)
    return { kind: 'paid', afterCancel: false }
  }
  // Only a payment of the whole order reopens it: a cancelled order kept no part of its money.
  const wholeOrder = payment.amount_fen === order.pay_fen
  if (order.status === OrderStatus.CANCELLED && wholeOrder && (await retakeStock(trx, order))) {
    await payOrder(trx, core, order, 'payAfterCancel', payment, actor, detail)
    return { kind: 'paid', afterCancel: true }
  }
  // Cancelled with its stock gone, paid already by other payments, or more than is still owed:
  // the money goes back.
  const reason =
    order.status === OrderStatus.CANCELLED
      ? wholeOrder
        ? 'paid after the order was cancelled; its goods are sold out'
        : 'part of an order paid after it was cancelled'
      : order.status === OrderStatus.UNPAID
        ? 'more than the order still owed; other payments paid it meanwhile'
        : 'the order was paid already'
  const refundId = await writeAutomaticRefund(trx, payment, reason, actor, now, detail)
  return { kind: 'refundNeeded', refundId }
}

async function payOrder(
  trx: Trx,
  core: Core,
  order: OrderRow,
  action: 'pay' | 'payAfterCancel',
  payment: PaymentRow,
  actor: Actor,
  detail: Record<string, unknown>,
): Promise<void> {
  // The order row is locked (or, on SQLite, the whole store is): the guard cannot miss.
  const { askForRatings } = await shopSettingsIn(core, trx)
  if (!(await applyAction(trx, core, order, action, actor, detail, { askForRatings })))
    throw new PosError('INTERNAL', `order ${order.id} moved under its lock`)
  await trx
    .updateTable('order_info')
    // A split order keeps the method of the payment that paid its last part; its payments say
    // which method paid how much.
    .set({ paid_fen: order.pay_fen, paid_at: core.now(), pay_method: payment.method })
    .where('id', '=', order.id)
    .execute()
}

/** A part of an unpaid order: its paid_fen grows, it keeps waiting for the rest (status 1). */
async function payPart(
  trx: Trx,
  order: OrderRow,
  payment: PaymentRow,
  actor: Actor,
  detail: Record<string, unknown>,
  now: number,
): Promise<void> {
  const paidFen = order.paid_fen + payment.amount_fen
  // Guarded by what was read under the lock: a write that finds anything else is a bug.
  const result = await trx
    .updateTable('order_info')
    .set({ paid_fen: paidFen, updated_at: now })
    .where('id', '=', order.id)
    .where('status', '=', OrderStatus.UNPAID)
    .where('paid_fen', '=', order.paid_fen)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new PosError('INTERNAL', `order ${order.id} moved under its lock`)
  await appendOrderEvent(trx, {
    orderId: order.id,
    type: 'paid_in_part',
    actor: actor.username,
    at: now,
    detail: { ...detail, paidFen, dueFen: order.pay_fen - paidFen },
  })
}

/** The order row, locked until commit in MySQL (SQLite's BEGIN IMMEDIATE already holds the store). */
export async function lockOrder(trx: Trx, core: Core, orderId: number): Promise<OrderRow> {
  const query = trx.selectFrom('order_info').selectAll().where('id', '=', orderId)
  const order = await (core.store.kind === 'mysql' ? query.forUpdate() : query).executeTakeFirst()
  if (!order) throw new PosError('ORDER_NOT_FOUND', undefined, { orderId })
  return order
}

/**
 * A cancelled order's goods, taken again at today's prices if every line is still in stock and
 * on sale; nothing is taken otherwise (the savepoint undoes the lines taken before the refusal).
 */
async function retakeStock(trx: Trx, order: OrderRow): Promise<boolean> {
  const lines = await findLinesOfOrders(trx, [order.id])
  const skus = await trx
    .selectFrom('goods_sku')
    .select(['id', 'price_fen', 'sale_mode', 'unit_grams'])
    .where(
      'id',
      'in',
      lines.map((l) => l.sku_id),
    )
    .execute()
  const terms = new Map(skus.map((s) => [s.id, { priceFen: s.price_fen, unitGrams: unitGramsOf(s) }]))
  await sql`savepoint retake_stock`.execute(trx)
  try {
    // `atomic` whatever the till's strategy: one conditional statement per line is right under any concurrency.
    await takeStock(
      trx,
      'atomic',
      lines.map((l) => ({
        skuId: l.sku_id,
        count: l.count,
        ...(terms.get(l.sku_id) ?? { priceFen: -1, unitGrams: null }),
      })),
    )
    await sql`release savepoint retake_stock`.execute(trx)
    return true
  } catch (error) {
    if (!(error instanceof PosError)) throw error
    await sql`rollback to savepoint retake_stock`.execute(trx)
    return false
  }
}

/** A pending attempt that can no longer be paid (closed, cancelled, refused): it ends, the order stays as it is. */
export async function settleUnpaid(
  core: Core,
  payment: PaymentRow,
  status: 'failed' | 'closed',
  actor: Actor,
  detail: Record<string, unknown>,
): Promise<boolean> {
  return writeTransaction(core.store, async (trx) => {
    const now = core.now()
    const moved = await movePaymentStatus(trx, payment.id, 'pending', {
      status,
      last_response: lastResponse(detail),
      updated_at: now,
    })
    if (moved) {
      await appendOrderEvent(trx, {
        orderId: payment.order_id,
        type: status === 'failed' ? 'payment_failed' : 'payment_closed',
        actor: actor.username,
        at: now,
        detail: { paymentId: payment.id, outTradeNo: payment.out_trade_no, ...detail },
      })
    }
    return moved
  })
}
