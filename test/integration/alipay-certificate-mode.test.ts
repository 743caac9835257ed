// Certificate mode (公钥证书) end to end: the till configured with the three certificates, as a
// shop downloads them, pays, queries and refunds against the sandbox in certificate mode; the
// sandbox refuses a till that names other certificates, and the till refuses at start a
// configuration that mixes the modes or names the wrong files.
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlipayGateway } from '../../src-main/alipay/client/alipay-gateway'
import { openAlipayGateway } from '../../src-main/alipay/client/open-gateway'
import { issueSandboxCertificates, type SandboxCertificates } from '../../src-main/alipay/sandbox/certificates'
import { type AlipaySandbox, startAlipaySandbox } from '../../src-main/alipay/sandbox/sandbox'
import { ConfigError, loadConfig } from '../../src-main/config'
import { testId } from '../support/ids'
import { testAppId, testShop, waitUntil } from '../support/payments'

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = (key: KeyObject, type: 'pkcs1' | 'spki') => key.export({ type, format: 'pem' }) as string

describe('Alipay certificate mode', () => {
  const app = rsa()
  const alipay = rsa()
  let dir: string
  let sandbox: AlipaySandbox
  let certificates: SandboxCertificates
  /** The environment of a till in certificate mode, files in `dir`. */
  let env: Record<string, string>

  const write = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }
  const openTill = async (more: Record<string, string | undefined> = {}) => {
    const config = loadConfig({ ...env, ...more })
    return openAlipayGateway(config.alipay, { shop: testShop, timeoutMs: 3000 })
  }
  const qrTrade = (gateway: AlipayGateway, outTradeNo = testId('T1CERT', 30)) =>
    gateway.precreate({ outTradeNo, amountFen: 1230, subject: '番茄', timeoutMinutes: 5, operatorId: 'cashier' })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'freshtill-certs-'))
    certificates = issueSandboxCertificates({
      rootPrivateKey: rsa().privateKey,
      alipayPrivateKey: alipay.privateKey,
      appPublicKey: app.publicKey,
      appId: testAppId,
    })
    sandbox = await startAlipaySandbox({
      appId: testAppId,
      appPublicKey: app.publicKey,
      sandboxPrivateKey: alipay.privateKey,
      certificates,
    })
    env = {
      POS_ALIPAY_APP_ID: testAppId,
      POS_ALIPAY_GATEWAY: sandbox.url,
      POS_ALIPAY_PRIVATE_KEY: write('app_private_key.pem', pem(app.privateKey, 'pkcs1')),
      POS_ALIPAY_APP_CERT: write(`appCertPublicKey_${testAppId}.crt`, certificates.appCertPem),
      POS_ALIPAY_PUBLIC_CERT: write('alipayCertPublicKey_RSA2.crt', certificates.alipayPublicCertPem),
      POS_ALIPAY_ROOT_CERT: write('alipayRootCert.crt', certificates.rootCertPem),
    }
  })
  afterAll(async () => {
    await sandbox?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('pays, queries, refunds and verifies a notify with the certificates, the answers checked with their key', async () => {
    const { gateway } = await openTill()
    if (!gateway) throw new Error('no gateway')
    const outTradeNo = `T1CERT${Date.now()}`
    expect(await qrTrade(gateway, outTradeNo)).toMatchObject({ kind: 'succeeded' })
    sandbox.pay(outTradeNo)
    expect(await gateway.query(outTradeNo)).toMatchObject({
      kind: 'succeeded',
      body: { tradeStatus: 'TRADE_SUCCESS', totalAmount: '12.30' },
    })
    const refund = await gateway.refund({
      outTradeNo,
      amountFen: 230,
      outRequestNo: `${outTradeNo}_R1`,
      reason: '',
      operatorId: 'admin',
    })
    expect(refund).toMatchObject({ kind: 'succeeded', body: { fundChange: 'Y' } })
    expect(sandbox.trade(outTradeNo)).toMatchObject({
      refundedFen: 230,
      terminalId: testShop.terminalId,
      storeId: testShop.storeId,
      operatorId: 'cashier',
    })
    // A notify signed with the key of Alipay's certificate passes; one changed on the way does not.
    const notices: Record<string, string>[] = []
    const receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      req.on('end', () => {
        notices.push(Object.fromEntries(new URLSearchParams(body)))
        res.end('success')
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    try {
      const notifyNo = testId('T1CERTN', 30)
      await gateway.precreate({
        outTradeNo: notifyNo,
        amountFen: 500,
        subject: '虾',
        timeoutMinutes: 5,
        operatorId: 'cashier',
        notifyUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alipay/notify`,
      })
      sandbox.pay(notifyNo)
      await waitUntil(() => notices.length > 0, 'the notify')
      const [notice] = notices as [Record<string, string>]
      expect(notice).toMatchObject({ out_trade_no: notifyNo, trade_status: 'TRADE_SUCCESS' })
      expect(gateway.verifyNotify(notice)).toBe(true)
      expect(gateway.verifyNotify({ ...notice, total_amount: '0.01' })).toBe(false)
    } finally {
      receiver.closeAllConnections()
      await new Promise((resolve) => receiver.close(resolve))
    }
  })

  it("an answer signed with a key other than the certificate's is unknown, never believed", async () => {
    const { gateway } = await openTill()
    if (!gateway) throw new Error('no gateway')
    sandbox.faults.add({ kind: 'badSignature', method: 'alipay.trade.precreate', count: 1 })
    expect(await qrTrade(gateway)).toMatchObject({ kind: 'unknown', error: 'SIGNATURE_INVALID' })
  })

  it('the gateway refuses a till in key mode, and a till whose certificates come from another root', async () => {
    const tradesBefore = sandbox.trades().length
    const keyMode = new AlipayGateway({
      appId: testAppId,
      gateway: sandbox.url,
      privateKeyPem: pem(app.privateKey, 'pkcs1'),
      alipayPublicKeyPem: pem(alipay.publicKey, 'spki'),
      shop: testShop,
    })
    expect(await qrTrade(keyMode)).toMatchObject({ kind: 'refused', subCode: 'isv.missing-app-cert-sn' })

    const other = issueSandboxCertificates({
      rootPrivateKey: rsa().privateKey,
      alipayPrivateKey: alipay.privateKey,
      appPublicKey: app.publicKey,
      appId: testAppId,
    })
    const otherRoot = new AlipayGateway({
      appId: testAppId,
      gateway: sandbox.url,
      privateKeyPem: pem(app.privateKey, 'pkcs1'),
      certificates: {
        appCertPem: other.appCertPem,
        alipayPublicCertPem: other.alipayPublicCertPem,
        alipayRootCertPem: other.rootCertPem,
      },
      shop: testShop,
    })
    expect(await qrTrade(otherRoot)).toMatchObject({ kind: 'refused', subCode: 'isv.invalid-app-cert-sn' })
    const mixed = new AlipayGateway({
      appId: testAppId,
      gateway: sandbox.url,
      privateKeyPem: pem(app.privateKey, 'pkcs1'),
      certificates: {
        appCertPem: certificates.appCertPem,
        alipayPublicCertPem: certificates.alipayPublicCertPem,
        alipayRootCertPem: other.rootCertPem,
      },
      shop: testShop,
    })
    expect(await qrTrade(mixed)).toMatchObject({ kind: 'refused', subCode: 'isv.invalid-alipay-root-cert-sn' })
    expect(sandbox.trades()).toHaveLength(tradesBefore)
  })

  it('a certificate given as the public key stops start-up with one line that names certificate mode', async () => {
    const keyEnv = { ...env, POS_ALIPAY_APP_CERT: '', POS_ALIPAY_PUBLIC_CERT: '', POS_ALIPAY_ROOT_CERT: '' }
    const config = loadConfig({ ...keyEnv, POS_ALIPAY_PUBLIC_KEY: env.POS_ALIPAY_PUBLIC_CERT })
    const opening = openAlipayGateway(config.alipay, { shop: testShop })
    await expect(opening).rejects.toBeInstanceOf(ConfigError)
    await expect(opening).rejects.toThrow(
      /alipayCertPublicKey_RSA2\.crt is a certificate \(\.crt\), not a public key; certificate mode .* POS_ALIPAY_APP_CERT, POS_ALIPAY_PUBLIC_CERT and POS_ALIPAY_ROOT_CERT/,
    )
  })

  it('start-up refuses half a certificate set, a public key beside it, and certificates that do not fit', async () => {
    expect(() => loadConfig({ ...env, POS_ALIPAY_ROOT_CERT: '' })).toThrow(
      /POS_ALIPAY_ROOT_CERT: certificate mode needs all three certificates/,
    )
    expect(() => loadConfig({ ...env, POS_ALIPAY_PUBLIC_KEY: join(dir, 'alipay.pub.pem') })).toThrow(
      /POS_ALIPAY_PUBLIC_KEY: certificate mode verifies Alipay's answers with POS_ALIPAY_PUBLIC_CERT/,
    )
    // Someone else's app certificate: not for this app's private key.
    const stranger = issueSandboxCertificates({
      rootPrivateKey: rsa().privateKey,
      alipayPrivateKey: alipay.privateKey,
      appPublicKey: rsa().publicKey,
      appId: testAppId,
    })
    await expect(openTill({ POS_ALIPAY_APP_CERT: write('stranger.crt', stranger.appCertPem) })).rejects.toThrow(
      /stranger\.crt is not for the app's private key/,
    )
    await expect(
      openTill({ POS_ALIPAY_ROOT_CERT: write('not-a-cert.crt', pem(alipay.publicKey, 'spki')) }),
    ).rejects.toThrow(/not-a-cert\.crt is not a PEM certificate/)
    await expect(openTill({ POS_ALIPAY_PUBLIC_CERT: join(dir, 'missing.crt') })).rejects.toThrow(
      /the certificate .*missing\.crt is missing/,
    )
  })
})
