// SQL of payment attempts and refunds. Status moves are conditional on the status read, like
// moveOrderStatus: of two racing settlers only one changes the row.
import type { Kysely } from 'kysely'
import type { PaymentAttemptView } from '../../src-shared/contract'
import type { Database, PaymentRow, PaymentStatus, RefundRow } from '../db/schema'
import { moveStatus } from '../db/status-move'
import type { Trx } from '../db/transaction'

type NewPayment = Pick<PaymentRow, 'order_id' | 'method' | 'channel' | 'out_trade_no' | 'amount_fen' | 'status'> &
  Partial<Pick<PaymentRow, 'qr_code' | 'deadline_at' | 'tendered_fen' | 'paid_at' | 'request_key' | 'request_hash'>>

export async function insertPayment(trx: Trx, payment: NewPayment, now: number): Promise<number> {
  const result = await trx
    .insertInto('payments')
    .values({
      qr_code: null,
      deadline_at: null,
      tendered_fen: null,
      paid_at: null,
      ...payment,
      created_at: now,
      updated_at: now,
    })
    .executeTakeFirstOrThrow()
  return Number(result.insertId)
}

export async function findPayment(db: Kysely<Database>, paymentId: number): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst()
}

export async function findPaymentByOutTradeNo(
  db: Kysely<Database>,
  outTradeNo: string,
): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('out_trade_no', '=', outTradeNo).executeTakeFirst()
}

export async function paymentsOfOrder(db: Kysely<Database>, orderId: number): Promise<PaymentRow[]> {
  return db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

export async function pendingPayments(db: Kysely<Database>, limit = 500): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('status', '=', 'pending')
    .orderBy('updated_at')
    .limit(limit)
    .execute()
}

/** Alipay attempts that ended unpaid (failed or closed) since `since`: money may still come for them. */
export async function recentlyEndedPayments(db: Kysely<Database>, since: number, limit = 500): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('status', 'in', ['failed', 'closed'])
    .where('updated_at', '>=', since)
    .orderBy('updated_at')
    .limit(limit)
    .execute()
}

/** Moves a payment from `from` to another status; false when someone else moved it first. */
export function movePaymentStatus(
  trx: Trx,
  paymentId: number,
  from: PaymentStatus,
  set: Partial<Pick<PaymentRow, 'status' | 'trade_no' | 'paid_at' | 'last_response'>> & { updated_at: number },
): Promise<boolean> {
  return moveStatus(trx, 'payments', paymentId, from, set)
}

export async function noteGatewayAnswer(
  db: Kysely<Database>,
  paymentId: number,
  answer: unknown,
  now: number,
): Promise<void> {
  await db
    .updateTable('payments')
    .set({ last_response: lastResponse(answer), updated_at: now })
    .where('id', '=', paymentId)
    .execute()
}

/** Alipay's trade exists (the customer scanned the QR code): the pay screen says so. */
export async function noteTradeExists(db: Kysely<Database>, paymentId: number, tradeNo: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ trade_no: tradeNo })
    .where('id', '=', paymentId)
    .where('status', '=', 'pending')
    .where('trade_no', 'is', null)
    .execute()
}

/** Keeps the QR code of a pending attempt, so that the pay screen opened again shows the same one. */
export async function saveQrCode(db: Kysely<Database>, paymentId: number, qrCode: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ qr_code: qrCode })
    .where('id', '=', paymentId)
    .where('status', '=', 'pending')
    .execute()
}

/** The gateway's last answer as stored (the column holds 4000 characters). */
export function lastResponse(answer: unknown): string {
  return JSON.stringify(answer).slice(0, 4000)
}

