// Alipay in the composed app: configuration (POS_ALIPAY_*), a bad key stopping start-up with one
// line, no Alipay at all without credentials unless the sandbox is chosen (POS_ALIPAY_SANDBOX=1,
// or demo mode), the contract end to end, and the reconciliation every start runs.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OrderStatus } from '../../src-shared/order-status'
import { createApp, type PosApp } from '../../src-main/app'
import { ConfigError, loadConfig } from '../../src-main/config'
import { consoleLogger } from '../../src-main/logger'
import { addSku, appClient, newKey } from '../support/shop'
import { fastPayments, liveAlipayTill, waitUntil } from '../support/payments'

const appId = '9021000000000077'
const till = liveAlipayTill(appId)
const { dir } = till

const open = (env: Record<string, string>, poll = true) =>
  createApp(loadConfig(env), { log: consoleLogger('silent'), sweep: false, payments: { ...fastPayments, poll } })

/** Logs in a new cashier, sells one SKU through the contract and returns the order id and token. */
async function sellThroughContract(app: PosApp): Promise<{ token: string; orderId: number }> {
  const { token } = await appClient(app).login('cashier')
  const sku = await addSku(app.core, { stock: 5, priceFen: 1880 })
  await app.dispatch('cart.add', token, { skuId: sku, count: 1 })
  const quote = await app.dispatch('orders.quote', token, { skuIds: [sku], fulfilment: 'pickup' })
  if (!quote.ok) throw new Error(quote.error.message)
  const placed = await app.dispatch('orders.place', token, {
    skuIds: [sku],
    fulfilment: 'pickup',
    payMethod: 3,
    fingerprint: (quote.data as { fingerprint: string }).fingerprint,
    idempotencyKey: newKey(),
  })
  if (!placed.ok) throw new Error(placed.error.message)
  return { token, orderId: (placed.data as { id: number }).id }
}

describe('Alipay configuration', () => {
  it('has no Alipay without credentials unless the sandbox is chosen, and needs the app id with any other Alipay setting', () => {
    expect(loadConfig({ POS_DATA_DIR: dir })).toMatchObject({ alipay: null, alipaySandbox: false })
    expect(loadConfig({ POS_DATA_DIR: dir, POS_ALIPAY_SANDBOX: '1' })).toMatchObject({
      alipay: null,
      alipaySandbox: true,
    })
    expect(() => loadConfig({ POS_ALIPAY_SANDBOX: 'yes' })).toThrow(/^POS_ALIPAY_SANDBOX: /)
    expect(() => loadConfig({ POS_ALIPAY_SANDBOX: '1', POS_ALIPAY_APP_ID: appId })).toThrow(
      /^POS_ALIPAY_SANDBOX: the built-in sandbox and POS_ALIPAY_APP_ID exclude each other/,
    )
    expect(loadConfig({ POS_DATA_DIR: dir, POS_ALIPAY_APP_ID: appId }).alipay).toEqual({
      appId,
      gateway: 'https://openapi.alipay.com/gateway.do',
      privateKeyPath: join('keys', 'app_private_key.pem'),
      publicKeyPath: join('keys', 'alipay_public_key.pub.pem'),
      certificatePaths: null,
      notifyUrl: null,
    })
    expect(() => loadConfig({ POS_ALIPAY_PRIVATE_KEY: 'x.pem' })).toThrow(
      /^POS_ALIPAY_APP_ID: needed with POS_ALIPAY_PRIVATE_KEY/,
    )
    expect(() => loadConfig({ POS_ALIPAY_ROOT_CERT: 'alipayRootCert.crt' })).toThrow(
      /^POS_ALIPAY_APP_ID: needed with POS_ALIPAY_ROOT_CERT/,
    )
    expect(() => loadConfig({ POS_ALIPAY_APP_ID: '12' })).toThrow(/^POS_ALIPAY_APP_ID: must be the 16 digits/)
    expect(() => loadConfig({ POS_ALIPAY_APP_ID: appId, POS_ALIPAY_GATEWAY: 'ftp://x' })).toThrow(
      /^POS_ALIPAY_GATEWAY: must be an http\(s\) URL/,
    )
  })

  it('a missing, unreadable or wrong key stops start-up with one line naming the file', async () => {
    const missing = open({ ...till.env(), POS_ALIPAY_PRIVATE_KEY: join(dir, 'nope.pem') })
    await expect(missing).rejects.toBeInstanceOf(ConfigError)
    await expect(missing).rejects.toThrow(/^keys: the private key .*nope\.pem is missing/)
    const junk = join(dir, 'junk.pem')
    writeFileSync(junk, 'not a key at all')
    const wrong = open({ ...till.env(), POS_ALIPAY_PUBLIC_KEY: junk })
    await expect(wrong).rejects.toThrow(/^keys: .*junk\.pem is neither a PEM nor the base64 body of an RSA public key$/)
  })
})

