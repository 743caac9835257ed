// Refunds (admin only): full or partial, each with its own out_request_no made from the admin's
// idempotency key, so a retried click is the same refund and never a second one. A refund row is
// written (pending) before the gateway is asked; its answer, or — when the answer was lost —
// alipay.trade.fastpay.refund.query, settles it. The same path returns the money of a payment
// that could not pay its order (paid after the order was cancelled and sold out, or paid twice).
import { createHash } from 'node:crypto'
import type { RefundView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { isPaid, PayMethod } from '../../src-shared/order-status'
import type { AlipayGateway, Refused } from '../alipay/client/alipay-gateway'
import { type Actor, systemActor } from '../core/core'
import type { RefundRow } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { applyAction, findOrderFor } from '../orders/order-lifecycle.service'
import { loadOrderView } from '../orders/order-view'
import { appendOrderEvent, findLinesOfOrders, setRefundedFen } from '../orders/orders.repository'
import { restoreStock } from '../orders/stock'
import { requireAdmin } from '../staff/staff.service'
import type { PaymentContext } from './payment-attempts'
import { lockOrder } from './settle'
import {
  findPayment,
  findRefund,
  findRefundByRequestNo,
  insertRefund,
  markRefundRestocked,
  moveRefundStatus,
  paymentsOfOrder,
  pendingRefunds,
  readRefund,
  refundsInFlightFen,
} from './payments.repository'

export interface RefundInput {
  orderId: number
  amountFen: number
  reason: string
  restock: boolean
  idempotencyKey: string
}

/**
 * What refunds work with: the store and, for Alipay refunds, the gateway; and how long to wait
 * before asking about a refund whose outcome is unknown (Alipay advises about 10 s).
 */
export type RefundContext = Pick<PaymentContext, 'core' | 'gateway'> & { confirmWaitMs?: number }

export async function refund(context: RefundContext, actor: Actor, input: RefundInput): Promise<RefundView> {
  requireAdmin(actor)
  const order = await findOrderFor(context.core, actor, input.orderId)
  const outRequestNo = `${order.order_no}_R${createHash('sha256').update(input.idempotencyKey).digest('hex').slice(0, 12)}`
  const refund = await writeTransaction(context.core.store, async (trx) => {
    const locked = await lockOrder(trx, context.core, order.id)
    const existing = await findRefundByRequestNo(trx, outRequestNo)
    if (existing) {
      if (
        existing.amount_fen !== input.amountFen ||
        existing.order_id !== order.id ||
        existing.restock !== (input.restock ? 1 : 0)
      )
        throw new PosError('IDEMPOTENCY_CONFLICT', 'This refund request was already used for another amount.')
      return existing
    }
    if (!isPaid(locked.status))
      throw new PosError('ILLEGAL_TRANSITION', 'Only a paid order can be refunded.', {
        status: locked.status,
        action: 'refund',
      })
    const payment = (await paymentsOfOrder(trx, order.id)).find(
      (p) => p.status === 'paid' && p.amount_fen === locked.paid_fen,
    )
    if (!payment) throw new PosError('ILLEGAL_TRANSITION', 'The order has no payment to refund.', { action: 'refund' })
    const inFlight = await refundsInFlightFen(trx, order.id)
    const left = locked.paid_fen - locked.refunded_fen - inFlight
    if (input.amountFen > left)
      throw new PosError('INVALID_INPUT', 'That is more than is left to refund.', {
        fields: { amountFen: `at most ${left} fen` },
        refundableFen: left,
      })
    if (input.restock && input.amountFen !== left)
      throw new PosError('INVALID_INPUT', 'Goods go back to stock only with a full refund.', {
        fields: { restock: 'full refunds only' },
      })
    const now = context.core.now()
    const id = await insertRefund(
      trx,
      {
        order_id: order.id,
        payment_id: payment.id,
        out_request_no: outRequestNo,
        amount_fen: input.amountFen,
        reason: input.reason,
        status: 'pending',
        request_key: input.idempotencyKey,
        restock: input.restock ? 1 : 0,
      },
      now,
    )
    await appendOrderEvent(trx, {
      orderId: order.id,
      type: 'refund_started',
      actor: actor.username,
      at: now,
      detail: { refundId: id, outRequestNo, amountFen: input.amountFen, restock: input.restock },
    })
    return readRefund(trx, id)
  })
  let refusal: Refused | undefined
  const ended =
    refund.status === 'pending'
      ? await pushRefund(context, refund, actor, (refused) => (refusal = refused))
      : refund.status
  if (ended === 'failed')
    throw new PosError('PAYMENT_FAILED', refusal?.reason ?? 'Alipay refused the refund.', {
      refundId: refund.id,
      ...(refusal ? { subCode: refusal.subCode, reason: refusal.reason } : {}),
    })
  if (ended === 'pending')
    throw new PosError(
      'GATEWAY_UNAVAILABLE',
      'The refund is not confirmed yet; send it again (it will not be paid twice).',
      { refundId: refund.id },
    )
  return refundView(context, refund.id)
}

/** Returns the money of a payment that could not pay its order (see settle.ts). */
export async function autoRefund(
  context: RefundContext,
  refundId: number,
): Promise<'succeeded' | 'failed' | 'pending'> {
  const refund = await findRefund(context.core.store.db, refundId)
  if (!refund || refund.status !== 'pending') return 'succeeded'
  return pushRefund(context, refund, systemActor(context.core.config.tillId))
}

/** Every refund whose gateway answer was lost: asked about, or sent again (same out_request_no). */
export async function reconcileRefunds(context: RefundContext): Promise<{ succeeded: number; pending: number }> {
  const result = { succeeded: 0, pending: 0 }
  for (const refund of await pendingRefunds(context.core.store.db)) {
    const ended = await pushRefund(context, refund, systemActor(context.core.config.tillId)).catch(
      () => 'pending' as const,
    )
    if (ended === 'succeeded') result.succeeded++
    else if (ended === 'pending') result.pending++
  }
  return result
}

export async function pushRefund(
  context: RefundContext,
  refund: RefundRow,
  actor: Actor,
  /** Told Alipay's refusal, for the admin's message. */
  onRefused: (refused: Refused) => void = () => undefined,
): Promise<'succeeded' | 'failed' | 'pending'> {
  const payment = await findPayment(context.core.store.db, refund.payment_id)
  if (!payment) throw new PosError('INTERNAL', `refund ${refund.id} has no payment`)
  if (payment.method === PayMethod.ALIPAY) {
    if (!context.gateway) return 'pending'
    const found = await askAlipay(context.gateway, payment.out_trade_no, refund, actor, context.confirmWaitMs ?? 0)
    if (found.kind === 'refused') {
      onRefused(found)
      await failRefund(context, refund, actor, {
        code: found.code,
        subCode: found.subCode,
        subMsg: found.subMsg,
        reason: found.reason,
      })
      return 'failed'
    }
    if (found.kind === 'unknown') return 'pending'
  }
  // Cash and card: the money is handed back at the counter.
  await completeRefund(context, refund, actor)
  return 'succeeded'
}

/**
 * Sends the refund (the same out_request_no every time, so Alipay refunds it at most once) and
 * finds out whether it happened. `fund_change` Y means money moved in this call; N does not mean
 * "not refunded" (a resend of a refund done before answers N), so it is confirmed by
 * fastpay.refund.query, where only `refund_status` REFUND_SUCCESS means refunded. An unknown
 * outcome is sent once more, then asked about after `waitMs`; it never fails the refund.
 */
async function askAlipay(
  gateway: AlipayGateway,
  outTradeNo: string,
  refund: RefundRow,
  actor: Actor,
  waitMs: number,
): Promise<{ kind: 'refunded' | 'unknown' } | Refused> {
  const send = () =>
    gateway.refund({
      outTradeNo,
      amountFen: refund.amount_fen,
      outRequestNo: refund.out_request_no,
      reason: refund.reason,
      operatorId: actor.username,
    })
  let answer = await send()
  if (answer.kind === 'unknown') answer = await send()
  if (answer.kind === 'refused') return answer
  if (answer.kind === 'succeeded' && answer.body.fundChange === 'Y') return { kind: 'refunded' }
  if (answer.kind === 'unknown' && waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs))
  const asked = await gateway.refundQuery({ outTradeNo, outRequestNo: refund.out_request_no })
  const refunded = asked.kind === 'succeeded' && asked.body.refundStatus === 'REFUND_SUCCESS'
  return { kind: refunded ? 'refunded' : 'unknown' }
}

