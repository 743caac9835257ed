// SQL of daily bill matching: our Alipay payments and refunds as the bill is matched against
// them, and the kept result of a day (bill_matches, bill_differences).
import type { Kysely } from 'kysely'
import type { BillMatchView } from '../../src-shared/contract'
import { PayMethod } from '../../src-shared/order-status'
import type { Database } from '../db/schema'
import type { Trx } from '../db/transaction'

export interface OurPayment {
  id: number
  out_trade_no: string
  amount_fen: number
  status: string
}

export interface OurRefund {
  out_request_no: string
  out_trade_no: string
  amount_fen: number
}

/** Our Alipay attempts with these out_trade_nos, whatever their status. */
export async function alipayPaymentsNamed(db: Kysely<Database>, outTradeNos: string[]): Promise<OurPayment[]> {
  if (outTradeNos.length === 0) return []
  return db
    .selectFrom('payments')
    .select(['id', 'out_trade_no', 'amount_fen', 'status'])
    .where('method', '=', PayMethod.ALIPAY)
    .where('out_trade_no', 'in', outTradeNos)
    .execute()
}

/** Our Alipay attempts marked paid within [fromMs, toMs). */
export async function alipayPaymentsPaidBetween(
  db: Kysely<Database>,
  fromMs: number,
  toMs: number,
): Promise<OurPayment[]> {
  return db
    .selectFrom('payments')
    .select(['id', 'out_trade_no', 'amount_fen', 'status'])
    .where('method', '=', PayMethod.ALIPAY)
    .where('status', '=', 'paid')
    .where('paid_at', '>=', fromMs)
    .where('paid_at', '<', toMs)
    .execute()
}

const succeededRefunds = (db: Kysely<Database>) =>
  db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .select(['refunds.out_request_no', 'payments.out_trade_no', 'refunds.amount_fen'])
    .where('payments.method', '=', PayMethod.ALIPAY)
    .where('refunds.status', '=', 'succeeded')

/** Our succeeded Alipay refunds with these out_request_nos. */
export async function refundsNamed(db: Kysely<Database>, outRequestNos: string[]): Promise<OurRefund[]> {
  if (outRequestNos.length === 0) return []
  return succeededRefunds(db).where('refunds.out_request_no', 'in', outRequestNos).execute()
}

/** Our Alipay refunds that succeeded within [fromMs, toMs). */
export async function refundsSucceededBetween(
  db: Kysely<Database>,
  fromMs: number,
  toMs: number,
): Promise<OurRefund[]> {
  return succeededRefunds(db).where('refunds.updated_at', '>=', fromMs).where('refunds.updated_at', '<', toMs).execute()
}

/** Our succeeded refunds of these attempts, in fen by payment id. */
export async function refundedFenOf(db: Kysely<Database>, paymentIds: number[]): Promise<Map<number, number>> {
  if (paymentIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('refunds')
    .select(['payment_id', 'amount_fen'])
    .where('payment_id', 'in', paymentIds)
    .where('status', '=', 'succeeded')
    .execute()
  const fen = new Map<number, number>()
  for (const row of rows) fen.set(row.payment_id, (fen.get(row.payment_id) ?? 0) + row.amount_fen)
  return fen
}

/** Keeps a day's result, replacing any earlier one of the same day. */
export async function saveDayMatch(trx: Trx, match: BillMatchView): Promise<void> {
  await trx.deleteFrom('bill_differences').where('bill_date', '=', match.billDate).execute()
  await trx.deleteFrom('bill_matches').where('bill_date', '=', match.billDate).execute()
  await trx
    .insertInto('bill_matches')
    .values({
      bill_date: match.billDate,
      matched_at: match.matchedAt,
      bill_payments: match.billPayments,
      bill_refunds: match.billRefunds,
      differences: match.differences.length,
    })
    .execute()
  if (match.differences.length === 0) return
  await trx
    .insertInto('bill_differences')
    .values(
      match.differences.map((difference) => ({
        bill_date: match.billDate,
        kind: difference.kind,
        out_trade_no: difference.outTradeNo,
        out_request_no: difference.outRequestNo,
        our_fen: difference.ourFen,
        alipay_fen: difference.alipayFen,
      })),
    )
    .execute()
}

/** The kept result of a day; undefined when it was never matched. */
export async function readDayMatch(db: Kysely<Database>, billDate: string): Promise<BillMatchView | undefined> {
  const day = await db.selectFrom('bill_matches').selectAll().where('bill_date', '=', billDate).executeTakeFirst()
  if (!day) return undefined
  const differences = await db
    .selectFrom('bill_differences')
    .selectAll()
    .where('bill_date', '=', billDate)
    .orderBy('id')
    .execute()
  return {
    billDate,
    matchedAt: Number(day.matched_at),
    billPayments: day.bill_payments,
    billRefunds: day.bill_refunds,
    clean: day.differences === 0,
    differences: differences.map((row) => ({
      kind: row.kind,
      outTradeNo: row.out_trade_no,
      outRequestNo: row.out_request_no,
      ourFen: row.our_fen,
      alipayFen: row.alipay_fen,
    })),
  }
}
