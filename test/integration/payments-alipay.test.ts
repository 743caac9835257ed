// Payments (docs/PAYMENTS.md) against the local Alipay sandbox with real RSA keys: QR and barcode payments, the QR
// timeout, a restart with a pending payment, notify and poll racing, and a wrong amount.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PosError } from '../../src-shared/errors'
import { OrderStatus } from '../../src-shared/order-status'
import { fenToYuanString } from '../../src-shared/money'
import type { Actor } from '../../src-main/core/core'
import { writeTransaction } from '../../src-main/db/transaction'
import { startPosHttpServer } from '../../src-main/http/server'
import { AlipayGateway } from '../../src-main/alipay/client/alipay-gateway'
import { generateRsaKeyPair } from '../../src-main/alipay/keys'
import { signingString, signRsa2 } from '../../src-main/alipay/sandbox/signing'
import { paymentRoutes } from '../../src-main/http/alipay-notify-route'
import { createPayments } from '../../src-main/payments/payments'
import type { Payments } from '../../src-main/payments/payments'
import { insertPayment } from '../../src-main/payments/payments.repository'
import { addSku, sell, staffActor, stockOf, newKey } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import {
  type AlipayRig,
  alipayRig,
  eventsOf,
  fastPayments,
  orderRow,
  paymentRows,
  testAppId,
  waitUntil,
  testShop,
} from '../support/payments'

