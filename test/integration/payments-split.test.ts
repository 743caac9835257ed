// Split tender (docs/PAYMENTS.md, "Split tender"): one order paid by several payments — cash for
// a part, Alipay (sandbox) for the rest — paid exactly once; an attempt for more than is owed
// refused (AMOUNT_EXCEEDS_DUE) with nothing written; change only from the cash that pays the last
// of it; two tills paying the rest at once; a refund racing the second part; each part refunded
// through its own method.
import { describe, expect, it } from 'vitest'
import { OrderStatus, PayMethod } from '../../src-shared/order-status'
import type { Actor } from '../../src-main/core/core'
import { cancelOrder, expireUnpaidOrders, noOrderHooks } from '../../src-main/orders/order-lifecycle.service'
import type { Payments } from '../../src-main/payments/payments'
import { refundablePayments } from '../../src-main/payments/payments.repository'
import type { RefundInput } from '../../src-main/payments/refunds.service'
import { addSku, contractClient, describeError, everyRow, newKey, sell, stockOf } from '../support/shop'
import { type TestStore, testStores } from '../support/stores'
import { openTills } from '../support/tills'
import { type AlipayRig, eventsOf, orderRow, paymentRows, paymentsShopHooks } from '../support/payments'

describe.each(testStores)('split tender (%s)', (kind) => {
  let t: TestStore, rig: AlipayRig, payments: Payments, cashier: Actor, admin: Actor
  paymentsShopHooks(kind, (shop) => ({ t, rig, payments, cashier, admin } = shop))

  const newOrder = async (count = 2, priceFen = 2500) => {
    const sku = await addSku(t.core, { stock: 10, priceFen })
    return { sku, order: await sell(t.core, cashier, [[sku, count]]) }
  }
  const refund = (orderId: number, amountFen: number, more: Partial<RefundInput> = {}) =>
    payments.refunds.refund(admin, {
      orderId,
      amountFen,
      reason: '',
      restock: false,
      idempotencyKey: newKey(),
      ...more,
    })
  /** The sum of the order's settled payments that paid it (not given back automatically). */
  const settledFen = async (orderId: number) =>
    (await t.core.store.db.transaction().execute((trx) => refundablePayments(trx, orderId))).reduce(
      (sum, p) => sum + p.payment.amount_fen,
      0,
    )

  it('cash ¥20 then the rest by an Alipay QR code: paid once, with both payments', async () => {
    const { order } = await newOrder() // ¥50.00
    const cash = await payments.service.payCash(cashier, order.id, 2000, newKey(), 2000)
    expect(cash).toMatchObject({
      changeFen: 0,
      payment: { status: 'paid', channel: 'cash', amountFen: 2000 },
      order: { status: OrderStatus.UNPAID, paidFen: 2000 },
    })
    expect(await payments.service.status(cashier, order.id)).toMatchObject({
      orderStatus: OrderStatus.UNPAID,
      payFen: 5000,
      paidFen: 2000,
    })
    // No amount: the QR code asks for the rest.
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    expect(qr.amountFen).toBe(3000)
    expect(rig.sandbox.trade(qr.outTradeNo)).toMatchObject({ totalFen: 3000 })
    rig.sandbox.pay(qr.outTradeNo)
    expect(await payments.service.check(qr.paymentId)).toBe('paid')
    // Asked again (a poller, a notice): settled already.
    expect(await payments.service.check(qr.paymentId)).toBe('settled')
    expect(await orderRow(t.core, order.id)).toMatchObject({
      status: OrderStatus.FINISHED,
      paid_fen: 5000,
      pay_method: PayMethod.ALIPAY,
    })
    expect((await paymentRows(t.core, order.id)).map((p) => [p.channel, p.status, p.amount_fen])).toEqual([
      ['cash', 'paid', 2000],
      ['qr', 'paid', 3000],
    ])
    expect(await eventsOf(t.core, order.id)).toEqual(['created', 'paid_in_part', 'payment_started', 'paid'])
    const status = await payments.service.status(cashier, order.id)
    expect(status.payments.map((p) => p.amountFen)).toEqual([2000, 3000])
    expect(status.payment).toMatchObject({ channel: 'qr', status: 'paid' })
  })

  it('card, barcode and cash in three parts; change only from the last cash', async () => {
    const { order } = await newOrder(3, 1000) // ¥30.00
    await payments.service.payCard(cashier, order.id, newKey(), 1000)
    await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey(), 500)
    // A part of cash may not give change: it would leave the drawer and the order disagreeing.
    await expect(payments.service.payCash(cashier, order.id, 1000, newKey(), 500)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fields: { tenderedFen: expect.any(String) } },
    })
    // Less cash than its part.
    await expect(payments.service.payCash(cashier, order.id, 400, newKey(), 500)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    expect(await paymentRows(t.core, order.id)).toHaveLength(2)
    // The last cash pays the rest (¥15) and gives change from ¥20.
    const last = await payments.service.payCash(cashier, order.id, 2000, newKey())
    expect(last).toMatchObject({
      changeFen: 500,
      payment: { amountFen: 1500 },
      order: { status: OrderStatus.FINISHED, paidFen: 3000, payMethod: PayMethod.CASH },
    })
    expect(await settledFen(order.id)).toBe(3000)
  })

  it('AMOUNT_EXCEEDS_DUE: more than is owed, or than a pending code leaves free; nothing written', async () => {
    const { order } = await newOrder(1, 3000)
    await payments.service.payCash(cashier, order.id, 1000, newKey(), 1000)
    const before = await everyRow(t.core)
    for (const attempt of [
      () => payments.service.payCash(cashier, order.id, 5000, newKey(), 2001),
      () => payments.service.payCard(cashier, order.id, newKey(), 2001),
      () => payments.service.startAlipayQr(cashier, order.id, 2001),
      () => payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey(), 2001),
    ])
      await expect(attempt()).rejects.toMatchObject({
        code: 'AMOUNT_EXCEEDS_DUE',
        details: { dueFen: 2000, amountFen: 2001 },
      })
    expect(await everyRow(t.core)).toEqual(before)
    // A barcode payment the buyer is confirming (29…) holds its ¥15: another Alipay attempt may
    // take only the ¥5 left.
    await payments.service.payAlipayBarcode(cashier, order.id, '291234567890123456', newKey(), 1500)
    const [, confirming] = await paymentRows(t.core, order.id)
    expect(confirming).toMatchObject({ status: 'pending', amount_fen: 1500 })
    await expect(payments.service.startAlipayQr(cashier, order.id, 600)).rejects.toMatchObject({
      code: 'AMOUNT_EXCEEDS_DUE',
      details: { dueFen: 2000, reservedFen: 1500, amountFen: 600 },
    })
    await expect(payments.service.startAlipayQr(cashier, order.id)).resolves.toMatchObject({ amountFen: 500 })
    // A QR code is withdrawn (cancelled at Alipay) when another Alipay payment is asked for that
    // would fit without it: never two codes for the same money.
    const second = await payments.service.startAlipayQr(cashier, order.id, 300)
    expect(second.amountFen).toBe(300)
    expect((await paymentRows(t.core, order.id)).map((p) => [p.channel, p.status, p.amount_fen])).toEqual([
      ['cash', 'paid', 1000],
      ['barcode', 'pending', 1500],
      ['qr', 'closed', 500],
      ['qr', 'pending', 300],
    ])
    rig.sandbox.pay(confirming?.out_trade_no as string)
    expect(await payments.service.check(confirming?.id as number)).toBe('paid')
    rig.sandbox.pay(second.outTradeNo)
    expect(await payments.service.check(second.paymentId)).toBe('paid')
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.UNPAID, paid_fen: 2800 })
    await payments.service.payCard(cashier, order.id, newKey())
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: 3000 })
  })

  it('bad amounts are refused at the contract, and nothing is written', async () => {
    const client = contractClient(t.core)
    const session = await client.login('cashier')
    const { order } = await newOrder(1, 1000)
    const before = await everyRow(t.core)
    for (const amountFen of [0, -100, 1.5, 1e15, Number.MAX_SAFE_INTEGER + 2, '100'])
      for (const [method, input] of [
        ['payments.payCash', { orderId: order.id, tenderedFen: 1000, idempotencyKey: newKey(), amountFen }],
        ['payments.payCard', { orderId: order.id, idempotencyKey: newKey(), amountFen }],
        ['payments.startAlipayQr', { orderId: order.id, amountFen }],
        [
          'payments.payAlipayBarcode',
          { orderId: order.id, authCode: '281234567890123456', idempotencyKey: newKey(), amountFen },
        ],
      ] as const)
        expect(await client.call(method, input, session.token)).toMatchObject({
          ok: false,
          error: { code: 'INVALID_INPUT' },
        })
    expect(await everyRow(t.core)).toEqual(before)
    expect(
      await client.call(
        'payments.payCash',
        { orderId: order.id, tenderedFen: 400, idempotencyKey: newKey(), amountFen: 400 },
        session.token,
      ),
    ).toMatchObject({ ok: true, data: { order: { paidFen: 400 } } })
  })

  it('a repeated part click is the same payment', async () => {
    const { order } = await newOrder(1, 1000)
    const key = newKey()
    const first = await payments.service.payCash(cashier, order.id, 600, key, 600)
    expect(await payments.service.payCash(cashier, order.id, 600, key, 600)).toEqual(first)
    // Even once the rest is paid and the part would not fit any more: the same payment and change.
    await payments.service.payCard(cashier, order.id, newKey())
    expect(await payments.service.payCash(cashier, order.id, 600, key, 600)).toMatchObject({
      payment: first.payment,
      changeFen: 0,
      order: { status: OrderStatus.FINISHED },
    })
    await expect(payments.service.payCash(cashier, order.id, 600, key, 500)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    })
    expect(await paymentRows(t.core, order.id)).toHaveLength(2)
  })

  it('two tills paying the rest at once: one succeeds, the order is paid once, never more than owed', async () => {
    // Two tills with the same till id (a cashier's two screens), each on its own connection.
    const tills = await openTills(t, 2, 'T', { tillIds: ['T1', 'T1'] })
    try {
      for (let round = 0; round < 4; round++) {
        const { order } = await newOrder(1, 2000)
        await payments.service.payCash(cashier, order.id, 500, newKey(), 500)
        const results = await Promise.allSettled(
          tills.tills.map((till, i) =>
            till.payAtCounter({
              orderId: order.id,
              // Cash for the rest with change, card for the rest, or a part that would fit alone.
              tenderedFen: (round + i) % 2 === 1 ? undefined : round === 3 ? 1000 : 2000,
              amountFen: round === 3 ? 1000 : undefined,
              idempotencyKey: newKey(),
            }),
          ),
        )
        const refusals = results.flatMap((r) => (r.status === 'rejected' ? [describeError(r.reason)] : []))
        expect(refusals).toHaveLength(1)
        expect(refusals[0]).toMatch(/^PosError (ILLEGAL_TRANSITION|AMOUNT_EXCEEDS_DUE) /)
        const row = await orderRow(t.core, order.id)
        expect(row.paid_fen).toBe(round === 3 ? 1500 : 2000)
        expect(await settledFen(order.id)).toBe(row.paid_fen)
        expect((await eventsOf(t.core, order.id)).filter((e) => e === 'paid')).toHaveLength(round === 3 ? 0 : 1)
      }
    } finally {
      await tills.close()
    }
    // Two Alipay codes for the whole rest at once: never both payable — the later one withdraws
    // the earlier (or finds it in the way), so at most one pending code asks for the money.
    const { order } = await newOrder(1, 2000)
    await Promise.allSettled([
      payments.service.startAlipayQr(cashier, order.id, 2000),
      payments.service.startAlipayQr(admin, order.id, 2000),
    ])
    const pending = (await paymentRows(t.core, order.id)).filter((p) => p.status === 'pending')
    expect(pending.reduce((sum, p) => sum + p.amount_fen, 0)).toBeLessThanOrEqual(2000)
    for (const p of (await paymentRows(t.core, order.id)).filter((p) => p.status !== 'pending'))
      expect(rig.sandbox.trade(p.out_trade_no)?.status ?? 'TRADE_CLOSED').toBe('TRADE_CLOSED')
  })

  it('a refund of the first part racing the second part: refused or done, totals agree', async () => {
    for (let round = 0; round < 3; round++) {
      const { order } = await newOrder(1, 3000)
      await payments.service.payCash(cashier, order.id, 1000, newKey(), 1000)
      const [cash] = await paymentRows(t.core, order.id)
      const [rest, refunded] = await Promise.allSettled([
        payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey()),
        refund(order.id, 1000, { paymentId: cash?.id }),
      ])
      expect(rest.status).toBe('fulfilled')
      const row = await orderRow(t.core, order.id)
      expect(row.paid_fen).toBe(3000)
      expect(await settledFen(order.id)).toBe(3000)
      const refunds = await t.core.store.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute()
      if (refunded.status === 'fulfilled') {
        expect(row).toMatchObject({ status: OrderStatus.FINISHED, refunded_fen: 1000 })
        expect(refunds).toMatchObject([{ payment_id: cash?.id, amount_fen: 1000, status: 'succeeded' }])
      } else {
        // Refused while the order still waited for its rest: nothing written.
        expect(refunded.reason).toMatchObject({ code: 'ILLEGAL_TRANSITION' })
        expect(row.refunded_fen).toBe(0)
        expect(refunds).toEqual([])
      }
    }
  })

  it('each part refunds through its own method, never more than it brought in', async () => {
    const { order, sku } = await newOrder(2, 2500) // ¥50.00: ¥20 cash, ¥30 Alipay
    await payments.service.payCash(cashier, order.id, 2000, newKey(), 2000)
    await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey())
    const [cash, alipay] = await paymentRows(t.core, order.id)
    expect(
      (await t.core.store.db.transaction().execute((trx) => refundablePayments(trx, order.id))).map((p) => [
        p.payment.id,
        p.refundableFen,
      ]),
    ).toEqual([
      [cash?.id, 2000],
      [alipay?.id, 3000],
    ])
    // More than the cash part brought in.
    await expect(refund(order.id, 2001, { paymentId: cash?.id })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { refundableFen: 2000 },
    })
    // No payment named, and no one payment has that much: each is refunded on its own.
    await expect(refund(order.id, 4000)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    // No payment named: the latest one with enough left (Alipay) — refunded at Alipay.
    expect(await refund(order.id, 1000)).toMatchObject({ status: 'succeeded', order: { refundedFen: 1000 } })
    expect(rig.sandbox.trade(alipay?.out_trade_no as string)?.refunds).toHaveLength(1)
    // The cash part over the counter: Alipay hears nothing of it.
    expect(await refund(order.id, 2000, { paymentId: cash?.id })).toMatchObject({ order: { refundedFen: 3000 } })
    expect(rig.sandbox.trade(alipay?.out_trade_no as string)?.refunds).toHaveLength(1)
    await expect(refund(order.id, 1, { paymentId: cash?.id })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { refundableFen: 0 },
    })
    // The last of it, with the goods back to stock.
    expect(await refund(order.id, 2000, { paymentId: alipay?.id, restock: true })).toMatchObject({
      restocked: true,
      order: { status: OrderStatus.REFUNDED, refundedFen: 5000 },
    })
    expect(await stockOf(t.core, sku)).toEqual({ stock: 10, sales: 0 })
    const refunds = await t.core.store.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute()
    expect(refunds.map((r) => [r.payment_id, r.amount_fen])).toEqual([
      [alipay?.id, 1000],
      [cash?.id, 2000],
      [alipay?.id, 2000],
    ])
  })

  it('late money: a part that no longer fits goes back by itself; a part-paid order does not expire; cancelled, its parts go back', async () => {
    const { order } = await newOrder(1, 2000)
    // The code's cancel will answer "closed" while the customer can still pay it.
    rig.sandbox.faults.add({ kind: 'cancelRaced' })
    const qr = await payments.service.startAlipayQr(cashier, order.id, 1500)
    // ¥10 in cash takes money the code was waiting for: the code is cancelled.
    await payments.service.payCash(cashier, order.id, 1000, newKey(), 1000)
    await payments.service.idle()
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['closed', 'paid'])
    // The customer pays the code anyway: ¥15 is more than the ¥10 still owed, so it goes back.
    rig.sandbox.pay(qr.outTradeNo)
    expect(await payments.reconcile()).toMatchObject({ latePaid: 1 })
    await payments.service.idle()
    const refunds = await t.core.store.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute()
    expect(refunds).toMatchObject([
      { payment_id: qr.paymentId, amount_fen: 1500, request_key: null, status: 'succeeded' },
    ])
    expect(await orderRow(t.core, order.id)).toMatchObject({
      status: OrderStatus.UNPAID,
      paid_fen: 1000,
      refunded_fen: 0,
    })
    expect(await settledFen(order.id)).toBe(1000)
    await payments.service.payCard(cashier, order.id, newKey())
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: 2000 })

    // A part-paid order does not expire: the rest may still come.
    const { order: part, sku } = await newOrder(1, 2000)
    await payments.service.payCash(cashier, part.id, 500, newKey(), 500)
    await payments.service.payAlipayBarcode(cashier, part.id, '281234567890123456', newKey(), 700)
    t.clock.advance(24 * 3600_000)
    await expireUnpaidOrders(t.core, noOrderHooks, cashier)
    expect(await orderRow(t.core, part.id)).toMatchObject({ status: OrderStatus.UNPAID, paid_fen: 1200 })
    // The customer cannot pay the rest: the cashier cancels, and each part goes back its own way.
    await cancelOrder(t.core, payments.orderHooks, cashier, part.id)
    await payments.service.idle()
    expect(await orderRow(t.core, part.id)).toMatchObject({ status: OrderStatus.CANCELLED, refunded_fen: 0 })
    expect(await stockOf(t.core, sku)).toEqual({ stock: 10, sales: 0 })
    const [cashPart, alipayPart] = await paymentRows(t.core, part.id)
    const partRefunds = await t.core.store.db
      .selectFrom('refunds')
      .selectAll()
      .where('order_id', '=', part.id)
      .orderBy('id')
      .execute()
    expect(partRefunds.map((r) => [r.payment_id, r.amount_fen, r.status, r.request_key])).toEqual([
      [cashPart?.id, 500, 'succeeded', null],
      [alipayPart?.id, 700, 'succeeded', null],
    ])
    expect(rig.sandbox.trade(alipayPart?.out_trade_no as string)?.refunds).toHaveLength(1)
    expect((await eventsOf(t.core, part.id)).filter((e) => e === 'payment_refunded')).toHaveLength(2)
  })
})
