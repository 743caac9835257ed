// The local Alipay sandbox against the real alipay-sdk client, with real RSA-2048 keys: every
// answer the tests look at has passed the SDK's own signature check (validateSign: true).
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { AlipaySdk, type AlipaySdkCommonResult } from 'alipay-sdk'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src-main/config'
import {
  appKeyFiles,
  generateKeyPairFiles,
  generateRsaKeyPair,
  loadAppPrivateKeyForSdk,
  loadPublicKeyPem,
} from '../../src-main/alipay/keys'
import { chinaTime } from '../../src-main/alipay/china-time'
import { type AlipaySandbox, startAlipaySandbox } from '../../src-main/alipay/sandbox/sandbox'
import { testId } from '../support/ids'
import { waitUntil } from '../support/payments'

const appId = '9021000000000001'
const app = generateRsaKeyPair()
let sandbox: AlipaySandbox
let sdk: AlipaySdk

function clientWith(privateKey: string, options: { timeout?: number; appId?: string } = {}): AlipaySdk {
  return new AlipaySdk({
    appId: options.appId ?? appId,
    privateKey,
    alipayPublicKey: sandbox.publicKeyPem,
    gateway: sandbox.url,
    endpoint: sandbox.baseUrl,
    timeout: options.timeout ?? 3000,
  })
}

const exec = (
  method: string,
  bizContent: Record<string, unknown>,
  params: Record<string, unknown> = {},
  client = sdk,
) => client.exec(method, { ...params, bizContent }, { validateSign: true })
const query = (outTradeNo: string) => exec('alipay.trade.query', { out_trade_no: outTradeNo })

/** A fresh out_trade_no: letters, digits and _ only, as Alipay allows. */
const tradeNo = (label: string) => `${testId('FT')}_${label}`

async function precreate(
  outTradeNo: string,
  amount = '12.30',
  subject = '鲜果拼盘 FreshTill',
  params: Record<string, unknown> = {},
) {
  return exec('alipay.trade.precreate', { out_trade_no: outTradeNo, total_amount: amount, subject }, params)
}

async function paidTrade(amount: string): Promise<string> {
  const no = tradeNo('paid')
  const answer = await exec('alipay.trade.pay', {
    out_trade_no: no,
    scene: 'bar_code',
    auth_code: '281234567890123456',
    total_amount: amount,
    subject: '草莓 500g',
  })
  expect(answer.code).toBe('10000')
  return no
}

function expectFailure(answer: AlipaySdkCommonResult, subCode: string, code = '40004') {
  expect({ code: answer.code, subCode: answer.subCode }).toEqual({ code, subCode })
}

beforeAll(async () => {
  sandbox = await startAlipaySandbox({ appId, appPublicKey: app.publicKeyPem, notifyRetryMs: [50, 100, 150] })
  sdk = clientWith(app.privateKeyPem)
})
afterEach(() => sandbox.faults.clear())
afterAll(() => sandbox.close())

