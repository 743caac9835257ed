// Requests carry China time whatever the host's zone (docs/PAYMENTS.md): the client runs here with
// TZ=UTC — the zone of most servers and containers — against the sandbox, which refuses a
// timestamp more than 15 minutes from China time as Alipay does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlipayGateway } from '../../src-main/alipay/client/alipay-gateway'
import { generateRsaKeyPair } from '../../src-main/alipay/keys'
import { type AlipayRig, alipayRig, testShop } from '../support/payments'

describe('the request timestamp with the host in UTC', () => {
  const zoneBefore = process.env.TZ
  let rig: AlipayRig

  beforeAll(async () => {
    // Node reads TZ again when it is set at run time.
    process.env.TZ = 'UTC'
    rig = await alipayRig()
  })
  afterAll(async () => {
    process.env.TZ = zoneBefore
    await rig?.close()
  })

  it('runs in UTC', () => {
    expect(new Date(Date.UTC(2026, 0, 1, 16, 30)).getHours()).toBe(16)
  })

  it('is China time from the till clock, not the host zone', () => {
    const keys = generateRsaKeyPair()
    const gateway = new AlipayGateway({
      appId: '9021000000000042',
      privateKeyPem: keys.privateKeyPem,
      alipayPublicKeyPem: keys.publicKeyPem,
      shop: testShop,
      gateway: 'http://127.0.0.1:9/gateway.do',
      now: () => Date.UTC(2026, 0, 1, 16, 30, 5),
    })
    expect(gateway.timestamp()).toBe('2026-01-02 00:30:05')
  })

  it('is accepted by the gateway: a query goes through to the trade (no isv.invalid-timestamp)', async () => {
    const answer = await rig.gateway.query('FT_NO_SUCH_TRADE_1')
    expect(answer).toMatchObject({ kind: 'refused', subCode: 'ACQ.TRADE_NOT_EXIST' })
    const made = await rig.gateway.precreate({
      outTradeNo: 'FT_UTC_1',
      amountFen: 990,
      subject: 'x',
      timeoutMinutes: 5,
      operatorId: 'cashier',
    })
    expect(made.kind).toBe('succeeded')
  })
})
