// The Alipay gateway the app talks to: the configured one with the shop's keys (a missing or
// wrong key stops start-up with one line); without credentials the built-in sandbox, started
// in-process with keys made for this run — but only when asked for (demo mode, or the operator's
// POS_ALIPAY_SANDBOX=1): a real till must never mark an order paid against a gateway anyone on
// the machine can drive. Otherwise there is no gateway and Alipay is unavailable.
import type { AlipaySettings, Config } from '../../config'
import { loadAlipayCertificates } from '../certificate-files'
import { generateRsaKeyPair, loadAppPrivateKeyForSdk, loadPublicKeyPem, readPrivateKey } from '../keys'
import { type AlipaySandbox, sandboxAppId, startAlipaySandbox } from '../sandbox/sandbox'
import { AlipayGateway } from './alipay-gateway'

export interface OpenedGateway {
  gateway: AlipayGateway | null
  mode: 'sandbox' | 'live' | 'off'
  /** The in-process sandbox (demo) — its customer page is what the QR codes point at. */
  sandbox: AlipaySandbox | null
  close(): Promise<void>
}

export interface GatewayOptions {
  /** Where trades are made: the shop's store code and this till, sent with every trade. */
  shop: { storeId: string; terminalId: string }
  timeoutMs?: number
  sandbox?: boolean
}

/** This till as Alipay's records name it: `store_id` and `terminal_id`. */
export const shopOf = (config: Pick<Config, 'alipayStoreId' | 'tillId'>): GatewayOptions['shop'] => ({
  storeId: config.alipayStoreId,
  terminalId: config.tillId,
})

export async function openAlipayGateway(
  settings: AlipaySettings | null,
  options: GatewayOptions,
): Promise<OpenedGateway> {
  const { shop, timeoutMs } = options
  if (settings) {
    // Each throws a ConfigError naming the file and what is wrong with it.
    const verifyWith = settings.certificatePaths
      ? { certificates: loadAlipayCertificates(settings.certificatePaths, readPrivateKey(settings.privateKeyPath)) }
      : { alipayPublicKeyPem: loadPublicKeyPem(settings.publicKeyPath as string) }
    const gateway = new AlipayGateway({
      appId: settings.appId,
      gateway: settings.gateway,
      privateKeyPem: loadAppPrivateKeyForSdk(settings.privateKeyPath),
      ...verifyWith,
      shop,
      timeoutMs,
    })
    return { gateway, mode: 'live', sandbox: null, close: () => Promise.resolve() }
  }
  if (!options.sandbox) return { gateway: null, mode: 'off', sandbox: null, close: () => Promise.resolve() }
  const app = generateRsaKeyPair()
  const sandbox = await startAlipaySandbox({ appId: sandboxAppId, appPublicKey: app.publicKeyPem })
  const gateway = new AlipayGateway({
    appId: sandboxAppId,
    gateway: sandbox.url,
    privateKeyPem: app.privateKeyPem,
    alipayPublicKeyPem: sandbox.publicKeyPem,
    shop,
    timeoutMs,
  })
  return { gateway, mode: 'sandbox', sandbox, close: () => sandbox.close() }
}
