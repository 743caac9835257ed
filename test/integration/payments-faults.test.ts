// Faults: the gateway slow, failing, cut off or answering with a bad signature never marks
// anything paid; the truth is found later by reconciliation. And (docs/PAYMENTS.md) an order paid after
// it expired is reopened when its goods are still there, else refunded automatically.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { OrderStatus } from '../../src-shared/order-status'
import { type Actor, systemActor } from '../../src-main/core/core'
import { expireUnpaidOrders } from '../../src-main/orders/order-lifecycle.service'
import type { Payments } from '../../src-main/payments/payments'
import type { FaultSwitch } from '../../src-main/alipay/sandbox/faults'
import { addSku, sell, staffActor, stockOf, newKey } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { type AlipayRig, alipayRig, eventsOf, orderRow, paymentRows } from '../support/payments'

describe.each(testStores)('payments under gateway faults (%s)', (kind) => {
  let t: TestStore
  let rig: AlipayRig
  let payments: Payments
  let cashier: Actor

  beforeAll(async () => {
    t = await freshStore(kind)
    // A short client timeout (urllib gives up after about a second with it), outlasted by the latency fault.
    rig = await alipayRig({ timeoutMs: 300 })
    payments = rig.open(t.core, { poll: false })
    cashier = await staffActor(t.core)
  })
  afterEach(() => rig.sandbox.faults.clear())
  afterAll(async () => {
    await rig?.close()
    await t?.dispose()
  })

  const newOrder = async (stock = 10, count = 2) => {
    const sku = await addSku(t.core, { stock, priceFen: 480 })
    return { sku, order: await sell(t.core, cashier, [[sku, count]]) }
  }

  const faults: [string, FaultSwitch][] = [
    ['HTTP 5xx', { kind: 'http5xx', status: 503 }],
    ['latency past the client timeout', { kind: 'latency', ms: 1500 }],
    ['a dropped answer (twice, past the SDK resend)', { kind: 'drop' }],
    ['a bad signature', { kind: 'badSignature' }],
    ['an answer that is not JSON', { kind: 'nonJson' }],
  ]

  it.each(faults)(
    '%s: the paid QR trade is not marked paid while the gateway misbehaves; reconciliation settles it',
    async (_label, fault) => {
      const { order } = await newOrder()
      const qr = await payments.service.startAlipayQr(cashier, order.id)
      rig.sandbox.pay(qr.outTradeNo)
      rig.sandbox.faults.add({ ...fault, method: 'alipay.trade.query' })
      for (let i = 0; i < 2; i++) expect(await payments.service.check(qr.paymentId)).toBe('pending')
      expect((await payments.reconcile()).pending).toBeGreaterThanOrEqual(1)
      expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.UNPAID, paid_fen: 0 })
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['pending'])

      rig.sandbox.faults.clear()
      await payments.reconcile()
      expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen })
      expect((await eventsOf(t.core, order.id)).filter((e) => e === 'paid')).toHaveLength(1)
    },
  )

  it.each(faults)(
    '%s on the barcode pay itself: never paid on an unclear answer, settled by reconciliation',
    async (_label, fault) => {
      const { order } = await newOrder()
      rig.sandbox.faults.add(fault)
      const call = payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey())
      const expected = fault.kind === 'badSignature' ? 'SIGNATURE_INVALID' : 'GATEWAY_UNAVAILABLE'
      await expect(call).rejects.toMatchObject({ code: expected })
      expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.UNPAID)
      const [payment] = await paymentRows(t.core, order.id)
      expect(payment?.status).toBe('pending')

      rig.sandbox.faults.clear()
      await payments.reconcile()
      // The operation happened under latency, drop and bad signature; not under 5xx or non-JSON.
      const happened = ['latency', 'drop', 'badSignature'].includes(fault.kind)
      if (happened) {
        expect(await orderRow(t.core, order.id)).toMatchObject({
          status: OrderStatus.FINISHED,
          paid_fen: order.payFen,
        })
      } else {
        expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.UNPAID)
        // Past its time the attempt that never reached Alipay is cancelled and closed.
        t.clock.advance(5 * 60_000 + 1)
        await payments.reconcile()
        expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['closed'])
      }
    },
  )

  it("one dropped answer is resent by the SDK and heard as ACQ.TRADE_HAS_SUCCESS: 'maybe paid', so it is queried — and paid", async () => {
    const { order } = await newOrder()
    rig.sandbox.faults.add({ kind: 'drop', method: 'alipay.trade.pay', count: 1 })
    const call = payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey())
    await expect(call).rejects.toMatchObject({ code: 'PAYMENT_PENDING' })
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen })
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['paid'])
  })

  it('a cancel answered ACQ.SYSTEM_ERROR (retry_flag Y) at the QR timeout is sent again until it closes the trade', async () => {
    const { order } = await newOrder()
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    rig.sandbox.faults.add({ kind: 'systemError', method: 'alipay.trade.cancel', count: 2 })
    t.clock.advance(5 * 60_000 + 1)
    expect(await payments.service.check(qr.paymentId)).toBe('closed')
    expect(rig.sandbox.faults.list()).toEqual([])
    expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('TRADE_CLOSED')
    expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.UNPAID)
  })

  describe('paid after the order expired', () => {
    const expireWithGatewayDown = async (stock: number) => {
      const { order, sku } = await newOrder(stock, 2)
      const qr = await payments.service.startAlipayQr(cashier, order.id)
      rig.sandbox.scan(qr.outTradeNo)
      // The expiry's cancel cannot get through; the customer pays meanwhile.
      rig.sandbox.faults.add({ kind: 'http5xx', method: 'alipay.trade.cancel' })
      rig.sandbox.faults.add({ kind: 'http5xx', method: 'alipay.trade.query' })
      t.clock.advance(t.config.unpaidTtlMs + 1)
      expect((await expireUnpaidOrders(t.core, payments.orderHooks, systemActor('T1'))).expired).toBeGreaterThanOrEqual(
        1,
      )
      await payments.service.idle()
      expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.CANCELLED)
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['pending'])
      rig.sandbox.pay(qr.outTradeNo)
      rig.sandbox.faults.clear()
      return { order, sku, qr }
    }

    it('reopens the order as paid when its goods can still be taken', async () => {
      const { order, sku } = await expireWithGatewayDown(10)
      expect(await stockOf(t.core, sku)).toEqual({ stock: 10, sales: 0 })
      await payments.reconcile()
      expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen })
      expect(await stockOf(t.core, sku)).toEqual({ stock: 8, sales: 2 })
      expect(await eventsOf(t.core, order.id)).toEqual(['created', 'payment_started', 'expired', 'paid_after_cancel'])
    })

    it('refunds the money automatically when the goods were sold meanwhile, and records it', async () => {
      const { order, sku, qr } = await expireWithGatewayDown(2)
      // Another customer buys the last two while the first order is cancelled.
      await sell(t.core, cashier, [[sku, 2]])
      await payments.reconcile()
      await payments.service.idle()
      expect(await orderRow(t.core, order.id)).toMatchObject({
        status: OrderStatus.CANCELLED,
        paid_fen: 0,
        refunded_fen: 0,
      })
      expect(await stockOf(t.core, sku)).toEqual({ stock: 0, sales: 2 })
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['paid'])
      const refunds = await t.core.store.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute()
      expect(refunds).toMatchObject([
        { status: 'succeeded', amount_fen: order.payFen, out_request_no: `${qr.outTradeNo}_AR` },
      ])
      expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('TRADE_CLOSED')
      expect(await eventsOf(t.core, order.id)).toEqual([
        'created',
        'payment_started',
        'expired',
        'payment_refunding',
        'payment_refunded',
      ])
    })

    it('an order cancelled by hand cancels its pending QR trade, so it cannot be paid any more', async () => {
      const { order } = await newOrder()
      const qr = await payments.service.startAlipayQr(cashier, order.id)
      const { cancelOrder } = await import('../../src-main/orders/order-lifecycle.service')
      await cancelOrder(t.core, payments.orderHooks, cashier, order.id)
      await payments.service.idle()
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['closed'])
      expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('TRADE_CLOSED')
      expect(() => rig.sandbox.scan(qr.outTradeNo)).toThrow(/expired or was closed/)
    })
  })
})
