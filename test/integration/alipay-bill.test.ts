// The daily bill end to end against the sandbox with real RSA2 signatures: the download-url
// query, the zip of GBK CSV files, and the rows the client reads back.
import { unzipSync } from 'fflate'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chinaTime } from '../../src-main/alipay/china-time'
import { testShop } from '../support/payments'
import { AlipayGateway } from '../../src-main/alipay/client/alipay-gateway'
import { fetchDailyBill } from '../../src-main/alipay/client/bill'
import { generateRsaKeyPair } from '../../src-main/alipay/keys'
import { type AlipaySandbox, startAlipaySandbox } from '../../src-main/alipay/sandbox/sandbox'
import { testId } from '../support/ids'

const appId = '9021000000000001'
let sandbox: AlipaySandbox
let gateway: AlipayGateway
const today = () => chinaTime(Date.now()).slice(0, 10)

beforeAll(async () => {
  const app = generateRsaKeyPair()
  sandbox = await startAlipaySandbox({ appId, appPublicKey: app.publicKeyPem })
  gateway = new AlipayGateway({
    appId,
    privateKeyPem: app.privateKeyPem,
    alipayPublicKeyPem: sandbox.publicKeyPem,
    shop: testShop,
    gateway: sandbox.url,
    timeoutMs: 5000,
  })
})
afterAll(() => sandbox.close())

async function paid(amountFen: number, subject: string): Promise<string> {
  const outTradeNo = testId('BILL')
  const answer = await gateway.precreate({ outTradeNo, amountFen, subject, timeoutMinutes: 5, operatorId: 'cashier' })
  expect(answer.kind).toBe('succeeded')
  sandbox.pay(outTradeNo)
  return outTradeNo
}

describe('the daily bill', () => {
  it('lists the payments and refunds of the day, GBK subjects intact', async () => {
    const first = await paid(1230, '鲜果拼盘, 苹果')
    const second = await paid(500, 'FreshTill 香蕉')
    const refund = await gateway.refund({
      outTradeNo: first,
      amountFen: 230,
      outRequestNo: `${first}_R1`,
      reason: '',
      operatorId: 'admin',
    })
    expect(refund.kind).toBe('succeeded')

    const bill = await fetchDailyBill(gateway, today())
    if (bill.kind !== 'bill') throw new Error(bill.message)
    const mine = bill.rows.filter((row) => row.outTradeNo === first || row.outTradeNo === second)
    expect(
      mine.map(({ outTradeNo, kind, amountFen, outRequestNo, subject }) => ({
        outTradeNo,
        kind,
        amountFen,
        outRequestNo,
        subject,
      })),
    ).toEqual(
      expect.arrayContaining([
        { outTradeNo: first, kind: 'payment', amountFen: 1230, outRequestNo: null, subject: '鲜果拼盘， 苹果' },
        { outTradeNo: second, kind: 'payment', amountFen: 500, outRequestNo: null, subject: 'FreshTill 香蕉' },
        { outTradeNo: first, kind: 'refund', amountFen: 230, outRequestNo: `${first}_R1`, subject: '鲜果拼盘， 苹果' },
      ]),
    )
    expect(mine).toHaveLength(3)
    expect(mine.every((row) => row.tradeNo.length === 28 && Number.isFinite(row.atMs))).toBe(true)
  })

  it('is a zip of GBK CSV files in Alipay layout, behind a signed URL', async () => {
    await paid(100, '草莓')
    const answer = await gateway.billDownloadUrl(today())
    if (answer.kind !== 'succeeded') throw new Error(answer.kind)
    const url = answer.body.billDownloadUrl as string
    const files = unzipSync(new Uint8Array(await (await fetch(url)).arrayBuffer()))
    const names = Object.keys(files)
    expect(names.some((name) => name.endsWith('_业务明细.csv'))).toBe(true)
    expect(names.some((name) => name.endsWith('_业务明细(汇总).csv'))).toBe(true)
    const detail = files[names.find((name) => name.endsWith('_业务明细.csv')) as string] as Uint8Array
    expect(Buffer.from(detail).includes(Buffer.from('草莓', 'utf8'))).toBe(false)
    const text = iconv.decode(Buffer.from(detail), 'gbk')
    expect(text.startsWith('#支付宝业务明细查询')).toBe(true)
    expect(text).toContain('草莓')
    expect(text.trimEnd().split('\r\n').at(-1)).toMatch(/^#导出时间/)

    const tampered = new URL(url)
    tampered.searchParams.set('bizDates', '20200101')
    expect((await fetch(tampered)).status).toBe(403)
  })

  it('is unavailable for a day that has not begun', async () => {
    const bill = await fetchDailyBill(gateway, '2999-01-01')
    expect(bill.kind).toBe('unavailable')
  })
})