describe('QR payment (alipay.trade.precreate)', () => {
  it('does not exist before the scan, waits for the buyer after it, and is paid with the amounts', async () => {
    const no = tradeNo('qr')
    const created = await precreate(no)
    expect(created).toMatchObject({ code: '10000', msg: 'Success', outTradeNo: no })
    const qrCode = created.qrCode as string
    expect(qrCode).toMatch(new RegExp(`^${sandbox.baseUrl}/qr/bax[0-9a-f]+$`))
    expectFailure(await query(no), 'ACQ.TRADE_NOT_EXIST')
    expectFailure(await exec('alipay.trade.close', { out_trade_no: no }), 'ACQ.TRADE_NOT_EXIST')

    // The customer opens the page the QR code points at, scans, then pays.
    const page = await (await fetch(qrCode)).text()
    expect(page).toContain('¥12.30')
    expect(page).toContain('鲜果拼盘 FreshTill')
    expect(page).toContain('id="scan"')
    const scanned = await fetch(`${qrCode}/scan`, { method: 'POST', redirect: 'manual' })
    expect(scanned.status).toBe(303)
    expect(await query(no)).toMatchObject({
      code: '10000',
      tradeStatus: 'WAIT_BUYER_PAY',
      totalAmount: '12.30',
      receiptAmount: '0.00',
    })
    expect(await (await fetch(qrCode)).text()).toContain('id="pay"')
    expect((await fetch(`${qrCode}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(303)

    const paid = await query(no)
    expect(paid).toMatchObject({
      code: '10000',
      outTradeNo: no,
      tradeStatus: 'TRADE_SUCCESS',
      totalAmount: '12.30',
      receiptAmount: '12.30',
      buyerPayAmount: '12.30',
    })
    expect(paid.tradeNo).toMatch(/^\d{28}$/)
    expect(paid.sendPayDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    expect(await exec('alipay.trade.query', { trade_no: paid.tradeNo })).toMatchObject({
      outTradeNo: no,
      tradeStatus: 'TRADE_SUCCESS',
    })
  })

  it('answers a repeated precreate with the same QR code, and refuses other details or a finished trade', async () => {
    const no = tradeNo('again')
    const first = await precreate(no)
    expect((await precreate(no)).qrCode).toBe(first.qrCode)
    expectFailure(await precreate(no, '12.31'), 'ACQ.CONTEXT_INCONSISTENT')
    expectFailure(await precreate(no, '12.30', '另一个订单'), 'ACQ.CONTEXT_INCONSISTENT')
    sandbox.pay(no)
    expectFailure(await precreate(no), 'ACQ.TRADE_HAS_SUCCESS')

    const closed = tradeNo('closed')
    await precreate(closed)
    sandbox.scan(closed)
    expect((await exec('alipay.trade.close', { out_trade_no: closed })).code).toBe('10000')
    expectFailure(await precreate(closed), 'ACQ.TRADE_HAS_CLOSE')
  })

  it('checks amounts and ids as Alipay does', async () => {
    expectFailure(await precreate(tradeNo('amount'), '12.345'), 'ACQ.INVALID_PARAMETER')
    expectFailure(await precreate(tradeNo('zero'), '0.00'), 'ACQ.INVALID_PARAMETER')
    expectFailure(await precreate(tradeNo('big'), '100000000.01'), 'ACQ.TOTAL_FEE_EXCEED')
    expectFailure(await precreate('bad-id!'), 'ACQ.INVALID_PARAMETER')
  })
})

describe('closing and cancelling', () => {
  it('closes only a trade waiting for the buyer', async () => {
    const no = tradeNo('close')
    await precreate(no)
    sandbox.scan(no)
    expect(await exec('alipay.trade.close', { out_trade_no: no })).toMatchObject({ code: '10000', outTradeNo: no })
    expect((await query(no)).tradeStatus).toBe('TRADE_CLOSED')
    expectFailure(await exec('alipay.trade.close', { out_trade_no: no }), 'ACQ.TRADE_STATUS_ERROR')
    expect(() => sandbox.pay(no)).toThrow(/closed/)

    const paid = await paidTrade('5.00')
    expectFailure(await exec('alipay.trade.close', { out_trade_no: paid }), 'ACQ.TRADE_STATUS_ERROR')
    expectFailure(await exec('alipay.trade.close', { out_trade_no: tradeNo('never') }), 'ACQ.TRADE_NOT_EXIST')
  })

  it('cancels an unscanned QR (action close) so the customer can no longer pay, and says the same again', async () => {
    const no = tradeNo('cancel_qr')
    await precreate(no)
    const cancelled = await exec('alipay.trade.cancel', { out_trade_no: no })
    expect(cancelled).toMatchObject({ code: '10000', action: 'close', retryFlag: 'N' })
    expect(() => sandbox.scan(no)).toThrow(/expired or was closed/)
    expect(await exec('alipay.trade.cancel', { out_trade_no: no })).toMatchObject({
      code: '10000',
      action: 'close',
      retryFlag: 'N',
    })
  })

  it('cancels a paid trade by refunding it in full (action refund)', async () => {
    const no = await paidTrade('8.80')
    const cancelled = await exec('alipay.trade.cancel', { out_trade_no: no })
    expect(cancelled).toMatchObject({ code: '10000', action: 'refund', retryFlag: 'N' })
    expect(await query(no)).toMatchObject({ tradeStatus: 'TRADE_CLOSED' })
    expect(sandbox.trade(no)?.refundedFen).toBe(880)
    expect(await exec('alipay.trade.cancel', { out_trade_no: no })).toMatchObject({ code: '10000', action: 'refund' })
  })

  it('answers a cancel of a trade it never saw without an action', async () => {
    const answer = await exec('alipay.trade.cancel', { out_trade_no: tradeNo('unknown') })
    expect(answer).toMatchObject({ code: '10000', retryFlag: 'N' })
    expect(answer.action).toBeUndefined()
  })

  it('asks for a retry (retry_flag Y) under the systemError fault, and nothing happened', async () => {
    const no = tradeNo('cancel_retry')
    await precreate(no)
    sandbox.scan(no)
    sandbox.faults.add({ kind: 'systemError', method: 'alipay.trade.cancel', count: 1 })
    expect(await exec('alipay.trade.cancel', { out_trade_no: no })).toMatchObject({
      code: '40004',
      subCode: 'ACQ.SYSTEM_ERROR',
      retryFlag: 'Y',
    })
    expect((await query(no)).tradeStatus).toBe('WAIT_BUYER_PAY')
    expect(await exec('alipay.trade.cancel', { out_trade_no: no })).toMatchObject({ code: '10000', action: 'close' })
  })
})

describe('barcode payment (alipay.trade.pay)', () => {
  const pay = (no: string, authCode: string, amount = '3.50') =>
    exec('alipay.trade.pay', {
      out_trade_no: no,
      scene: 'bar_code',
      auth_code: authCode,
      total_amount: amount,
      subject: '香蕉 1kg',
    })

  it('pays at once for a code starting 28', async () => {
    const no = tradeNo('bar28')
    expect(await pay(no, '281234567890123456')).toMatchObject({
      code: '10000',
      outTradeNo: no,
      totalAmount: '3.50',
      receiptAmount: '3.50',
      buyerPayAmount: '3.50',
    })
    expect((await query(no)).tradeStatus).toBe('TRADE_SUCCESS')
    expectFailure(await pay(no, '281234567890123456'), 'ACQ.TRADE_HAS_SUCCESS')
  })

  it('waits for the password (10003) for a code starting 29, until the customer pays', async () => {
    const no = tradeNo('bar29')
    expect(await pay(no, '291234567890123456')).toMatchObject({ code: '10003', outTradeNo: no, totalAmount: '3.50' })
    expect((await query(no)).tradeStatus).toBe('WAIT_BUYER_PAY')
    expect((await pay(no, '291234567890123456')).code).toBe('10003')
    expectFailure(await pay(no, '291234567890123456', '3.60'), 'ACQ.CONTEXT_INCONSISTENT')
    sandbox.pay(no)
    expect(await query(no)).toMatchObject({ tradeStatus: 'TRADE_SUCCESS', receiptAmount: '3.50' })
  })

  it('refuses other codes, and then the trade does not exist', async () => {
    const no = tradeNo('bad_code')
    expectFailure(await pay(no, '181234567890123456'), 'ACQ.PAYMENT_AUTH_CODE_INVALID')
    expectFailure(await pay(no, '28123'), 'ACQ.PAYMENT_AUTH_CODE_INVALID')
    expectFailure(await pay(no, '271234567890123456'), 'ACQ.BUYER_BALANCE_NOT_ENOUGH')
    expectFailure(await query(no), 'ACQ.TRADE_NOT_EXIST')
    expectFailure(
      await exec('alipay.trade.pay', {
        out_trade_no: no,
        auth_code: '281234567890123456',
        total_amount: '1.00',
        subject: 'x',
      }),
      'ACQ.INVALID_PARAMETER',
    )
  })
})

describe('refunds (alipay.trade.refund, alipay.trade.fastpay.refund.query)', () => {
  const refund = (no: string, amount: string, outRequestNo?: string) =>
    exec('alipay.trade.refund', {
      out_trade_no: no,
      refund_amount: amount,
      ...(outRequestNo ? { out_request_no: outRequestNo } : {}),
      refund_reason: '商品损坏',
    })
  const refundQuery = (no: string, outRequestNo: string) =>
    exec('alipay.trade.fastpay.refund.query', { out_trade_no: no, out_request_no: outRequestNo })

  it('refunds in parts, once per out_request_no, never more than was paid; the last part closes the trade', async () => {
    const no = await paidTrade('10.00')
    expect(await refund(no, '3.00', 'R1')).toMatchObject({ code: '10000', fundChange: 'Y', refundFee: '3.00' })
    expect(await refund(no, '3.00', 'R1')).toMatchObject({ code: '10000', fundChange: 'N', refundFee: '3.00' })
    expectFailure(await refund(no, '2.00'), 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL')
    expectFailure(await refund(no, '7.01', 'R2'), 'ACQ.REASON_TRADE_REFUND_FEE_ERR')
    expect((await query(no)).tradeStatus).toBe('TRADE_SUCCESS')
    expect(await refund(no, '7.00', 'R3')).toMatchObject({ code: '10000', fundChange: 'Y', refundFee: '10.00' })
    expect((await query(no)).tradeStatus).toBe('TRADE_CLOSED')
    expectFailure(await refund(no, '0.01', 'R4'), 'ACQ.TRADE_HAS_CLOSE')

    expect(await refundQuery(no, 'R1')).toMatchObject({
      code: '10000',
      outRequestNo: 'R1',
      refundAmount: '3.00',
      totalAmount: '10.00',
      refundStatus: 'REFUND_SUCCESS',
    })
    const notRefunded = await refundQuery(no, 'R2')
    expect(notRefunded.code).toBe('10000')
    expect(notRefunded.refundStatus).toBeUndefined()
    expect(notRefunded.refundAmount).toBeUndefined()
  })

  it('refunds in full without out_request_no, once', async () => {
    const no = await paidTrade('6.60')
    expect(await refund(no, '6.60')).toMatchObject({ code: '10000', fundChange: 'Y', refundFee: '6.60' })
    expect(await refund(no, '6.60')).toMatchObject({ code: '10000', fundChange: 'N', refundFee: '6.60' })
    expect(sandbox.trade(no)).toMatchObject({ status: 'TRADE_CLOSED', refundedFen: 660 })
  })

  it('refuses refunds of unpaid, unknown and finished trades', async () => {
    const waiting = tradeNo('unpaid')
    await precreate(waiting)
    expectFailure(await refund(waiting, '1.00', 'R1'), 'ACQ.TRADE_NOT_EXIST')
    sandbox.scan(waiting)
    expectFailure(await refund(waiting, '1.00', 'R1'), 'ACQ.TRADE_STATUS_ERROR')
    const finished = await paidTrade('2.00')
    sandbox.finish(finished)
    expect((await query(finished)).tradeStatus).toBe('TRADE_FINISHED')
    expectFailure(await refund(finished, '1.00', 'R1'), 'ACQ.TRADE_HAS_FINISHED')
    expectFailure(await refundQuery(tradeNo('nothing'), 'R1'), 'ACQ.TRADE_NOT_EXIST')
  })
})

describe('request signatures and common parameters', () => {
  it('refuses a request signed with another key (isv.invalid-signature), in a signed answer', async () => {
    const stranger = clientWith(generateRsaKeyPair().privateKeyPem)
    const answer = await exec('alipay.trade.query', { out_trade_no: 'x' }, {}, stranger)
    expectFailure(answer, 'isv.invalid-signature', '40002')
    expect(answer.subMsg).toContain(
      'app_id=9021000000000001&biz_content={"out_trade_no":"x"}&charset=utf-8&method=alipay.trade.query',
    )
  })

  it('refuses an unknown app id', async () => {
    const other = clientWith(app.privateKeyPem, { appId: '9021000000009999' })
    expectFailure(await exec('alipay.trade.query', { out_trade_no: 'x' }, {}, other), 'isv.invalid-app-id', '40002')
  })

  it('refuses a request without a signature (isv.missing-signature)', async () => {
    const response = await fetch(
      `${sandbox.url}?app_id=${appId}&method=alipay.trade.query&charset=utf-8&sign_type=RSA2&timestamp=2025-01-01%2012:00:00&version=1.0`,
      {
        method: 'POST',
        body: new URLSearchParams({ biz_content: '{"out_trade_no":"x"}' }),
      },
    )
    const body = JSON.parse(await response.text()) as { alipay_trade_query_response: unknown; sign: unknown }
    expect(body.alipay_trade_query_response).toMatchObject({ code: '40001', sub_code: 'isv.missing-signature' })
    expect(typeof body.sign).toBe('string')
  })
})

describe('faults', () => {
  const barcodePay = (no: string) => ({
    out_trade_no: no,
    scene: 'bar_code',
    auth_code: '281234567890123456',
    total_amount: '6.60',
    subject: '豆腐',
  })

  it('done but answered 20000: a signed isp.unknow-error, though the payment went through', async () => {
    const no = tradeNo('f20000')
    sandbox.faults.add({ kind: 'doneButUnknown', method: 'alipay.trade.pay', count: 1 })
    expectFailure(await exec('alipay.trade.pay', barcodePay(no)), 'isp.unknow-error', '20000')
    expect(await query(no)).toMatchObject({ tradeStatus: 'TRADE_SUCCESS', totalAmount: '6.60' })
  })

  it('an unsigned refusal: 40004 with the sub_code and no sign at all; nothing happened', async () => {
    const no = tradeNo('funsigned')
    sandbox.faults.add({ kind: 'unsignedRefusal', subCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH', count: 2 })
    const answer = await sdk.exec('alipay.trade.pay', { bizContent: barcodePay(no) })
    expectFailure(answer, 'ACQ.BUYER_BALANCE_NOT_ENOUGH')
    // With validateSign the SDK finds no sign to check and fails in node:crypto.
    await expect(exec('alipay.trade.pay', barcodePay(no))).rejects.toThrow()
    expect(sandbox.trade(no)).toBeUndefined()
    expect(sandbox.faults.list()).toEqual([])
  })

  it('cancelRaced: the cancel answers "closed" but the trade stays payable', async () => {
    const no = tradeNo('frace')
    await precreate(no)
    sandbox.scan(no)
    sandbox.faults.add({ kind: 'cancelRaced', count: 1 })
    expect(await exec('alipay.trade.cancel', { out_trade_no: no })).toMatchObject({ code: '10000', action: 'close' })
    sandbox.pay(no)
    expect((await query(no)).tradeStatus).toBe('TRADE_SUCCESS')
  })

  it('refuses a subCode on any fault but unsignedRefusal', () => {
    expect(() => sandbox.faults.add({ kind: 'drop', subCode: 'ACQ.SYSTEM_ERROR' })).toThrow(RangeError)
  })

  it('HTTP 5xx: the SDK throws and nothing happened', async () => {
    const no = tradeNo('f5xx')
    sandbox.faults.add({ kind: 'http5xx', status: 503, count: 1 })
    await expect(precreate(no)).rejects.toMatchObject({
      name: 'AlipayRequestError',
      message: expect.stringContaining('status: 503'),
    })
    expect(sandbox.trade(no)).toBeUndefined()
    expect((await precreate(no)).code).toBe('10000')
  })

  it('a non-JSON body: the SDK throws and nothing happened', async () => {
    const no = tradeNo('fhtml')
    sandbox.faults.add({ kind: 'nonJson', method: 'alipay.trade.precreate', count: 1 })
    await expect(precreate(no)).rejects.toThrow(/Response 格式错误/)
    expect(sandbox.trade(no)).toBeUndefined()
  })

  it('a bad response signature: validateSign throws, though the trade did change', async () => {
    const no = tradeNo('fsign')
    sandbox.faults.add({ kind: 'badSignature', count: 1 })
    const pay = {
      out_trade_no: no,
      scene: 'bar_code',
      auth_code: '281234567890123456',
      total_amount: '9.90',
      subject: '牛奶',
    }
    await expect(exec('alipay.trade.pay', pay)).rejects.toThrow(/验签失败/)
    expect((await query(no)).tradeStatus).toBe('TRADE_SUCCESS')
    // Why the client must always pass validateSign: without it the forged answer is believed.
    sandbox.faults.add({ kind: 'badSignature', count: 1 })
    expect((await sdk.exec('alipay.trade.query', { bizContent: { out_trade_no: no } })).tradeStatus).toBe(
      'TRADE_SUCCESS',
    )
  })

  it('latency: the answer comes late; past the client timeout the SDK gives up, though the trade was made', async () => {
    const no = tradeNo('flate')
    await precreate(no)
    sandbox.scan(no)
    sandbox.faults.add({ kind: 'latency', ms: 400, method: 'alipay.trade.query', count: 1 })
    const started = Date.now()
    expect((await query(no)).tradeStatus).toBe('WAIT_BUYER_PAY')
    expect(Date.now() - started).toBeGreaterThanOrEqual(390)

    const slow = tradeNo('fslow')
    // Answered long after the client's timeout, with room for a busy machine to send the request.
    sandbox.faults.add({ kind: 'latency', ms: 5000, count: 1 })
    await expect(
      exec(
        'alipay.trade.precreate',
        { out_trade_no: slow, total_amount: '1.00', subject: 'x' },
        {},
        clientWith(app.privateKeyPem, { timeout: 1000 }),
      ),
    ).rejects.toThrow(/HttpClient Request error/)
    await waitUntil(() => sandbox.trade(slow)?.status === 'WAIT_BUYER_PAY', 'the trade made behind the timeout')
  })

  /** A barcode payment of ¥4.20 with a code that pays at once. */
  const eggsByBarcode = (no: string) => ({
    out_trade_no: no,
    scene: 'bar_code',
    auth_code: '281234567890123456',
    total_amount: '4.20',
    subject: '鸡蛋',
  })

  it('a dropped response: the SDK errors, but the payment went through (a later query sees it)', async () => {
    const no = tradeNo('fdrop')
    // Two drops: urllib under the SDK sends the same signed request once more after a socket error.
    sandbox.faults.add({ kind: 'drop', method: 'alipay.trade.pay', count: 2 })
    const pay = eggsByBarcode(no)
    await expect(exec('alipay.trade.pay', pay)).rejects.toThrow(/HttpClient Request error/)
    expect(await query(no)).toMatchObject({ tradeStatus: 'TRADE_SUCCESS', totalAmount: '4.20' })
  })

  it("one dropped response is hidden by the SDK's own resend, which then hears ACQ.TRADE_HAS_SUCCESS for a paid pay", async () => {
    const no = tradeNo('fdrop1')
    sandbox.faults.add({ kind: 'drop', method: 'alipay.trade.pay', count: 1 })
    const pay = eggsByBarcode(no)
    expectFailure(await exec('alipay.trade.pay', pay), 'ACQ.TRADE_HAS_SUCCESS')
    expect((await query(no)).tradeStatus).toBe('TRADE_SUCCESS')
  })

  it('keeps to its method and count, and is switched over HTTP as well', async () => {
    const no = tradeNo('fscope')
    const switched = await fetch(`${sandbox.baseUrl}/sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'http5xx', method: 'alipay.trade.query', count: 2 }]),
    })
    expect(switched.status).toBe(200)
    expect((await precreate(no)).code).toBe('10000')
    await expect(query(no)).rejects.toThrow(/status: 502/)
    expect(sandbox.faults.list()).toMatchObject([{ kind: 'http5xx', count: 1 }])
    await expect(query(no)).rejects.toThrow(/status: 502/)
    expect(sandbox.faults.list()).toEqual([])
    expectFailure(await query(no), 'ACQ.TRADE_NOT_EXIST')

    const bad = await fetch(`${sandbox.baseUrl}/sandbox/faults`, { method: 'POST', body: '{"kind":"latency"}' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toMatch(/ms/)
    await fetch(`${sandbox.baseUrl}/sandbox/faults`, { method: 'POST', body: '{"kind":"drop"}' })
    const cleared = (await (await fetch(`${sandbox.baseUrl}/sandbox/faults`, { method: 'DELETE' })).json()) as {
      faults: unknown[]
    }
    expect(cleared.faults).toEqual([])
    expect(sandbox.faults.list()).toEqual([])
  })
})

