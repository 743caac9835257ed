// Daily bill matching (docs/PAYMENTS.md): every payment and refund in one China day's Alipay bill
// is matched to our records, and every Alipay payment and refund we recorded that day to the
// bill. Whatever disagrees is listed and kept (replacing an earlier run of the same day); a day
// with nothing to list is kept as clean. This is the last net for money that moved without us.
import type { BillDifferenceView, BillMatchView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { type BillRow, fetchDailyBill } from '../alipay/client/bill'
import type { AlipayGateway } from '../alipay/client/alipay-gateway'
import type { Core } from '../core/core'
import { writeTransaction } from '../db/transaction'
import {
  alipayPaymentsNamed,
  alipayPaymentsPaidBetween,
  refundedFenOf,
  refundsNamed,
  refundsSucceededBetween,
  saveDayMatch,
} from './bill-matching.repository'

export type DayMatch = { kind: 'matched'; match: BillMatchView } | { kind: 'unavailable'; message: string }

const dayMs = 24 * 3600_000

/** The epoch bounds of a China day `YYYY-MM-DD`. */
function chinaDay(billDate: string): { fromMs: number; toMs: number } {
  const fromMs = Date.parse(`${billDate}T00:00:00+08:00`)
  return { fromMs, toMs: fromMs + dayMs }
}

export async function matchBillDay(
  core: Core,
  gateway: AlipayGateway,
  billDate: string,
  timeoutMs?: number,
): Promise<DayMatch> {
  const bill = await fetchDailyBill(gateway, billDate, timeoutMs)
  if (bill.kind === 'unavailable') return bill
  const differences = await differencesOf(core, billDate, bill.rows)
  const match: BillMatchView = {
    billDate,
    matchedAt: core.now(),
    billPayments: bill.rows.filter((row) => row.kind === 'payment').length,
    billRefunds: bill.rows.filter((row) => row.kind === 'refund').length,
    clean: differences.length === 0,
    differences,
  }
  await writeTransaction(core.store, (trx) => saveDayMatch(trx, match))
  return { kind: 'matched', match }
}

/** matchBillDay for the contract: a bill that cannot be fetched is GATEWAY_UNAVAILABLE (nothing is kept). */
export async function matchDayOrThrow(core: Core, gateway: AlipayGateway, billDate: string): Promise<BillMatchView> {
  const result = await matchBillDay(core, gateway, billDate)
  if (result.kind === 'unavailable')
    throw new PosError('GATEWAY_UNAVAILABLE', `The Alipay bill of ${billDate} could not be fetched; try again later.`, {
      detail: result.message,
    })
  return result.match
}

async function differencesOf(core: Core, billDate: string, rows: BillRow[]): Promise<BillDifferenceView[]> {
  const db = core.store.db
  const { fromMs, toMs } = chinaDay(billDate)
  const billPayments = rows.filter((row) => row.kind === 'payment')
  const billRefunds = rows.filter((row) => row.kind === 'refund')
  const differences: BillDifferenceView[] = []
  const difference = (entry: BillDifferenceView) => differences.push(entry)

  const ours = new Map(
    (
      await alipayPaymentsNamed(
        db,
        billPayments.map((row) => row.outTradeNo),
      )
    ).map((p) => [p.out_trade_no, p]),
  )
  const refunded = await refundedFenOf(
    db,
    [...ours.values()].map((p) => p.id),
  )
  for (const row of billPayments) {
    const payment = ours.get(row.outTradeNo)
    const base = { outTradeNo: row.outTradeNo, outRequestNo: null, alipayFen: row.amountFen }
    if (payment?.status === 'paid') {
      if (payment.amount_fen !== row.amountFen)
        difference({ kind: 'amount_differs', ...base, ourFen: payment.amount_fen })
      continue
    }
    // Money for an attempt we gave up on is settled when we gave it back in full.
    if (payment && (refunded.get(payment.id) ?? 0) >= row.amountFen) continue
    difference({ kind: 'money_without_paid_order', ...base, ourFen: null })
  }
  const inBill = new Set(billPayments.map((row) => row.outTradeNo))
  for (const payment of await alipayPaymentsPaidBetween(db, fromMs, toMs)) {
    if (inBill.has(payment.out_trade_no)) continue
    difference({
      kind: 'paid_order_without_trade',
      outTradeNo: payment.out_trade_no,
      outRequestNo: null,
      ourFen: payment.amount_fen,
      alipayFen: null,
    })
  }

  const billRefundKeys = billRefunds.map((row) => row.outRequestNo ?? row.outTradeNo)
  const ourRefunds = new Map((await refundsNamed(db, billRefundKeys)).map((r) => [r.out_request_no, r]))
  for (const row of billRefunds) {
    const key = row.outRequestNo ?? row.outTradeNo
    const refund = ourRefunds.get(key)
    const base = { outTradeNo: row.outTradeNo, outRequestNo: key, alipayFen: row.amountFen }
    if (!refund) difference({ kind: 'refund_without_record', ...base, ourFen: null })
    else if (refund.amount_fen !== row.amountFen)
      difference({ kind: 'amount_differs', ...base, ourFen: refund.amount_fen })
  }
  const refundsInBill = new Set(billRefundKeys)
  for (const refund of await refundsSucceededBetween(db, fromMs, toMs)) {
    if (refundsInBill.has(refund.out_request_no)) continue
    difference({
      kind: 'refund_not_in_bill',
      outTradeNo: refund.out_trade_no,
      outRequestNo: refund.out_request_no,
      ourFen: refund.amount_fen,
      alipayFen: null,
    })
  }
  return differences
}