describe.each(testStores)('Alipay payments (%s)', (kind) => {
  let t: TestStore
  let rig: AlipayRig
  let payments: Payments
  let cashier: Actor

  beforeAll(async () => {
    t = await freshStore(kind)
    rig = await alipayRig()
    payments = rig.open(t.core)
    cashier = await staffActor(t.core)
  })
  afterAll(async () => {
    await rig?.close()
    await t?.dispose()
  })

  const newOrder = async (count = 2, priceFen = 615) => {
    const sku = await addSku(t.core, { stock: 10, priceFen })
    return { sku, order: await sell(t.core, cashier, [[sku, count]]) }
  }
  const paidStatus = async (orderId: number) => (await orderRow(t.core, orderId)).status === OrderStatus.FINISHED

  it('QR: precreate shows a PNG of the code; the customer scans and pays; the poller settles it once', async () => {
    const { order } = await newOrder()
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    expect(qr.qrImage).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/)
    expect(qr.qrCode).toMatch(new RegExp(`^${rig.sandbox.baseUrl}/qr/bax`))
    expect(qr).toMatchObject({
      orderId: order.id,
      outTradeNo: `${order.orderNo}_1`,
      amountFen: order.payFen,
      status: 'pending',
      channel: 'qr',
    })
    expect(qr.expiresAt).toBeGreaterThan(t.core.now())
    // Alipay's records say where and by whom: the shop's store, this till, the cashier.
    expect(rig.sandbox.trade(qr.outTradeNo)).toMatchObject({
      totalAmount: fenToYuanString(order.payFen),
      subject: `FreshTill 订单 ${order.orderNo}`,
      storeId: testShop.storeId,
      terminalId: testShop.terminalId,
      operatorId: cashier.username,
    })
    // The pay screen opened again: the same code, not a second trade.
    expect((await payments.service.startAlipayQr(cashier, order.id)).outTradeNo).toBe(qr.outTradeNo)
    expect((await payments.service.status(cashier, order.id)).payment?.status).toBe('pending')

    rig.sandbox.pay(qr.outTradeNo)
    await waitUntil(() => paidStatus(order.id), 'the poller to settle the payment')
    const row = await orderRow(t.core, order.id)
    expect(row).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen, pay_method: 3 })
    expect(row.paid_at).toBe(t.core.now())
    const [payment] = await paymentRows(t.core, order.id)
    expect(payment).toMatchObject({ status: 'paid', amount_fen: order.payFen })
    expect(payment?.trade_no).toMatch(/^\d{28}$/)
    expect(await eventsOf(t.core, order.id)).toEqual(['created', 'payment_started', 'paid'])
    expect(await payments.service.status(cashier, order.id)).toMatchObject({
      orderStatus: OrderStatus.FINISHED,
      paidFen: order.payFen,
      payment: { status: 'paid' },
    })
    await expect(payments.service.startAlipayQr(cashier, order.id)).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    })
  })

  it('barcode: a code that pays at once settles in the call; one that waits for the password is polled', async () => {
    const { order } = await newOrder()
    const now = await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey())
    expect(now).toMatchObject({
      orderStatus: OrderStatus.FINISHED,
      paidFen: order.payFen,
      payment: { status: 'paid', channel: 'barcode' },
    })
    expect(rig.sandbox.trade(now.payment?.outTradeNo as string)).toMatchObject({
      storeId: testShop.storeId,
      terminalId: testShop.terminalId,
      operatorId: cashier.username,
    })

    const { order: waiting } = await newOrder(1, 990)
    const pending = await payments.service.payAlipayBarcode(cashier, waiting.id, '291234567890123456', newKey())
    expect(pending).toMatchObject({ orderStatus: OrderStatus.UNPAID, payment: { status: 'pending' } })
    rig.sandbox.pay(pending.payment?.outTradeNo as string)
    await waitUntil(() => paidStatus(waiting.id), 'the barcode payment to settle')
    expect(await eventsOf(t.core, waiting.id)).toEqual(['created', 'payment_started', 'paid'])
  })

  it('barcode: the same scan sent again with its key is the same payment and one trade; another code with it is a conflict', async () => {
    const { order } = await newOrder()
    const key = newKey()
    const first = await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', key)
    expect(first).toMatchObject({ paidFen: order.payFen, payment: { status: 'paid', channel: 'barcode' } })
    // The answer was lost on the way to the screen; the cashier presses again.
    const again = await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', key)
    expect(again.payment?.outTradeNo).toBe(first.payment?.outTradeNo)
    expect(again).toMatchObject({ paidFen: order.payFen, payment: { status: 'paid' } })
    expect(await paymentRows(t.core, order.id)).toHaveLength(1)
    expect(rig.sandbox.trade(`${order.orderNo}_2`)).toBeUndefined()
    await expect(payments.service.payAlipayBarcode(cashier, order.id, '281234567890123457', key)).rejects.toMatchObject(
      { code: 'IDEMPOTENCY_CONFLICT' },
    )
    expect(await paymentRows(t.core, order.id)).toHaveLength(1)
  })

  it('barcode: a refused code fails the attempt and leaves the order unpaid; a new attempt gets a new number', async () => {
    const { order } = await newOrder()
    const refused = payments.service.payAlipayBarcode(cashier, order.id, '271234567890123456', newKey())
    await expect(refused).rejects.toBeInstanceOf(PosError)
    await expect(refused).rejects.toMatchObject({
      code: 'PAYMENT_FAILED',
      details: { subCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH' },
    })
    expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.UNPAID)
    const again = await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey())
    expect(again.payment?.outTradeNo).toBe(`${order.orderNo}_2`)
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['failed', 'paid'])
  })

  it('a QR code never scanned is cancelled at its timeout, and a new attempt gets a new out_trade_no', async () => {
    const { order } = await newOrder()
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    t.clock.advance(5 * 60_000 + 1)
    await waitUntil(async () => (await paymentRows(t.core, order.id))[0]?.status === 'closed', 'the QR to be cancelled')
    expect(rig.sandbox.trade(qr.outTradeNo)?.status).toBe('TRADE_CLOSED')
    expect(() => rig.sandbox.scan(qr.outTradeNo)).toThrow(/expired or was closed/)
    expect((await orderRow(t.core, order.id)).status).toBe(OrderStatus.UNPAID)
    expect(await eventsOf(t.core, order.id)).toEqual(['created', 'payment_started', 'payment_closed'])
    const next = await payments.service.startAlipayQr(cashier, order.id)
    expect(next.outTradeNo).toBe(`${order.orderNo}_2`)
    rig.sandbox.pay(next.outTradeNo)
    await waitUntil(() => paidStatus(order.id))
  })

  it('after a crash, a new service instance settles the payment made while it was down', async () => {
    const crashed = rig.open(t.core, { poll: false })
    const { order } = await newOrder()
    const qr = await crashed.service.startAlipayQr(cashier, order.id)
    await crashed.close()
    rig.sandbox.pay(qr.outTradeNo)
    const core = await t.openAnother()
    const restarted = rig.open(core, { poll: false })
    const result = await restarted.reconcile()
    expect(result.paid).toBeGreaterThanOrEqual(1)
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen })
    expect((await restarted.reconcile()).paid).toBe(0)
    expect((await eventsOf(t.core, order.id)).filter((e) => e === 'paid')).toHaveLength(1)
  })

  it('a notify and the poller (and a reconciliation) at once: paid exactly once', async () => {
    const rendererDir = mkdtempSync(join(tmpdir(), 'freshtill-notify-'))
    const racing = rig.open(t.core, { pollInitialMs: 5, pollMaxMs: 5 })
    const server = await startPosHttpServer({
      dispatch: () => Promise.resolve({ ok: true, data: null }),
      rendererDir,
      port: 0,
      postRoutes: paymentRoutes(racing.notify),
    })
    try {
      const notifying = rig.open(t.core, { notifyUrl: `${server.url}alipay/notify`, poll: false })
      const { order, sku } = await newOrder()
      const qr = await notifying.service.startAlipayQr(cashier, order.id)
      const paymentId = qr.paymentId
      // The notify goes to `racing`, whose poller also queries every 5 ms; two more checks join in.
      await racing.service.check(paymentId)
      rig.sandbox.pay(qr.outTradeNo)
      await Promise.all([
        racing.service.check(paymentId),
        notifying.service.check(paymentId),
        racing.reconcile(),
        notifying.reconcile(),
      ])
      await waitUntil(
        () => rig.sandbox.trade(qr.outTradeNo)?.notifies[0]?.delivered === true,
        'the notify to be answered success',
      )
      const row = await orderRow(t.core, order.id)
      expect(row).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: order.payFen })
      expect((await eventsOf(t.core, order.id)).filter((e) => e === 'paid')).toHaveLength(1)
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['paid'])
      expect(await stockOf(t.core, sku)).toEqual({ stock: 8, sales: 2 })

      // A forged notify is refused and changes nothing.
      const forged = await fetch(`${server.url}alipay/notify`, {
        method: 'POST',
        body: new URLSearchParams({
          out_trade_no: qr.outTradeNo,
          trade_status: 'TRADE_SUCCESS',
          app_id: '9021000000000042',
          sign: 'AAAA',
          sign_type: 'RSA2',
        }),
      })
      expect(forged.status).toBe(400)
      expect(await forged.text()).not.toBe('success')
    } finally {
      await server.close()
      rmSync(rendererDir, { recursive: true, force: true })
    }
  })

  it('the notify route answers success only to a verified notice of a known trade', async () => {
    // A gateway client that trusts a key this test holds, so that the test can sign notices.
    const alipayKeys = generateRsaKeyPair()
    const gateway = new AlipayGateway({
      appId: testAppId,
      privateKeyPem: generateRsaKeyPair().privateKeyPem,
      alipayPublicKeyPem: alipayKeys.publicKeyPem,
      shop: testShop,
      gateway: rig.sandbox.url,
    })
    const listening = createPayments(t.core, gateway, { ...fastPayments, poll: false })
    try {
      const route = paymentRoutes(listening.notify)['/alipay/notify']
      if (!route) throw new Error('no notify route although there is a gateway')
      const post = (fields: Record<string, string>) =>
        route({
          path: '/alipay/notify',
          query: new URLSearchParams(),
          headers: {},
          body: Buffer.from(new URLSearchParams(fields).toString()),
          remoteAddress: '127.0.0.1',
        })
      const signed = (fields: Record<string, string>) => ({
        ...fields,
        sign_type: 'RSA2',
        sign: signRsa2(signingString(fields, ['sign', 'sign_type']), alipayKeys.privateKey),
      })
      const { order } = await newOrder()
      const qr = await payments.service.startAlipayQr(cashier, order.id)
      const waiting = { app_id: testAppId, out_trade_no: qr.outTradeNo, trade_status: 'WAIT_BUYER_PAY' }

      expect(await post(signed(waiting))).toMatchObject({ status: 200, body: 'success' })
      expect(await post(signed({ ...waiting, out_trade_no: 'NO-SUCH-TRADE' }))).toMatchObject({
        status: 404,
        body: 'fail',
      })
      expect(await post({ ...signed(waiting), trade_status: 'TRADE_SUCCESS' })).toMatchObject({
        status: 400,
        body: 'fail',
      })
      expect(await post(signed({ ...waiting, app_id: '9021000000000999' }))).toMatchObject({
        status: 400,
        body: 'fail',
      })
      expect(paymentRoutes(null)).toEqual({})
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['pending'])
      // Nothing left pending for the tests after this one.
      await payments.service.closePendingTrades(order.id)
      expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['closed'])
    } finally {
      await listening.close()
    }
  })

  it('a paid amount that differs from the order is flagged, and the order is not paid', async () => {
    const { order } = await newOrder()
    const outTradeNo = `${order.orderNo}_1`
    // A trade under the order's number for one fen less (as a tampered or mistaken precreate would make).
    const made = await rig.gateway.precreate({
      outTradeNo,
      amountFen: order.payFen - 1,
      subject: 'x',
      timeoutMinutes: 5,
      operatorId: 'cashier',
    })
    expect(made.kind === 'succeeded' && made.code).toBe('10000')
    await writeTransaction(t.core.store, (trx) =>
      insertPayment(
        trx,
        {
          order_id: order.id,
          method: 3,
          channel: 'qr',
          out_trade_no: outTradeNo,
          amount_fen: order.payFen,
          status: 'pending',
          deadline_at: t.core.now() + 60_000,
        },
        t.core.now(),
      ),
    )
    rig.sandbox.pay(outTradeNo)
    const quiet = rig.open(t.core, { poll: false })
    await quiet.reconcile()
    expect((await paymentRows(t.core, order.id)).map((p) => p.status)).toEqual(['flagged'])
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.UNPAID, paid_fen: 0 })
    expect(await eventsOf(t.core, order.id)).toEqual(['created', 'payment_flagged'])
    // Flagged stays flagged: not looked at again, never paid by a later query.
    expect((await quiet.reconcile()).checked).toBe(0)
  })
})