async function completeRefund(context: RefundContext, refund: RefundRow, actor: Actor): Promise<void> {
  const restock = refund.restock === 1
  await writeTransaction(context.core.store, async (trx) => {
    const order = await lockOrder(trx, context.core, refund.order_id)
    const now = context.core.now()
    if (!(await moveRefundStatus(trx, refund.id, 'pending', { status: 'succeeded', updated_at: now }))) return
    const detail = { refundId: refund.id, outRequestNo: refund.out_request_no, amountFen: refund.amount_fen }
    if (refund.request_key === null) {
      // Money that never paid the order: the order's figures stay as they are.
      await appendOrderEvent(trx, {
        orderId: order.id,
        type: 'payment_refunded',
        actor: actor.username,
        at: now,
        detail,
      })
      return
    }
    const refundedFen = order.refunded_fen + refund.amount_fen
    await setRefundedFen(trx, order.id, refundedFen, now)
    if (refundedFen === order.paid_fen) {
      await applyAction(trx, context.core, order, 'refundFull', actor, { ...detail, refundedFen, restocked: restock })
      if (restock) {
        const lines = await findLinesOfOrders(trx, [order.id])
        await restoreStock(
          trx,
          lines.map((l) => ({ skuId: l.sku_id, count: l.count })),
        )
        await markRefundRestocked(trx, refund.id)
      }
    } else {
      await appendOrderEvent(trx, {
        orderId: order.id,
        type: 'partially_refunded',
        actor: actor.username,
        at: now,
        detail: { ...detail, refundedFen },
      })
    }
  })
}

async function failRefund(
  context: RefundContext,
  refund: RefundRow,
  actor: Actor,
  detail: Record<string, unknown>,
): Promise<void> {
  await writeTransaction(context.core.store, async (trx) => {
    const now = context.core.now()
    if (await moveRefundStatus(trx, refund.id, 'pending', { status: 'failed', updated_at: now })) {
      await appendOrderEvent(trx, {
        orderId: refund.order_id,
        type: 'refund_failed',
        actor: actor.username,
        at: now,
        detail: { refundId: refund.id, ...detail },
      })
    }
  })
}

async function refundView(context: RefundContext, refundId: number): Promise<RefundView> {
  const row = await readRefund(context.core.store.db, refundId)
  return {
    refundId: row.id,
    orderId: row.order_id,
    outRequestNo: row.out_request_no,
    amountFen: row.amount_fen,
    status: row.status as RefundView['status'],
    restocked: row.restocked === 1,
    order: await loadOrderView(context.core.store.db, row.order_id),
  }
}
