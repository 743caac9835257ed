// The local Alipay sandbox: the classic gateway, the customer's QR page and the sandbox's own
// API for tests, on one node:http server (loopback by default). See README.md in this folder.
import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, X509Certificate } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parsePrivateKey, parsePublicKey } from '../keys'
import { BillUrls } from './bill'
import { certificateSn, rootCertificateSn, type SandboxCertificates } from './certificates'
import { type ActiveFault, type FaultSwitch, FaultSwitches } from './faults'
import type { CertificateSns, GatewayContext } from './gateway'
import { defaultNotifyRetryMs, Notifier } from './notify'
import { routeSandboxRequest, sendJson } from './routes'
import { SandboxError, type Trade, TradeBook } from './trade-book'
import { type TradeView, tradeView } from './trade-view'

/** The app id the sandbox knows when none is given (`pos alipay-sandbox`, demo mode). */
export const sandboxAppId = '9021000000000001'

export interface AlipaySandboxOptions {
  /** 0 or absent: any free port. */
  port?: number
  /** Where to listen; 127.0.0.1 unless said otherwise. */
  host?: string
  appId: string
  /** The app's public key (PEM or bare base64) that request signatures are checked with. */
  appPublicKey: string | KeyObject
  /** The sandbox's own private key ("Alipay's"); a fresh RSA-2048 key when absent. */
  sandboxPrivateKey?: string | KeyObject
  /** The waits between notify tries; Alipay's schedule shortened by default. */
  notifyRetryMs?: readonly number[]
  /** The clock, for tests of time limits. */
  now?: () => number
  /**
   * Certificate mode (公钥证书): the set issued for this app (issueSandboxCertificates) with
   * `sandboxPrivateKey` as the key of its Alipay certificate and `appPublicKey` as the app's.
   */
  certificates?: SandboxCertificates
}

export interface AlipaySandbox {
  /** The gateway URL (`…/gateway.do`): the SDK's `gateway`. */
  url: string
  /** `http://host:port`: the SDK's `endpoint`. */
  baseUrl: string
  port: number
  appId: string
  /** The sandbox's public key (SPKI PEM): the SDK's `alipayPublicKey`. */
  publicKeyPem: string
  /** Certificate mode: the certificates it was started with; null in key mode. */
  certificates: SandboxCertificates | null
  /** The customer scans the QR code of this trade. */
  scan(outTradeNo: string): TradeView
  /** The customer pays (scanning first if need be, or entering the password of a barcode payment). */
  pay(outTradeNo: string): TradeView
  /** The refund window ends: TRADE_SUCCESS → TRADE_FINISHED. */
  finish(outTradeNo: string): TradeView
  trade(outTradeNo: string): TradeView | undefined
  trades(): TradeView[]
  faults: { add(fault: FaultSwitch): ActiveFault; clear(): void; list(): ActiveFault[] }
  close(): Promise<void>
}

export async function startAlipaySandbox(options: AlipaySandboxOptions): Promise<AlipaySandbox> {
  const appPublicKey =
    typeof options.appPublicKey === 'string'
      ? parsePublicKey(options.appPublicKey, "the app's public key")
      : options.appPublicKey
  const sandboxPrivateKey =
    options.sandboxPrivateKey === undefined
      ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
      : typeof options.sandboxPrivateKey === 'string'
        ? parsePrivateKey(options.sandboxPrivateKey, "the sandbox's private key")
        : options.sandboxPrivateKey
  const certificateSns = options.certificates
    ? checkedCertificateSns(options.certificates, sandboxPrivateKey, appPublicKey)
    : null
  const now = options.now ?? Date.now
  const notifier = new Notifier(options.appId, sandboxPrivateKey, options.notifyRetryMs ?? defaultNotifyRetryMs, now)
  const book = new TradeBook(now, {
    paid: (trade) => notifier.paid(trade),
    refunded: (trade, refund) => notifier.refunded(trade, refund),
  })
  const faults = new FaultSwitches()
  const host = options.host ?? '127.0.0.1'
  let baseUrl = ''
  const bills = new BillUrls(randomBytes(32), now)
  const ctx: GatewayContext = {
    appId: options.appId,
    appPublicKey,
    sandboxPrivateKey,
    book,
    faults,
    qrCodeFor: (token) => `${baseUrl}/qr/${token}`,
    billUrlFor: (billDate) => `${baseUrl}${bills.pathFor(billDate)}`,
    certificateSns,
  }
  const heldAnswers = new Set<NodeJS.Timeout>()

  const customer = (outTradeNo: string, act: (trade: Trade) => void): TradeView => {
    const trade = book.get(outTradeNo)
    if (!trade) throw new SandboxError(`no trade with out_trade_no ${outTradeNo}`, 404)
    act(trade)
    return tradeView(trade)
  }
  const scan = (no: string) => customer(no, (trade) => book.scan(trade))
  const pay = (no: string) => customer(no, (trade) => book.pay(trade))
  const finish = (no: string) => customer(no, (trade) => book.finish(trade))

  const route = routeSandboxRequest({
    ctx,
    heldAnswers,
    customer: { scan, pay, finish },
    baseUrl: () => baseUrl,
    bills,
  })
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) })
      else res.destroy()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  baseUrl = `http://${urlHost}:${port}`

  return {
    url: `${baseUrl}/gateway.do`,
    baseUrl,
    port,
    appId: options.appId,
    publicKeyPem: createPublicKey(sandboxPrivateKey).export({ type: 'spki', format: 'pem' }) as string,
    certificates: options.certificates ?? null,
    scan,
    pay,
    finish,
    trade: (no) => {
      const trade = book.get(no)
      return trade ? tradeView(trade) : undefined
    },
    trades: () => book.all().map(tradeView),
    faults: { add: (fault) => faults.add(fault), clear: () => faults.clear(), list: () => faults.list() },
    close: async () => {
      notifier.close()
      for (const timer of heldAnswers) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The digests of a certificate set, once it is sure the set certifies the keys the sandbox uses. */
function checkedCertificateSns(
  certificates: SandboxCertificates,
  sandboxPrivateKey: KeyObject,
  appPublicKey: KeyObject,
): CertificateSns {
  const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).toString('base64')
  const certified = (pem: string) => spki(new X509Certificate(pem).publicKey)
  if (certified(certificates.alipayPublicCertPem) !== spki(createPublicKey(sandboxPrivateKey)))
    throw new Error("sandbox: the Alipay certificate does not hold the sandbox's key")
  if (certified(certificates.appCertPem) !== spki(appPublicKey))
    throw new Error("sandbox: the app certificate does not hold the app's public key")
  const root = rootCertificateSn(certificates.rootCertPem)
  if (!root) throw new Error('sandbox: the root certificate file holds no RSA certificate')
  return { app: certificateSn(certificates.appCertPem), root, alipay: certificateSn(certificates.alipayPublicCertPem) }
}
