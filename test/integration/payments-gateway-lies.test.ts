// The gateway answering as Alipay's really can (docs/PAYMENTS.md, "Outcomes"): done but answered
// 20000, done but the answer lost, refusals without a signature, a till whose clock is off. Through
// the real sandbox with real RSA2 signatures, for QR, barcode, cancel and refund: nothing is marked
// paid without a verified TRADE_SUCCESS of the right amount, nobody is charged or refunded twice,
// and after reconciliation nothing is left pending.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { OrderStatus } from '../../src-shared/order-status'
import type { Actor } from '../../src-main/core/core'
import { paymentRoutes } from '../../src-main/http/alipay-notify-route'
import { startPosHttpServer } from '../../src-main/http/server'
import { cancelOrder } from '../../src-main/orders/order-lifecycle.service'
import type { Payments } from '../../src-main/payments/payments'
import { addSku, newKey, sell, staffActor, stockOf } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import {
  type AlipayRig,
  alipayRig,
  eventsOf,
  paymentsShopHooks,
  orderRow,
  paymentRows,
  testShop,
  waitUntil,
} from '../support/payments'

const paysAtOnce = '281234567890123456'

describe.each(testStores)('the gateway lies as Alipay can (%s)', (kind) => {
  let t: TestStore, rig: AlipayRig, payments: Payments, cashier: Actor, admin: Actor
  paymentsShopHooks(kind, (shop) => ({ t, rig, payments, cashier, admin } = shop))

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
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen })
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
    await payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce, newKey())
    await expectPaidOnce(order)
    return order
  }

  describe('barcode', () => {
    it('charged but answered 20000: not failed; the query finds it paid, and a retry cannot charge again', async () => {
      const order = await newOrder()
      rig.sandbox.faults.add({ kind: 'doneButUnknown', method: 'alipay.trade.pay', count: 1 })
      await expect(payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce, newKey())).rejects.toMatchObject({
        code: 'PAYMENT_PENDING',
      })
      await expectPaidOnce(order)
      // The cashier tries again: the order is paid, nothing is sent to Alipay.
      await expect(payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce, newKey())).rejects.toMatchObject({
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
      await expect(payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce, newKey())).rejects.toMatchObject({
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
      const refused = await payments.service
        .payAlipayBarcode(cashier, order.id, paysAtOnce, newKey())
        .catch((e: unknown) => e)
      expect(refused).toMatchObject({ code: 'PAYMENT_FAILED', details: { subCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH' } })
      expect((refused as { details: { reason: string } }).details.reason).toMatch(/balance is not enough/)
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['failed'])
      expect(tradesOf(order.orderNo)).toEqual([])
      await payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce, newKey())
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

  it('cancel refused without a signature: the attempt stays pending (never closed on a refusal), and the next look closes it', async () => {
    const order = await newOrder()
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    rig.sandbox.scan(qr.outTradeNo)
    rig.sandbox.faults.add({
      kind: 'unsignedRefusal',
      subCode: 'ACQ.TRADE_STATUS_ERROR',
      method: 'alipay.trade.cancel',
      count: 1,
    })
    t.clock.advance(5 * 60_000 + 1)
    expect(await payments.service.check(qr.paymentId)).toBe('pending')
    expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('WAIT_BUYER_PAY')
    await expectSettled(order.id)
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['closed'])
    expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('TRADE_CLOSED')
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
      // Alipay keeps who asked for the refund, at which store and till.
      expect(trade?.refunds[0]?.askedBy).toEqual({
        storeId: testShop.storeId,
        terminalId: testShop.terminalId,
        operatorId: admin.username,
      })
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
      const refused = await refundOf(order.id).catch((e: unknown) => e)
      expect(refused).toMatchObject({ code: 'PAYMENT_FAILED', details: { subCode: 'ACQ.SELLER_BALANCE_NOT_ENOUGH' } })
      expect((refused as Error).message).toMatch(/balance is not enough/)
      const refunds = await t.core.store.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute()
      expect(refunds.map((r) => r.status)).toEqual(['failed'])
      expect(tradesOf(order.orderNo)[0]?.refundedFen).toBe(0)
      expect((await orderRow(t.core, order.id)).refunded_fen).toBe(0)
      expect(await eventsOf(t.core, order.id)).toContain('refund_failed')
    })
  })
})

describe.each(testStores)('late money: paid after the till gave the attempt up (%s)', (kind) => {
  let t: TestStore
  let rig: AlipayRig
  let payments: Payments
  let cashier: Actor
  let server: Awaited<ReturnType<typeof startPosHttpServer>>
  const rendererDir = mkdtempSync(join(tmpdir(), 'freshtill-late-'))
  let notifyUrl = ''

  beforeAll(async () => {
    t = await freshStore(kind)
    rig = await alipayRig()
    let listening: Payments | null = null
    server = await startPosHttpServer({
      dispatch: () => Promise.resolve({ ok: true, data: null }),
      rendererDir,
      port: 0,
      postRoutes: paymentRoutes((fields, from) => (listening?.notify ? listening.notify(fields, from) : never())),
    })
    notifyUrl = `${server.url}alipay/notify`
    payments = rig.open(t.core, { poll: false, notifyUrl })
    listening = payments
    cashier = await staffActor(t.core)
  })
  afterEach(() => rig.sandbox.faults.clear())
  afterAll(async () => {
    await server?.close()
    await rig?.close()
    await t?.dispose()
    rmSync(rendererDir, { recursive: true, force: true })
  })

  const newOrder = async (stock = 10) => {
    const sku = await addSku(t.core, { stock, priceFen: 820 })
    return { sku, order: await sell(t.core, cashier, [[sku, 2]]) }
  }
  /** A QR code shown, scanned, and given up at its deadline by a cancel that raced the payment; then paid. */
  const raceQrAtDeadline = async (on: Payments) => {
    const { order } = await newOrder()
    const qr = await on.service.startAlipayQr(cashier, order.id)
    rig.sandbox.scan(qr.outTradeNo)
    rig.sandbox.faults.add({ kind: 'cancelRaced', method: 'alipay.trade.cancel', count: 1 })
    t.clock.advance(5 * 60_000 + 1)
    expect(await on.service.check(qr.paymentId)).toBe('closed')
    rig.sandbox.pay(qr.outTradeNo)
    return { order, qr }
  }
  /** Waits until the sandbox's notify of the trade was answered success. */
  const notifyDelivered = (outTradeNo: string) =>
    waitUntil(() => rig.sandbox.trade(outTradeNo)?.notifies.some((n) => n.delivered) === true, 'the notify')

  it('a QR code cancelled at its deadline (the cancel raced the payment): the notify pays the order', async () => {
    const { order, qr } = await raceQrAtDeadline(payments)
    await notifyDelivered(qr.outTradeNo)
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen })
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['paid'])
    const paid = await t.core.store.db
      .selectFrom('order_events')
      .selectAll()
      .where('order_id', '=', order.id)
      .where('type', '=', 'paid')
      .execute()
    expect(paid.map((e) => JSON.parse(e.detail ?? '{}') as { lateAfter?: string })).toMatchObject([
      { lateAfter: 'closed', source: 'notify' },
    ])
  })

  it('a barcode payment given up at its deadline and then confirmed by the buyer: reconciliation settles it', async () => {
    const quiet = rig.open(t.core, { poll: false })
    const { order } = await newOrder()
    // 29…: the buyer must confirm with the password; the till waits, then gives up at the deadline.
    await quiet.service.payAlipayBarcode(cashier, order.id, '291234567890123456', newKey())
    const [attempt] = await paymentRows(t.core, order.id)
    // Followed for 30 s (Alipay's face-to-face guidance), not the QR code's minutes.
    expect((attempt?.deadline_at ?? 0) - (attempt?.created_at ?? 0)).toBe(30_000)
    rig.sandbox.faults.add({ kind: 'cancelRaced', method: 'alipay.trade.cancel', count: 1 })
    t.clock.advance(30_000 + 1)
    expect(await quiet.service.check(attempt?.id ?? 0)).toBe('closed')
    rig.sandbox.pay(attempt?.out_trade_no ?? '')
    expect((await quiet.reconcile()).latePaid).toBe(1)
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen })
    expect((await eventsOf(t.core, order.id)).filter((e) => e === 'paid')).toHaveLength(1)
    // Looked at again, nothing more happens.
    expect((await quiet.reconcile()).latePaid).toBe(0)
  })

  it('an order cancelled by hand whose cancel raced the payment is reopened as paid (paid after cancel)', async () => {
    const { order, sku } = await newOrder()
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    rig.sandbox.scan(qr.outTradeNo)
    rig.sandbox.faults.add({ kind: 'cancelRaced', method: 'alipay.trade.cancel', count: 1 })
    await cancelOrder(t.core, payments.orderHooks, cashier, order.id)
    await payments.service.idle()
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['closed'])
    expect(await stockOf(t.core, sku)).toEqual({ stock: 10, sales: 0 })
    rig.sandbox.pay(qr.outTradeNo)
    await notifyDelivered(qr.outTradeNo)
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen })
    expect(await stockOf(t.core, sku)).toEqual({ stock: 8, sales: 2 })
    expect(await eventsOf(t.core, order.id)).toEqual([
      'created',
      'payment_started',
      'cancelled',
      'payment_closed',
      'paid_after_cancel',
    ])
  })

  it('the same when the goods were sold meanwhile: the money goes back automatically, once', async () => {
    const { order, sku } = await newOrder(2)
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    rig.sandbox.scan(qr.outTradeNo)
    rig.sandbox.faults.add({ kind: 'cancelRaced', method: 'alipay.trade.cancel', count: 1 })
    await cancelOrder(t.core, payments.orderHooks, cashier, order.id)
    await payments.service.idle()
    await sell(t.core, cashier, [[sku, 2]])
    rig.sandbox.pay(qr.outTradeNo)
    await notifyDelivered(qr.outTradeNo)
    await payments.service.idle()
    await payments.reconcile()
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.CANCELLED, paid_fen: 0 })
    expect(rig.sandbox.trade(qr.outTradeNo)).toMatchObject({ status: 'TRADE_CLOSED', refundedFen: order.payFen })
    expect(rig.sandbox.trade(qr.outTradeNo)?.refunds).toHaveLength(1)
    expect(await eventsOf(t.core, order.id)).toEqual([
      'created',
      'payment_started',
      'cancelled',
      'payment_closed',
      'payment_refunding',
      'payment_refunded',
    ])
  })

  it('an attempt given up more than 24 hours ago is no longer asked about', async () => {
    const quiet = rig.open(t.core, { poll: false })
    const { order } = await raceQrAtDeadline(quiet)
    t.clock.advance(24 * 3600_000 + 1)
    expect((await quiet.reconcile()).latePaid).toBe(0)
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['closed'])
  })
})

