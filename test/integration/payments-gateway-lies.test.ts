// The gateway answering as Alipay's really can (docs/PAYMENTS.md, "Outcomes"): done but answered
// 20000, done but the answer lost, refusals without a signature, a till whose clock is off. Through
// the real sandbox with real RSA2 signatures, for QR, barcode, cancel and refund: nothing is marked
// paid without a verified TRADE_SUCCESS of the right amount, nobody is charged or refunded twice,
// and after reconciliation nothing is left pending.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { OrderStatus } from '../../src-shared/order-status'
import type { Actor } from '../../src-main/core/core'
import type { Payments } from '../../src-main/payments/payments'
import { addSku, newKey, sell, staffActor } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { type AlipayRig, alipayRig, eventsOf, orderRow, paymentRows } from '../support/payments'

const paysAtOnce = '281234567890123456'

describe.each(testStores)('the gateway lies as Alipay can (%s)', (kind) => {
  let t: TestStore
  let rig: AlipayRig
  let payments: Payments
  let cashier: Actor
  let admin: Actor

  beforeAll(async () => {
    t = await freshStore(kind)
    rig = await alipayRig()
    payments = rig.open(t.core, { poll: false })
    cashier = await staffActor(t.core)
    admin = await staffActor(t.core, 'admin')
  })
  afterEach(() => rig.sandbox.faults.clear())
  afterAll(async () => {
    await rig?.close()
    await t?.dispose()
  })

  const newOrder = async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 640 })
    return sell(t.core, cashier, [[sku, 2]])
  }
  /** The sandbox's trades of an order: what Alipay holds, whatever the till believes. */
  const tradesOf = (orderNo: string) =>
    rig.sandbox.trades().filter((trade) => trade.outTradeNo.startsWith(`${orderNo}_`))
  /** Alipay holds exactly one paid trade for the order, of its amount, and the order is paid once. */
  const expectPaidOnce = async (order: { id: number; orderNo: string; payFen: number }) => {
    const paid = tradesOf(order.orderNo).filter((trade) => trade.status === 'TRADE_SUCCESS')
    expect(paid.map((trade) => trade.totalFen)).toEqual([order.payFen])
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.UNREVIEWED, paid_fen: order.payFen })
    expect((await eventsOf(t.core, order.id)).filter((e) => e === 'paid')).toHaveLength(1)
  }
  /** After a reconciliation nothing of the order is left pending. */
  const expectSettled = async (orderId: number) => {
    await payments.reconcile()
    await payments.service.idle()
    expect((await paymentRows(t.core, orderId)).filter((p) => p.status === 'pending')).toEqual([])
    const refunds = await t.core.store.db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).execute()
    expect(refunds.filter((r) => r.status === 'pending')).toEqual([])
  }
  const paidByBarcode = async () => {
    const order = await newOrder()
    await payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce)
    await expectPaidOnce(order)
    return order
  }

  describe('barcode', () => {
    it('charged but answered 20000: not failed; the query finds it paid, and a retry cannot charge again', async () => {
      const order = await newOrder()
      rig.sandbox.faults.add({ kind: 'doneButUnknown', method: 'alipay.trade.pay', count: 1 })
      await expect(payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce)).rejects.toMatchObject({
        code: 'PAYMENT_PENDING',
      })
      await expectPaidOnce(order)
      // The cashier tries again: the order is paid, nothing is sent to Alipay.
      await expect(payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce)).rejects.toMatchObject({
        code: 'ILLEGAL_TRANSITION',
      })
      expect(tradesOf(order.orderNo)).toHaveLength(1)
      expect(await eventsOf(t.core, order.id)).not.toContain('payment_failed')
      await expectSettled(order.id)
    })

    it('charged but every answer lost (pay and the first queries): pending, never failed; reconciliation settles it', async () => {
      const order = await newOrder()
      // Two drops each: the SDK's HTTP client sends once more after a socket error.
      rig.sandbox.faults.add({ kind: 'drop', method: 'alipay.trade.pay', count: 2 })
      rig.sandbox.faults.add({ kind: 'doneButUnknown', method: 'alipay.trade.query', count: 1 })
      await expect(payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce)).rejects.toMatchObject({
        code: 'GATEWAY_UNAVAILABLE',
      })
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['pending'])
      expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.UNPAID)
      await expectSettled(order.id)
      await expectPaidOnce(order)
    })

    it("an unsigned refusal is believed for its code: failed with Alipay's reason; the next code pays once", async () => {
      const order = await newOrder()
      rig.sandbox.faults.add({
        kind: 'unsignedRefusal',
        subCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH',
        method: 'alipay.trade.pay',
        count: 1,
      })
      const refused = await payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce).catch((e: unknown) => e)
      expect(refused).toMatchObject({ code: 'PAYMENT_FAILED', details: { subCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH' } })
      expect((refused as { details: { reason: string } }).details.reason).toMatch(/balance is not enough/)
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['failed'])
      expect(tradesOf(order.orderNo)).toEqual([])
      await payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce)
      await expectPaidOnce(order)
      await expectSettled(order.id)
    })
  })

  describe('QR code', () => {
    it('precreate done but answered 20000: the attempt stays pending, is cancelled at its deadline, and the order is paid once', async () => {
      const order = await newOrder()
      rig.sandbox.faults.add({ kind: 'doneButUnknown', method: 'alipay.trade.precreate', count: 1 })
      await expect(payments.service.startAlipayQr(cashier, order.id)).rejects.toMatchObject({
        code: 'GATEWAY_UNAVAILABLE',
      })
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['pending'])
      // The cashier opens the pay screen again: a new code, which the customer pays.
      const qr = await payments.service.startAlipayQr(cashier, order.id)
      rig.sandbox.pay(qr.outTradeNo)
      await payments.service.check(qr.paymentId)
      t.clock.advance(5 * 60_000 + 1)
      await expectSettled(order.id)
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['closed', 'paid'])
      await expectPaidOnce(order)
    })

    it('a query that answers 20000 for a paid trade leaves it pending; reconciliation settles it', async () => {
      const order = await newOrder()
      const qr = await payments.service.startAlipayQr(cashier, order.id)
      rig.sandbox.pay(qr.outTradeNo)
      rig.sandbox.faults.add({ kind: 'doneButUnknown', method: 'alipay.trade.query' })
      expect(await payments.service.check(qr.paymentId)).toBe('pending')
      expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.UNPAID)
      rig.sandbox.faults.clear()
      await expectSettled(order.id)
      await expectPaidOnce(order)
    })

    it('an unsigned refusal of precreate fails the attempt with the reason', async () => {
      const order = await newOrder()
      rig.sandbox.faults.add({ kind: 'unsignedRefusal', subCode: 'ACQ.TOTAL_FEE_EXCEED', count: 1 })
      await expect(payments.service.startAlipayQr(cashier, order.id)).rejects.toMatchObject({
        code: 'PAYMENT_FAILED',
        details: { subCode: 'ACQ.TOTAL_FEE_EXCEED' },
      })
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['failed'])
      expect(tradesOf(order.orderNo)).toEqual([])
    })
  })

  describe('cancel at the deadline', () => {
    it.each([
      ['done but answered 20000', { kind: 'doneButUnknown', count: 1 } as const],
      ['done but the answer lost', { kind: 'drop', count: 2 } as const],
    ])('%s: sent again, and the trade is closed once', async (_label, fault) => {
      const order = await newOrder()
      const qr = await payments.service.startAlipayQr(cashier, order.id)
      rig.sandbox.scan(qr.outTradeNo)
      rig.sandbox.faults.add({ ...fault, method: 'alipay.trade.cancel' })
      t.clock.advance(5 * 60_000 + 1)
      expect(await payments.service.check(qr.paymentId)).toBe('closed')
      expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('TRADE_CLOSED')
      expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.UNPAID)
      await expectSettled(order.id)
    })
  })

  describe('refund', () => {
    const refundOf = (orderId: number, key = newKey()) =>
      payments.refunds.refund(admin, {
        orderId,
        amountFen: 500,
        reason: 'bruised',
        restock: false,
        idempotencyKey: key,
      })

    it('done but answered 20000: sent again with the same out_request_no and confirmed — refunded once', async () => {
      const order = await paidByBarcode()
      rig.sandbox.faults.add({ kind: 'doneButUnknown', method: 'alipay.trade.refund', count: 1 })
      expect(await refundOf(order.id)).toMatchObject({ status: 'succeeded', order: { refundedFen: 500 } })
      const [trade] = tradesOf(order.orderNo)
      expect(trade?.refunds.map((r) => r.refundFen)).toEqual([500])
      await expectSettled(order.id)
    })

    it('done but every answer lost: confirmed by the refund query — refunded once', async () => {
      const order = await paidByBarcode()
      rig.sandbox.faults.add({ kind: 'drop', method: 'alipay.trade.refund', count: 4 })
      expect(await refundOf(order.id)).toMatchObject({ status: 'succeeded', order: { refundedFen: 500 } })
      expect(tradesOf(order.orderNo)[0]?.refunds.map((r) => r.refundFen)).toEqual([500])
    })

    it('never reached Alipay: pending (not failed), and the admin retry or the reconciliation refunds it once', async () => {
      const order = await paidByBarcode()
      const key = newKey()
      rig.sandbox.faults.add({ kind: 'http5xx' })
      await expect(refundOf(order.id, key)).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' })
      rig.sandbox.faults.clear()
      await expectSettled(order.id)
      // The admin's retry is the same refund: nothing more moves.
      expect(await refundOf(order.id, key)).toMatchObject({ status: 'succeeded', order: { refundedFen: 500 } })
      expect(tradesOf(order.orderNo)[0]?.refunds.map((r) => r.refundFen)).toEqual([500])
    })

    it("an unsigned refusal (the shop's balance too low) fails the refund with the reason; no money moves", async () => {
      const order = await paidByBarcode()
      rig.sandbox.faults.add({ kind: 'unsignedRefusal', method: 'alipay.trade.refund', count: 1 })
      await expect(refundOf(order.id)).rejects.toMatchObject({ code: 'PAYMENT_FAILED' })
      const refunds = await t.core.store.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute()
      expect(refunds.map((r) => r.status)).toEqual(['failed'])
      expect(tradesOf(order.orderNo)[0]?.refundedFen).toBe(0)
      expect((await orderRow(t.core, order.id)).refunded_fen).toBe(0)
      expect(await eventsOf(t.core, order.id)).toContain('refund_failed')
    })
  })
})

describe('a till whose clock is more than 15 minutes off China time', () => {
  let t: TestStore
  let rig: AlipayRig

  beforeAll(async () => {
    t = await freshStore('sqlite')
    rig = await alipayRig({ clock: () => Date.now() + 16 * 60_000 })
  })
  afterAll(async () => {
    await rig?.close()
    await t?.dispose()
  })

  it('is refused at the gateway (isv.invalid-timestamp): a definite refusal, nothing charged', async () => {
    const payments = rig.open(t.core, { poll: false })
    const cashier = await staffActor(t.core)
    const sku = await addSku(t.core, { stock: 10, priceFen: 300 })
    const order = await sell(t.core, cashier, [[sku, 1]])
    await expect(payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce)).rejects.toMatchObject({
      code: 'PAYMENT_FAILED',
      details: { subCode: 'isv.invalid-timestamp' },
    })
    expect(rig.sandbox.trades()).toEqual([])
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['failed'])
  })
})
