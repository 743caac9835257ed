// Daily bill matching against the sandbox's real bill (signed download URL, zip of GBK CSV) on
// both stores: a clean day kept as clean, then every kind of difference listed and kept, and a
// re-run replacing the day's result.
import { describe, expect, it } from 'vitest'
import { chinaTime } from '../../src-main/alipay/china-time'
import type { Actor } from '../../src-main/core/core'
import { writeTransaction } from '../../src-main/db/transaction'
import { readDayMatch } from '../../src-main/payments/bill-matching.repository'
import { matchBillDay } from '../../src-main/payments/bill-matching.service'
import type { Payments } from '../../src-main/payments/payments'
import { insertPayment, insertRefund } from '../../src-main/payments/payments.repository'
import { PayMethod } from '../../src-shared/order-status'
import { addSku, newKey, sell } from '../support/shop'
import { type TestStore, testStores } from '../support/stores'
import { type AlipayRig, paymentRows, paymentsShopHooks } from '../support/payments'

describe.each(testStores)('daily bill matching (%s)', (kind) => {
  let t: TestStore, rig: AlipayRig, payments: Payments, cashier: Actor, admin: Actor
  paymentsShopHooks(kind, (shop) => ({ t, rig, payments, cashier, admin } = shop))
  const today = () => chinaTime(Date.now()).slice(0, 10)

  const newOrder = async (priceFen = 1250) => {
    const sku = await addSku(t.core, { stock: 10, priceFen })
    return sell(t.core, cashier, [[sku, 1]])
  }
  /** An order paid by QR and settled by us. */
  const paidOrder = async () => {
    const order = await newOrder()
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    rig.sandbox.pay(qr.outTradeNo)
    const [payment] = await paymentRows(t.core, order.id)
    await payments.service.check(payment?.id ?? 0)
    expect((await paymentRows(t.core, order.id))[0]?.status).toBe('paid')
    return { order, outTradeNo: qr.outTradeNo }
  }
  const count = async () =>
    Number(
      (
        await t.core.store.db
          .selectFrom('bill_differences')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('bill_date', '=', today())
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('a clean day: every trade and refund matched, kept as clean', async () => {
    const { order } = await paidOrder()
    const refunded = await payments.refunds.refund(admin, {
      orderId: order.id,
      amountFen: 250,
      reason: '',
      restock: false,
      idempotencyKey: newKey(),
    })
    expect(refunded.status).toBe('succeeded')

    const result = await matchBillDay(t.core, rig.gateway, today())
    if (result.kind !== 'matched') throw new Error(result.message)
    expect(result.match).toMatchObject({ billDate: today(), billPayments: 1, billRefunds: 1, clean: true })
    expect(result.match.differences).toEqual([])
    expect(await readDayMatch(t.core.store.db, today())).toEqual(result.match)
  })

  it('lists and keeps every kind of difference: money with no paid order, a paid order with no trade, amounts, refunds on either side only', async () => {
    // The sandbox pays a trade our database never settled.
    const stray = await newOrder()
    const qr = await payments.service.startAlipayQr(cashier, stray.id)
    rig.sandbox.pay(qr.outTradeNo)
    // Our record says one amount, Alipay's trade another.
    const differing = await newOrder(800)
    const differingNo = `${differing.orderNo}_9`
    expect(
      (
        await rig.gateway.precreate({
          outTradeNo: differingNo,
          amountFen: 700,
          subject: '苹果',
          timeoutMinutes: 5,
          operatorId: 'cashier',
        })
      ).kind,
    ).toBe('succeeded')
    rig.sandbox.pay(differingNo)
    const now = t.core.now()
    await writeTransaction(t.core.store, (trx) =>
      insertPayment(
        trx,
        {
          order_id: differing.id,
          method: PayMethod.ALIPAY,
          channel: 'qr',
          out_trade_no: differingNo,
          amount_fen: 800,
          status: 'paid',
          paid_at: now,
        },
        now,
      ),
    )
    // Paid at Alipay by our record, never at Alipay.
    const ghost = await newOrder(300)
    const ghostNo = `${ghost.orderNo}_9`
    await writeTransaction(t.core.store, (trx) =>
      insertPayment(
        trx,
        {
          order_id: ghost.id,
          method: PayMethod.ALIPAY,
          channel: 'qr',
          out_trade_no: ghostNo,
          amount_fen: 300,
          status: 'paid',
          paid_at: now,
        },
        now,
      ),
    )
    // A refund made at Alipay outside the till.
    const { order: refunded, outTradeNo } = await paidOrder()
    const refundNo = `${outTradeNo}_X`
    expect(
      (
        await rig.gateway.refund({
          outTradeNo,
          amountFen: 100,
          outRequestNo: refundNo,
          reason: '',
          operatorId: 'admin',
        })
      ).kind,
    ).toBe('succeeded')

    // A refund we recorded as succeeded that Alipay never made.
    const [refundedPayment] = await paymentRows(t.core, refunded.id)
    const missingNo = `${outTradeNo}_Y`
    await writeTransaction(t.core.store, (trx) =>
      insertRefund(
        trx,
        {
          order_id: refunded.id,
          payment_id: refundedPayment?.id ?? 0,
          out_request_no: missingNo,
          amount_fen: 50,
          reason: '',
          status: 'succeeded',
          request_key: null,
          restock: 0,
        },
        t.core.now(),
      ),
    )

    const result = await matchBillDay(t.core, rig.gateway, today())
    if (result.kind !== 'matched') throw new Error(result.message)
    expect(result.match.clean).toBe(false)
    expect(result.match.differences).toEqual(
      expect.arrayContaining([
        {
          kind: 'money_without_paid_order',
          outTradeNo: qr.outTradeNo,
          outRequestNo: null,
          ourFen: null,
          alipayFen: stray.payFen,
        },
        { kind: 'amount_differs', outTradeNo: differingNo, outRequestNo: null, ourFen: 800, alipayFen: 700 },
        { kind: 'paid_order_without_trade', outTradeNo: ghostNo, outRequestNo: null, ourFen: 300, alipayFen: null },
        { kind: 'refund_without_record', outTradeNo, outRequestNo: refundNo, ourFen: null, alipayFen: 100 },
        { kind: 'refund_not_in_bill', outTradeNo, outRequestNo: missingNo, ourFen: 50, alipayFen: null },
      ]),
    )
    expect(result.match.differences).toHaveLength(5)
    expect(await readDayMatch(t.core.store.db, today())).toEqual(result.match)

    // Re-running the day replaces its result rather than adding to it.
    const again = await matchBillDay(t.core, rig.gateway, today())
    if (again.kind !== 'matched') throw new Error(again.message)
    expect(again.match.differences).toEqual(result.match.differences)
    expect(await count()).toBe(5)
    expect(await readDayMatch(t.core.store.db, today())).toEqual(again.match)
  })

  it('a bill that cannot be fetched is reported, and nothing is kept for the day', async () => {
    rig.sandbox.faults.add({ kind: 'http5xx', method: 'alipay.data.dataservice.bill.downloadurl.query' })
    const result = await matchBillDay(t.core, rig.gateway, '2020-01-02')
    expect(result.kind).toBe('unavailable')
    expect(await readDayMatch(t.core.store.db, '2020-01-02')).toBeUndefined()
  })
})