export async function insertRefund(
  trx: Trx,
  refund: Pick<
    RefundRow,
    'order_id' | 'payment_id' | 'out_request_no' | 'amount_fen' | 'reason' | 'status' | 'request_key' | 'restock'
  > &
    Partial<Pick<RefundRow, 'return_id'>>,
  now: number,
): Promise<number> {
  const result = await trx
    .insertInto('refunds')
    .values({ ...refund, restocked: 0, created_at: now, updated_at: now })
    .executeTakeFirstOrThrow()
  return Number(result.insertId)
}

export async function findRefundByRequestNo(
  db: Kysely<Database>,
  outRequestNo: string,
): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('out_request_no', '=', outRequestNo).executeTakeFirst()
}

export async function findRefund(db: Kysely<Database>, refundId: number): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirst()
}

/** A refund known to exist (just written, or read back for its view). */
export async function readRefund(db: Kysely<Database>, refundId: number): Promise<RefundRow> {
  return db.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirstOrThrow()
}

/** Money of the order's refunds asked for by staff and not settled yet: not refundable again meanwhile. */
export async function refundsInFlightFen(trx: Trx, orderId: number): Promise<number> {
  const rows = await trx
    .selectFrom('refunds')
    .select('amount_fen')
    .where('order_id', '=', orderId)
    .where('status', '=', 'pending')
    .where('request_key', 'is not', null)
    .execute()
  return rows.reduce((sum, r) => sum + r.amount_fen, 0)
}

/** A payment that paid the order, and how much of it can still be given back. */
export interface RefundablePayment {
  payment: PaymentRow
  refundableFen: number
}

/**
 * The payments that paid the order, oldest first, each with its amount less the refunds asked of
 * it that have not failed. A payment handed to an automatic refund (it never paid the order:
 * paid twice, or after the order was cancelled) is not among them.
 */
export async function refundablePayments(trx: Trx, orderId: number): Promise<RefundablePayment[]> {
  const payments = await trx
    .selectFrom('payments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('status', '=', 'paid')
    .orderBy('id')
    .execute()
  const refunds = await trx
    .selectFrom('refunds')
    .select(['payment_id', 'amount_fen', 'request_key'])
    .where('order_id', '=', orderId)
    .where('status', '!=', 'failed')
    .execute()
  const automatic = new Set(refunds.filter((r) => r.request_key === null).map((r) => r.payment_id))
  return payments
    .filter((payment) => !automatic.has(payment.id))
    .map((payment) => ({
      payment,
      refundableFen:
        payment.amount_fen -
        refunds.filter((r) => r.payment_id === payment.id).reduce((sum, r) => sum + Number(r.amount_fen), 0),
    }))
}

/** The refund's goods went back to stock. */
export async function markRefundRestocked(trx: Trx, refundId: number): Promise<void> {
  await trx.updateTable('refunds').set({ restocked: 1 }).where('id', '=', refundId).execute()
}

export async function refundsOfOrder(db: Kysely<Database>, orderId: number): Promise<RefundRow[]> {
  return db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

export async function pendingRefunds(db: Kysely<Database>, limit = 500): Promise<RefundRow[]> {
  return db.selectFrom('refunds').selectAll().where('status', '=', 'pending').orderBy('id').limit(limit).execute()
}

export function moveRefundStatus(
  trx: Trx,
  refundId: number,
  from: string,
  set: { status: string; restocked?: number; updated_at: number },
): Promise<boolean> {
  return moveStatus(trx, 'refunds', refundId, from, set)
}

export function toAttemptView(row: PaymentRow): PaymentAttemptView {
  return {
    paymentId: row.id,
    orderId: row.order_id,
    method: row.method,
    channel: row.channel,
    outTradeNo: row.out_trade_no,
    amountFen: row.amount_fen,
    status: row.status,
    paidAt: row.paid_at,
    customerScanned: row.status === 'pending' && row.trade_no !== null,
  }
}

/** The payment a click with this idempotency key made, if it made one (migration 007). */
export async function findPaymentByRequestKey(db: Kysely<Database>, key: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('request_key', '=', key).executeTakeFirst()
}