describe('async notify', () => {
  let receiver: Server
  let receiverUrl: string
  const received: Record<string, string>[] = []
  let failuresLeft = 0

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      req.on('end', () => {
        received.push(Object.fromEntries(new URLSearchParams(body)))
        // The merchant's first answers are not `success`: the sandbox must try again.
        res.end(failuresLeft-- > 0 ? 'fail' : 'success')
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alipay/notify`
  })
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())))

  it('posts a signed notify on payment and on refund, again until the reply is exactly success', async () => {
    received.length = 0
    failuresLeft = 2
    const no = tradeNo('notify')
    await precreate(no, '25.80', '鲜果拼盘 & 酸奶', { notifyUrl: receiverUrl })
    sandbox.pay(no)
    await waitUntil(() => received.length === 3)
    await sleep(300)
    expect(received).toHaveLength(3)
    const notify = received[2] as Record<string, string>
    expect(sdk.checkNotifySignV2(notify)).toBe(true)
    expect(notify).toMatchObject({
      notify_type: 'trade_status_sync',
      app_id: appId,
      out_trade_no: no,
      trade_status: 'TRADE_SUCCESS',
      total_amount: '25.80',
      receipt_amount: '25.80',
      buyer_pay_amount: '25.80',
      subject: '鲜果拼盘 & 酸奶',
      sign_type: 'RSA2',
    })
    expect(notify.gmt_payment).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    expect(Object.values(notify).every((value) => value !== '')).toBe(true)
    expect(new Set(received.map((n) => n.notify_id)).size).toBe(1)
    expect(sdk.checkNotifySignV2({ ...notify, total_amount: '0.01' })).toBe(false)
    expect(sandbox.trade(no)?.notifies[0]).toMatchObject({
      delivered: true,
      attempts: [{ reply: 'fail' }, { reply: 'fail' }, { reply: 'success' }],
    })

    received.length = 0
    expect(
      (await exec('alipay.trade.refund', { out_trade_no: no, refund_amount: '25.80', out_request_no: 'R1' })).code,
    ).toBe('10000')
    await waitUntil(() => received.length === 1)
    const refunded = received[0] as Record<string, string>
    expect(sdk.checkNotifySignV2(refunded)).toBe(true)
    expect(refunded).toMatchObject({
      out_trade_no: no,
      trade_status: 'TRADE_CLOSED',
      refund_fee: '25.80',
      out_biz_no: 'R1',
    })
    expect(refunded.gmt_refund).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/)
  })

  it('gives up after the last retry of its schedule', async () => {
    received.length = 0
    failuresLeft = 100
    const no = tradeNo('notify_fail')
    await exec(
      'alipay.trade.pay',
      { out_trade_no: no, scene: 'bar_code', auth_code: '281234567890123456', total_amount: '1.00', subject: 'x' },
      { notifyUrl: receiverUrl },
    )
    await waitUntil(() => received.length === 4)
    await sleep(300)
    expect(received).toHaveLength(4)
    expect(sandbox.trade(no)?.notifies[0]?.delivered).toBe(false)
  })
})

describe('time limits', () => {
  it('refuses a request whose timestamp is more than 15 minutes from China time (isv.invalid-timestamp)', async () => {
    const no = tradeNo('stamp')
    const at = (offsetMs: number) => ({ timestamp: chinaTime(Date.now() + offsetMs) })
    expectFailure(
      await exec('alipay.trade.query', { out_trade_no: no }, at(16 * 60_000)),
      'isv.invalid-timestamp',
      '40002',
    )
    expectFailure(
      await exec('alipay.trade.query', { out_trade_no: no }, at(-16 * 60_000)),
      'isv.invalid-timestamp',
      '40002',
    )
    // A till whose host zone is UTC and writes local time is 8 hours off.
    const utcStamp = new Date().toISOString().slice(0, 19).replace('T', ' ')
    expectFailure(
      await exec('alipay.trade.query', { out_trade_no: no }, { timestamp: utcStamp }),
      'isv.invalid-timestamp',
      '40002',
    )
    expectFailure(await exec('alipay.trade.query', { out_trade_no: no }, at(14 * 60_000)), 'ACQ.TRADE_NOT_EXIST')
  })

  it('closes an unpaid trade after its timeout_express', async () => {
    let clock = Date.parse('2025-06-01T02:00:00Z')
    const timed = await startAlipaySandbox({ appId, appPublicKey: app.publicKeyPem, now: () => clock })
    try {
      const client = new AlipaySdk({
        appId,
        privateKey: app.privateKeyPem,
        alipayPublicKey: timed.publicKeyPem,
        gateway: timed.url,
        endpoint: timed.baseUrl,
      })
      const no = tradeNo('timeout')
      await exec(
        'alipay.trade.precreate',
        { out_trade_no: no, total_amount: '1.00', subject: 'x', timeout_express: '5m' },
        { timestamp: chinaTime(clock) },
        client,
      )
      timed.scan(no)
      clock += 4 * 60_000
      expect(
        (await exec('alipay.trade.query', { out_trade_no: no }, { timestamp: chinaTime(clock) }, client)).tradeStatus,
      ).toBe('WAIT_BUYER_PAY')
      clock += 60_000
      expect(
        (await exec('alipay.trade.query', { out_trade_no: no }, { timestamp: chinaTime(clock) }, client)).tradeStatus,
      ).toBe('TRADE_CLOSED')
      expect(() => timed.pay(no)).toThrow(/closed/)
    } finally {
      await timed.close()
    }
  })
})

describe('keys', () => {
  const dirs: string[] = []
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'freshtill-keys-'))
    dirs.push(dir)
    return dir
  }
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('generates the app pair 0600 and never overwrites it without force', () => {
    const dir = tempDir()
    const paths = generateKeyPairFiles(dir, appKeyFiles)
    expect(statSync(paths.privateKeyPath).mode & 0o777).toBe(0o600)
    expect(readFileSync(paths.privateKeyPath, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/)
    expect(readFileSync(paths.publicKeyPath, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    const before = readFileSync(paths.privateKeyPath, 'utf8')
    expect(() => generateKeyPairFiles(dir, appKeyFiles)).toThrow(/already exist.*--force/)
    expect(readFileSync(paths.privateKeyPath, 'utf8')).toBe(before)
    chmodSync(paths.privateKeyPath, 0o644)
    generateKeyPairFiles(dir, appKeyFiles, { force: true })
    expect(readFileSync(paths.privateKeyPath, 'utf8')).not.toBe(before)
    expect(statSync(paths.privateKeyPath).mode & 0o777).toBe(0o600)
  })

  it('loads a PKCS1 or PKCS8 PEM or a bare base64 body into a key the SDK signs with', async () => {
    const dir = tempDir()
    const pair = generateRsaKeyPair()
    const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    const forms = {
      pkcs1: pair.privateKeyPem,
      pkcs8,
      bare: pkcs8
        .split('\n')
        .filter((line) => line && !line.startsWith('-----'))
        .join('\n'),
    }
    const signer = await startAlipaySandbox({ appId, appPublicKey: pair.publicKeyPem })
    try {
      for (const [form, text] of Object.entries(forms)) {
        const path = join(dir, `${form}.pem`)
        writeFileSync(path, text)
        const client = new AlipaySdk({
          appId,
          privateKey: loadAppPrivateKeyForSdk(path),
          alipayPublicKey: signer.publicKeyPem,
          gateway: signer.url,
          endpoint: signer.baseUrl,
        })
        expectFailure(
          await client.exec(
            'alipay.trade.query',
            { bizContent: { out_trade_no: `K_${form}` } },
            { validateSign: true },
          ),
          'ACQ.TRADE_NOT_EXIST',
        )
      }
      const publicPath = join(dir, 'alipay.pub.pem')
      writeFileSync(
        publicPath,
        signer.publicKeyPem
          .split('\n')
          .filter((line) => line && !line.startsWith('-----'))
          .join(''),
      )
      expect(loadPublicKeyPem(publicPath)).toBe(signer.publicKeyPem)
    } finally {
      await signer.close()
    }
  })

  it('says in one line when a key is missing or not a key', () => {
    const dir = tempDir()
    const missing = () => loadAppPrivateKeyForSdk(join(dir, 'app_private_key.pem'))
    expect(missing).toThrow(ConfigError)
    expect(missing).toThrow(/app_private_key\.pem is missing \(npm run pos -- keys generate/)
    writeFileSync(join(dir, 'junk.pem'), '-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n')
    expect(() => loadAppPrivateKeyForSdk(join(dir, 'junk.pem'))).toThrow(
      /^keys: .*junk\.pem is not a readable private key PEM$/,
    )
  })
})