describe('Alipay in the app', () => {
  it('without credentials and outside demo mode: Alipay is unavailable, nothing is sent anywhere', async () => {
    const app = await open({ POS_DATA_DIR: join(dir, 'off-data') })
    try {
      expect(app.alipay).toMatchObject({ mode: 'off', gateway: null, sandbox: null })
      expect(await app.dispatch('app.info', null, {})).toMatchObject({ ok: true, data: { alipay: 'off' } })
      const { token, orderId } = await sellThroughContract(app)
      for (const [method, input] of [
        ['payments.startAlipayQr', { orderId }],
        ['payments.payAlipayBarcode', { orderId, authCode: '281234567890123456', idempotencyKey: newKey() }],
      ] as const) {
        expect(await app.dispatch(method, token, input)).toMatchObject({
          ok: false,
          error: { code: 'PAY_METHOD_UNAVAILABLE', details: { payMethod: 3 } },
        })
      }
      expect(await app.core.store.db.selectFrom('payments').selectAll().execute()).toEqual([])
    } finally {
      await app.close()
    }
  })

  it('with POS_ALIPAY_SANDBOX=1: the built-in sandbox takes a QR payment end to end through the contract', async () => {
    const app = await open({ POS_DATA_DIR: join(dir, 'sandbox-data'), POS_ALIPAY_SANDBOX: '1' })
    try {
      expect(app.alipay.mode).toBe('sandbox')
      expect(await app.dispatch('app.info', null, {})).toMatchObject({ ok: true, data: { alipay: 'sandbox' } })
      const { token, orderId } = await sellThroughContract(app)
      const qr = await app.dispatch('payments.startAlipayQr', token, { orderId })
      if (!qr.ok) throw new Error(qr.error.message)
      const { outTradeNo, qrCode } = qr.data as { outTradeNo: string; qrCode: string }
      expect(qrCode.startsWith(app.alipay.sandbox?.baseUrl as string)).toBe(true)
      app.alipay.sandbox?.pay(outTradeNo)
      await waitUntil(async () => {
        const status = await app.dispatch('payments.status', token, { orderId })
        return status.ok && (status.data as { orderStatus: number }).orderStatus === OrderStatus.FINISHED
      })
    } finally {
      await app.close()
    }
  })

  it('with credentials: the configured gateway; a payment made while the app was down is settled when it starts again', async () => {
    const first = await open(till.env(), false)
    let orderId: number
    let outTradeNo: string
    try {
      expect(first.alipay.mode).toBe('live')
      expect(await first.dispatch('app.info', null, {})).toMatchObject({
        ok: true,
        data: { alipay: 'live', demo: null },
      })
      await first.reconciled
      const sold = await sellThroughContract(first)
      orderId = sold.orderId
      const qr = await first.dispatch('payments.startAlipayQr', sold.token, { orderId })
      if (!qr.ok) throw new Error(qr.error.message)
      outTradeNo = (qr.data as { outTradeNo: string }).outTradeNo
    } finally {
      await first.close()
    }
    till.sandbox.pay(outTradeNo)
    const second = await open(till.env(), false)
    try {
      await second.reconciled
      const row = await second.core.store.db
        .selectFrom('order_info')
        .select(['status', 'paid_fen'])
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ status: OrderStatus.FINISHED, paid_fen: 1880 })
    } finally {
      await second.close()
    }
  })
})