function never(): never {
  throw new Error('the notify route was called before the payments were opened')
}

describe('a till whose clock is more than 15 minutes off China time', () => {
  let t: TestStore
  let rig: AlipayRig
  let payments: Payments
  let cashier: Actor
  /** How far the till's clock is off; the sandbox keeps the true time. */
  let skewMs = 0

  beforeAll(async () => {
    t = await freshStore('sqlite')
    rig = await alipayRig({ clock: () => Date.now() + skewMs })
    payments = rig.open(t.core, { poll: false })
    cashier = await staffActor(t.core)
  })
  afterAll(async () => {
    await rig?.close()
    await t?.dispose()
  })

  const newOrder = async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 300 })
    return sell(t.core, cashier, [[sku, 1]])
  }
  const offBy16Minutes = () => {
    skewMs = 16 * 60_000
    return { [Symbol.dispose]: () => (skewMs = 0) }
  }

  it('QR and barcode are refused at the gateway (isv.invalid-timestamp): a definite refusal, nothing charged', async () => {
    const order = await newOrder()
    using _skew = offBy16Minutes()
    await expect(payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce, newKey())).rejects.toMatchObject({
      code: 'PAYMENT_FAILED',
      details: { subCode: 'isv.invalid-timestamp' },
    })
    await expect(payments.service.startAlipayQr(cashier, order.id)).rejects.toMatchObject({
      code: 'PAYMENT_FAILED',
      details: { subCode: 'isv.invalid-timestamp' },
    })
    expect(rig.sandbox.trades().filter((trade) => trade.outTradeNo.startsWith(order.orderNo))).toEqual([])
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['failed', 'failed'])
  })

  it('a cancel is refused (the attempt stays pending, never closed on it) and goes through once the clock is right', async () => {
    const order = await newOrder()
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    rig.sandbox.scan(qr.outTradeNo)
    t.clock.advance(5 * 60_000 + 1)
    {
      using _skew = offBy16Minutes()
      expect(await payments.service.check(qr.paymentId)).toBe('pending')
      expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('WAIT_BUYER_PAY')
    }
    expect(await payments.service.check(qr.paymentId)).toBe('closed')
    expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('TRADE_CLOSED')
  })

  it('a refund is refused with the reason and no money moves', async () => {
    const admin = await staffActor(t.core, 'admin')
    const order = await newOrder()
    await payments.service.payAlipayBarcode(cashier, order.id, paysAtOnce, newKey())
    using _skew = offBy16Minutes()
    await expect(
      payments.refunds.refund(admin, {
        orderId: order.id,
        amountFen: 100,
        reason: '',
        restock: false,
        idempotencyKey: newKey(),
      }),
    ).rejects.toMatchObject({ code: 'PAYMENT_FAILED', details: { subCode: 'isv.invalid-timestamp' } })
    expect(rig.sandbox.trade(`${order.orderNo}_1`)?.refundedFen).toBe(0)
  })
})
