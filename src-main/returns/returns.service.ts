// Returns by line (docs/RETURNS.md). A return from an order takes back chosen lines, pieces or
// grams, and refunds what the customer paid for them — each line's paid amount pro rata, the
// return's total spread over the order's own payments in proportion to what is left of each, in
// whole fen that add up — in ONE transaction with the return, its lines, its refund rows and the
// goods back on the shelf (or a recorded loss). The refunds then go out as every refund does
// (refunds.service.ts): cash and card at once, Alipay through the gateway with its answer found
// out when it is lost. The order row is locked first, so two tills returning the same line cannot
// both take back its last piece. Like every refund, a return needs the till's open shift
// (SHIFT_CLOSED): the cash it gives back comes out of that shift's drawer.
import { createHash } from 'node:crypto'
import type { ReturnableView, ReturnView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { proRataFen, spreadFen } from '../../src-shared/money'
import { isPaid, OrderStatus, PayMethod } from '../../src-shared/order-status'
import { maxLineQuantity, measuredLineFen } from '../../src-shared/weight'
import { findSkusByIds } from '../catalog/catalog.repository'
import type { Actor } from '../core/core'
import { couldBeRepeat } from '../db/errors'
import type { OrderLineRow } from '../db/schema'
import { type Trx, writeTransaction } from '../db/transaction'
import { findOrderFor } from '../orders/order-lifecycle.service'
import { loadOrderView } from '../orders/order-view'
import { appendOrderEvent, findLinesOfOrders } from '../orders/orders.repository'
import { restoreStock, unitGramsOf } from '../orders/stock'
import { insertRefund, readRefund, refundablePayments, refundsInFlightFen } from '../payments/payments.repository'
import { pushRefund, type RefundContext } from '../payments/refunds.service'
import { lockOrder } from '../payments/settle'
import { requireOpenShift } from '../shifts/open-shift'
import { requireAdmin } from '../staff/staff.service'
import {
  findReturnByKey,
  insertReturn,
  linesOfReturns,
  type NewReturnLine,
  readReturn,
  refundsOfReturns,
  returnedOfOrder,
  type ReturnRow,
  returnsOfOrder,
} from './returns.repository'

export interface ReturnFromOrderInput {
  orderId: number
  lines: readonly { lineId: number; count: number; restock: boolean }[]
  reason: string
  idempotencyKey: string
}

export interface ReturnWithoutOrderInput {
  lines: readonly { skuId: number; count: number; restock: boolean }[]
  reason: string
  idempotencyKey: string
}

/** What the customer paid for a line: its amount at the order less its share of the discounts (docs/DISCOUNTS.md). */
export const linePaidFen = (line: OrderLineRow): number => Number(line.net_fen)

export async function returnableOfOrder(
  context: RefundContext,
  actor: Actor,
  orderId: number,
): Promise<ReturnableView> {
  const order = await findOrderFor(context.core, actor, orderId)
  const db = context.core.store.db
  const [lines, returned] = await Promise.all([findLinesOfOrders(db, [order.id]), returnedOfOrder(db, order.id)])
  return {
    order: await loadOrderView(db, order.id),
    lines: lines.map((line) => ({
      lineId: line.id,
      skuId: line.sku_id,
      skuName: line.sku_name,
      soldCount: line.count,
      returnedCount: returned.get(line.id)?.count ?? 0,
      unitGrams: line.unit_grams,
      paidFen: linePaidFen(line),
      refundedFen: returned.get(line.id)?.refundFen ?? 0,
    })),
    returns: await returnViews(context, await returnsOfOrder(db, order.id)),
  }
}

export async function returnFromOrder(
  context: RefundContext,
  actor: Actor,
  input: ReturnFromOrderInput,
): Promise<ReturnView> {
  const { core } = context
  const order = await findOrderFor(core, actor, input.orderId)
  const requestHash = hashRequest(['order', order.id, input.lines, input.reason])
  const returnId = await onceForKey(context, input.idempotencyKey, requestHash, () =>
    writeTransaction(core.store, async (trx) => {
      const locked = await lockOrder(trx, core, order.id)
      const earlier = await findReturnByKey(trx, input.idempotencyKey)
      if (earlier) return sameRequest(earlier, requestHash)
      const shiftId = await requireOpenShift(trx, core.store.kind, actor.tillId)
      // Refunded in full still lets a line be asked for: the answer is then that nothing is left of it.
      if (!isPaid(locked.status) && locked.status !== OrderStatus.REFUNDED)
        throw new PosError('ILLEGAL_TRANSITION', 'Only goods of a paid order can be returned.', {
          status: locked.status,
          action: 'return',
        })
      const taken = await takenBack(trx, order.id, input.lines)
      const refundFen = taken.reduce((sum, line) => sum + line.refund_fen, 0)
      const shares = await sharesOfPayments(trx, locked, refundFen)
      const now = core.now()
      const cashFen = shares.filter((s) => s.method === PayMethod.CASH).reduce((sum, s) => sum + s.amountFen, 0)
      const id = await insertReturn(
        trx,
        {
          order_id: order.id,
          till_id: actor.tillId,
          staff_id: actor.staffId,
          username: actor.username,
          reason: input.reason,
          refund_fen: refundFen,
          cash_fen: cashFen,
          request_key: input.idempotencyKey,
          request_hash: requestHash,
          shift_id: shiftId,
          created_at: now,
        },
        taken,
      )
      for (const share of shares)
        await insertRefund(
          trx,
          {
            order_id: order.id,
            payment_id: share.paymentId,
            // One out_request_no per return and payment: a resend is the same refund at Alipay.
            out_request_no: `${locked.order_no}_X${shortHash(`${input.idempotencyKey}:${share.paymentId}`)}`,
            amount_fen: share.amountFen,
            reason: input.reason || 'return',
            status: 'pending',
            request_key: input.idempotencyKey,
            restock: 0,
            return_id: id,
            shift_id: shiftId,
          },
          now,
        )
      await restoreStock(
        trx,
        taken.filter((line) => line.restock === 1).map((line) => ({ skuId: line.sku_id, count: line.count })),
      )
      await appendOrderEvent(trx, {
        orderId: order.id,
        type: 'goods_returned',
        actor: actor.username,
        at: now,
        detail: {
          returnId: id,
          refundFen,
          cashFen,
          lines: taken.map((l) => ({
            lineId: l.order_line_id,
            count: l.count,
            refundFen: l.refund_fen,
            restock: l.restock === 1,
          })),
        },
      })
      return id
    }),
  )
  await sendRefunds(context, actor, returnId)
  return returnView(context, returnId)
}

export async function returnWithoutOrder(
  context: RefundContext,
  actor: Actor,
  input: ReturnWithoutOrderInput,
): Promise<ReturnView> {
  requireAdmin(actor)
  const { core } = context
  const requestHash = hashRequest(['no-order', input.lines, input.reason])
  const returnId = await onceForKey(context, input.idempotencyKey, requestHash, () =>
    writeTransaction(core.store, async (trx) => {
      const earlier = await findReturnByKey(trx, input.idempotencyKey)
      if (earlier) return sameRequest(earlier, requestHash)
      const shiftId = await requireOpenShift(trx, core.store.kind, actor.tillId)
      const skus = new Map(
        (await findSkusByIds(trx, [...new Set(input.lines.map((l) => l.skuId))])).map((s) => [s.id, s]),
      )
      const lines: NewReturnLine[] = input.lines.map((wanted, index) => {
        const sku = skus.get(wanted.skuId)
        if (!sku) throw new PosError('SKU_NOT_FOUND', undefined, { skuId: wanted.skuId })
        const measure = { saleMode: sku.sale_mode, unitGrams: unitGramsOf(sku) }
        if (wanted.count > maxLineQuantity(measure))
          throw new PosError('INVALID_INPUT', 'More than one line can hold.', {
            fields: { [`lines.${index}.count`]: `at most ${maxLineQuantity(measure)}` },
          })
        return {
          order_line_id: null,
          sku_id: sku.id,
          sku_name: sku.name,
          count: wanted.count,
          // Today's price: there is no order to say what was paid.
          refund_fen: measuredLineFen(sku.price_fen, wanted.count, measure),
          restock: wanted.restock ? 1 : 0,
        }
      })
      const refundFen = lines.reduce((sum, line) => sum + line.refund_fen, 0)
      const id = await insertReturn(
        trx,
        {
          order_id: null,
          till_id: actor.tillId,
          staff_id: actor.staffId,
          username: actor.username,
          reason: input.reason,
          refund_fen: refundFen,
          // Without an order there is no payment to go back through: the money is cash from the drawer.
          cash_fen: refundFen,
          request_key: input.idempotencyKey,
          request_hash: requestHash,
          shift_id: shiftId,
          created_at: core.now(),
        },
        lines,
      )
      await restoreStock(
        trx,
        lines.filter((line) => line.restock === 1).map((line) => ({ skuId: line.sku_id, count: line.count })),
      )
      return id
    }),
  )
  return returnView(context, returnId)
}

/**
 * The lines coming back, each with its refund: the paid amount of what has come back of the line
 * after this return, less what earlier returns refunded — so returning a line in parts refunds
 * exactly what returning it whole would. Refuses more than sold less returned.
 */
async function takenBack(
  trx: Trx,
  orderId: number,
  wanted: ReturnFromOrderInput['lines'],
): Promise<(NewReturnLine & { order_line_id: number })[]> {
  const lines = new Map((await findLinesOfOrders(trx, [orderId])).map((line) => [line.id, line]))
  const returned = await returnedOfOrder(trx, orderId)
  const seen = new Set<number>()
  return wanted.map((want, index) => {
    const line = lines.get(want.lineId)
    if (!line || seen.has(want.lineId))
      throw new PosError('INVALID_INPUT', 'Choose each line of this order at most once.', {
        fields: { [`lines.${index}.lineId`]: line ? 'chosen twice' : 'not a line of this order' },
      })
    seen.add(want.lineId)
    const before = returned.get(line.id) ?? { count: 0, refundFen: 0 }
    const left = line.count - before.count
    if (want.count > left)
      throw new PosError('RETURN_EXCEEDS_SOLD', undefined, {
        lineId: line.id,
        name: line.sku_name,
        left,
        grams: line.unit_grams !== null,
      })
    const paidAfter = proRataFen(linePaidFen(line), before.count + want.count, line.count)
    return {
      order_line_id: line.id,
      sku_id: line.sku_id,
      sku_name: line.sku_name,
      count: want.count,
      refund_fen: Math.max(0, paidAfter - before.refundFen),
      restock: want.restock ? 1 : 0,
    }
  })
}

/**
 * The return's money over the order's payments, in proportion to what is left of each, in fen
 * that add up. More than the order has left to give back (an earlier refund by amount took some)
 * is refused rather than cut short.
 */
async function sharesOfPayments(
  trx: Trx,
  order: { id: number; paid_fen: number; refunded_fen: number },
  refundFen: number,
): Promise<{ paymentId: number; method: number; amountFen: number }[]> {
  if (refundFen === 0) return []
  const payments = await refundablePayments(trx, order.id)
  const left = Math.min(
    order.paid_fen - order.refunded_fen - (await refundsInFlightFen(trx, order.id)),
    payments.reduce((sum, p) => sum + Math.max(0, p.refundableFen), 0),
  )
  if (refundFen > left)
    throw new PosError('INVALID_INPUT', 'That is more than is left to refund on this order.', {
      fields: { lines: `at most ${left} fen can go back` },
      refundableFen: left,
    })
  const amounts = spreadFen(
    refundFen,
    payments.map((p) => Math.max(0, p.refundableFen)),
  )
  return payments
    .map((p, index) => ({ paymentId: p.payment.id, method: p.payment.method, amountFen: amounts[index] ?? 0 }))
    .filter((share) => share.amountFen > 0)
}

/** The return this key made, or the one `write` makes: the key again with the same request answers the first's. */
async function onceForKey(
  context: RefundContext,
  key: string,
  requestHash: string,
  write: () => Promise<number>,
): Promise<number> {
  try {
    return await write()
  } catch (error) {
    // Two calls with one key at once: the loser's insert hits the unique key; it answers the winner's.
    if (!couldBeRepeat(error, 'request_key') || error instanceof PosError) throw error
    const earlier = await findReturnByKey(context.core.store.db, key)
    if (!earlier) throw error
    return sameRequest(earlier, requestHash)
  }
}

function sameRequest(earlier: ReturnRow, requestHash: string): number {
  if (earlier.request_hash !== requestHash)
    throw new PosError('IDEMPOTENCY_CONFLICT', 'This return was already made with other lines.')
  return earlier.id
}

/** Sends the return's refunds that are still pending; an unknown answer leaves them for reconciliation. */
async function sendRefunds(context: RefundContext, actor: Actor, returnId: number): Promise<void> {
  for (const refund of await refundsOfReturns(context.core.store.db, [returnId])) {
    if (refund.status !== 'pending') continue
    await pushRefund(context, await readRefund(context.core.store.db, refund.id), actor).catch((error: unknown) => {
      // The return is recorded and its refund row waits: reconciliation sends it again.
      context.core.log.warn({ err: error, refundId: refund.id }, 'refund of a return not sent; it is sent again later')
    })
  }
}

async function returnView(context: RefundContext, returnId: number): Promise<ReturnView> {
  const [view] = await returnViews(context, [await readReturn(context.core.store.db, returnId)])
  return view as ReturnView
}

async function returnViews(context: RefundContext, rows: readonly ReturnRow[]): Promise<ReturnView[]> {
  const db = context.core.store.db
  const ids = rows.map((r) => r.id)
  const [lines, refunds] = await Promise.all([linesOfReturns(db, ids), refundsOfReturns(db, ids)])
  const units = new Map(
    (await findSkusByIds(db, [...new Set(lines.map((l) => l.sku_id))])).map((s) => [s.id, unitGramsOf(s)]),
  )
  return rows.map((row) => ({
    returnId: row.id,
    orderId: row.order_id,
    refundFen: Number(row.refund_fen),
    cashFen: Number(row.cash_fen),
    reason: row.reason,
    username: row.username,
    createdAt: Number(row.created_at),
    lines: lines
      .filter((l) => l.return_id === row.id)
      .map((l) => ({
        skuId: l.sku_id,
        skuName: l.sku_name,
        count: Number(l.count),
        unitGrams: units.get(l.sku_id) ?? null,
        refundFen: Number(l.refund_fen),
        restock: l.restock === 1,
      })),
    refunds: refunds
      .filter((r) => r.return_id === row.id)
      .map((r) => ({
        refundId: r.id,
        method: r.method,
        amountFen: Number(r.amount_fen),
        status: r.status as ReturnView['refunds'][number]['status'],
      })),
  }))
}

function hashRequest(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex')
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12)
