// Cash and card at the counter, and refunds (admin only): partial then full, idempotent on retry,
// over-refund refused, restock, and a refund whose answer was lost.
import { describe, expect, it } from 'vitest'
import { OrderStatus } from '../../src-shared/order-status'
import type { Actor } from '../../src-main/core/core'
import type { Payments } from '../../src-main/payments/payments'
import type { RefundInput } from '../../src-main/payments/refunds.service'
import { ok } from '../support/results'
import { addSku, contractClient, newKey, sell, stockOf } from '../support/shop'
import { type TestStore, testStores } from '../support/stores'
import { type AlipayRig, eventsOf, paymentsShopHooks, orderRow, paymentRows } from '../support/payments'

describe.each(testStores)('cash, card and refunds (%s)', (kind) => {
  let t: TestStore, rig: AlipayRig, payments: Payments, cashier: Actor, admin: Actor
  paymentsShopHooks(kind, (shop) => ({ t, rig, payments, cashier, admin } = shop))

  /** An admin's refund: no reason, no restock and a fresh key unless `more` says otherwise. */
  const refund = (orderId: number, amountFen: number, more: Partial<RefundInput> = {}) =>
    payments.refunds.refund(admin, {
      orderId,
      amountFen,
      reason: '',
      restock: false,
      idempotencyKey: newKey(),
      ...more,
    })

  const newOrder = async (count = 2, priceFen = 1250) => {
    const sku = await addSku(t.core, { stock: 10, priceFen })
    return { sku, order: await sell(t.core, cashier, [[sku, count]]) }
  }

  it('cash: the tender must cover the amount; the change is given and the order is paid at once', async () => {
    const { order } = await newOrder()
    await expect(payments.service.payCash(cashier, order.id, order.payFen - 1, newKey())).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    expect(await paymentRows(t.core, order.id)).toEqual([])
    const paid = await payments.service.payCash(cashier, order.id, 5000, newKey())
    expect(paid).toMatchObject({
      changeFen: 5000 - order.payFen,
      order: { status: OrderStatus.FINISHED, paidFen: order.payFen, payMethod: 1 },
      payment: { status: 'paid', channel: 'cash' },
    })
    expect(await eventsOf(t.core, order.id)).toEqual(['created', 'paid'])
    // Paying again is refused and writes nothing.
    await expect(payments.service.payCash(cashier, order.id, 5000, newKey())).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    })
    await expect(payments.service.payCard(cashier, order.id, newKey())).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    })
    expect(await paymentRows(t.core, order.id)).toHaveLength(1)
    // Cash goes back over the counter: refunded at once, no gateway involved.
    const refunded = await refund(order.id, order.payFen)
    expect(refunded).toMatchObject({
      status: 'succeeded',
      order: { status: OrderStatus.REFUNDED, refundedFen: order.payFen },
    })
  })

  it('card: recorded as paid; a QR code still on the display is cancelled', async () => {
    const { order } = await newOrder()
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    const paid = await payments.service.payCard(cashier, order.id, newKey())
    expect(paid).toMatchObject({
      changeFen: 0,
      order: { status: OrderStatus.FINISHED, payMethod: 4 },
      payment: { channel: 'card', status: 'paid' },
    })
    await payments.service.idle()
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['closed', 'paid'])
    expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('TRADE_CLOSED')
  })

  it('paid twice (the QR code paid just as cash was taken): the Alipay money is refunded automatically', async () => {
    const { order } = await newOrder()
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    rig.sandbox.pay(qr.outTradeNo)
    await payments.service.payCash(cashier, order.id, order.payFen, newKey())
    await payments.service.idle()
    expect(await orderRow(t.core, order.id)).toMatchObject({
      status: OrderStatus.FINISHED,
      paid_fen: order.payFen,
      pay_method: 1,
      refunded_fen: 0,
    })
    expect((await paymentRows(t.core, order.id)).map((p) => [p.channel, p.status])).toEqual([
      ['qr', 'paid'],
      ['cash', 'paid'],
    ])
    const refunds = await t.core.store.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute()
    expect(refunds).toMatchObject([{ status: 'succeeded', amount_fen: order.payFen, payment_id: qr.paymentId }])
    expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('TRADE_CLOSED')
    expect(await eventsOf(t.core, order.id)).toEqual([
      'created',
      'payment_started',
      'paid',
      'payment_refunding',
      'payment_refunded',
    ])
  })

  it('through the contract: cashiers pay, only admins refund; WeChat cannot be chosen', async () => {
    const client = contractClient(t.core)
    const session = await client.login('cashier')
    const { order } = await newOrder(1)
    expect(
      await client.call(
        'payments.payCash',
        { orderId: order.id, tenderedFen: -5, idempotencyKey: newKey() },
        session.token,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    })
    expect(
      await client.call(
        'payments.payCash',
        { orderId: order.id, tenderedFen: 2000, idempotencyKey: newKey() },
        session.token,
      ),
    ).toMatchObject({ ok: true, data: { changeFen: 750 } })
    expect(
      await client.call(
        'payments.refund',
        { orderId: order.id, amountFen: 100, idempotencyKey: newKey() },
        session.token,
      ),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Without a gateway (this client has none) Alipay is a pay method this till cannot take.
    const { order: other } = await newOrder(1)
    expect(await client.call('payments.startAlipayQr', { orderId: other.id }, session.token)).toMatchObject({
      ok: false,
      error: { code: 'PAY_METHOD_UNAVAILABLE', details: { payMethod: 3 } },
    })
    const sku = await addSku(t.core, { stock: 5 })
    await t.core.cart.set('T1', sku, 1)
    const quote = ok(await client.call('orders.quote', { skuIds: [sku], fulfilment: 'pickup' }, session.token)) as {
      fingerprint: string
    }
    const wechat = await client.call(
      'orders.place',
      {
        skuIds: [sku],
        fulfilment: 'pickup',
        payMethod: 2,
        fingerprint: quote.fingerprint,
        idempotencyKey: newKey(),
      },
      session.token,
    )
    expect(wechat).toMatchObject({ ok: false, error: { code: 'PAY_METHOD_UNAVAILABLE' } })
  })

  it('Alipay: a partial then a full refund; a retry is the same refund; over-refunding is refused; restock on the full one', async () => {
    const { order, sku } = await newOrder(2, 1250)
    await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey())
    const [payment] = await paymentRows(t.core, order.id)
    expect(await stockOf(t.core, sku)).toEqual({ stock: 8, sales: 2 })

    await expect(
      payments.refunds.refund(cashier, {
        orderId: order.id,
        amountFen: 100,
        reason: '',
        restock: false,
        idempotencyKey: newKey(),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const key = newKey()
    const partial = await refund(order.id, 500, { reason: '少了一个', idempotencyKey: key })
    expect(partial).toMatchObject({
      status: 'succeeded',
      amountFen: 500,
      order: { status: OrderStatus.FINISHED, refundedFen: 500 },
    })
    // The same click again: the same refund, not a second one.
    const again = await refund(order.id, 500, { reason: '少了一个', idempotencyKey: key })
    expect(again.refundId).toBe(partial.refundId)
    expect(rig.sandbox.trade(payment?.out_trade_no as string)?.refunds).toHaveLength(1)
    await expect(refund(order.id, 600, { idempotencyKey: key })).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' })

    await expect(refund(order.id, 2001)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { refundableFen: 2000 },
    })
    await expect(refund(order.id, 100, { restock: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const full = await refund(order.id, 2000, { reason: '退货', restock: true })
    expect(full).toMatchObject({
      status: 'succeeded',
      restocked: true,
      order: { status: OrderStatus.REFUNDED, refundedFen: 2500, paidFen: 2500 },
    })
    expect(await stockOf(t.core, sku)).toEqual({ stock: 10, sales: 0 })
    expect(rig.sandbox.trade(payment?.out_trade_no as string)?.status).toBe('TRADE_CLOSED')
    await expect(refund(order.id, 1)).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })
    expect(await eventsOf(t.core, order.id)).toEqual([
      'created',
      'payment_started',
      'paid',
      'refund_started',
      'partially_refunded',
      'refund_started',
      'refunded',
    ])
  })

  it('a refund whose answer was lost is confirmed with fastpay.refund.query; one that cannot be confirmed stays pending and a retry finishes it', async () => {
    const { order } = await newOrder(1, 3000)
    await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey())
    // Both the answer and the SDK's resend are cut: the refund happened, the till did not hear it.
    rig.sandbox.faults.add({ kind: 'drop', method: 'alipay.trade.refund', count: 2 })
    const lost = await refund(order.id, 1000)
    expect(lost).toMatchObject({ status: 'succeeded', order: { refundedFen: 1000 } })

    const key = newKey()
    rig.sandbox.faults.add({ kind: 'http5xx' })
    await expect(refund(order.id, 2000, { idempotencyKey: key })).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' })
    expect((await orderRow(t.core, order.id)).refunded_fen).toBe(1000)
    // While it is pending, nothing more than what is left can be asked for.
    rig.sandbox.faults.clear()
    await expect(refund(order.id, 1)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const retried = await refund(order.id, 2000, { idempotencyKey: key })
    expect(retried).toMatchObject({ status: 'succeeded', order: { status: OrderStatus.REFUNDED, refundedFen: 3000 } })
  })

  it('reconciliation finishes a refund left pending, restocking as the admin asked', async () => {
    const { order, sku } = await newOrder(1, 800)
    await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey())
    rig.sandbox.faults.add({ kind: 'drop' })
    await expect(refund(order.id, 800, { restock: true })).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' })
    expect(await stockOf(t.core, sku)).toEqual({ stock: 9, sales: 1 })
    rig.sandbox.faults.clear()
    expect(await payments.reconcile()).toMatchObject({ refundsSettled: 1 })
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.REFUNDED, refunded_fen: 800 })
    expect(await stockOf(t.core, sku)).toEqual({ stock: 10, sales: 0 })
  })
})
