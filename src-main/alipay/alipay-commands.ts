// The operator's Alipay commands: `pos keys generate` and `pos alipay-sandbox`.
import type { KeyObject } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { PosError } from '../../src-shared/errors'
import {
  appKeyFiles,
  ensurePrivateKeyFile,
  ensurePublicKeyFile,
  generateKeyPairFiles,
  readPublicKey,
  sandboxKeyFiles,
  sandboxRootKeyFiles,
  shown,
} from './keys'
import type { AlipayCertificatePaths } from '../config'
import { issueSandboxCertificates, type SandboxCertificates } from './sandbox/certificates'
import { authCodeConventions } from './sandbox/methods/barcode-pay'
import { sandboxAppId, startAlipaySandbox } from './sandbox/sandbox'

/** The sandbox's port unless --port says otherwise: next to `pos serve`'s 5180. */
export const defaultSandboxPort = 5181

const say = (line: string) => process.stdout.write(`${line}\n`)

export function keysCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { force: { type: 'boolean' }, dir: { type: 'string' } },
  })
  if (positionals.length !== 1 || positionals[0] !== 'generate')
    throw new PosError('INVALID_INPUT', 'usage: keys generate [--force] [--dir keys]')
  const paths = generateKeyPairFiles(resolve(values.dir ?? 'keys'), appKeyFiles, { force: values.force === true })
  say(`keys: wrote ${shown(paths.privateKeyPath)} (the app's RSA-2048 private key, mode 0600; never commit it)`)
  say(
    `keys: wrote ${shown(paths.publicKeyPath)} (its public half: upload it to Alipay's open platform; the local sandbox trusts it as it is)`,
  )
  return 0
}

export async function alipaySandboxCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'app-id': { type: 'string' },
      dir: { type: 'string' },
      certificates: { type: 'boolean' },
    },
  })
  const port = values.port === undefined ? defaultSandboxPort : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new PosError('INVALID_INPUT', `--port must be 0-65535, got ${JSON.stringify(values.port)}`)
  const appId = values['app-id'] ?? sandboxAppId
  if (!/^\d{16}$/.test(appId)) throw new PosError('INVALID_INPUT', '--app-id must be 16 digits, as Alipay app ids are')

  const dir = resolve(values.dir ?? 'keys')
  const app = ensurePublicKeyFile(dir, appKeyFiles)
  // The sandbox keeps its key pair in keys/ (git-ignored), so an app configured once keeps
  // verifying its answers across sandbox restarts.
  const own = ensurePrivateKeyFile(dir, sandboxKeyFiles)
  const appPublicKey = readPublicKey(app.publicKeyPath)
  const certificates =
    values.certificates === true ? sandboxCertificateFiles(dir, appId, own.privateKey, appPublicKey) : null
  const sandbox = await startAlipaySandbox({
    port,
    ...(values.host ? { host: values.host } : {}),
    appId,
    appPublicKey,
    sandboxPrivateKey: own.privateKey,
    ...(certificates ? { certificates: certificates.pems } : {}),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE')
      throw new PosError('INVALID_INPUT', `port ${port} is in use; pass --port P (0 picks a free one)`)
    throw error
  })

  say(`alipay-sandbox: gateway ${sandbox.url} (endpoint ${sandbox.baseUrl})`)
  say(`alipay-sandbox: app id ${appId}`)
  say(
    `alipay-sandbox: app keys ${shown(app.privateKeyPath)} signs requests, ${shown(app.publicKeyPath)} checks them${app.generated ? ' (generated now)' : ''}`,
  )
  const forTheApp = `alipay-sandbox: for the app: POS_ALIPAY_GATEWAY=${sandbox.url} POS_ALIPAY_APP_ID=${appId} POS_ALIPAY_PRIVATE_KEY=${shown(app.privateKeyPath)}`
  if (certificates) {
    const { paths } = certificates
    say('alipay-sandbox: certificate mode (公钥证书): requests must name the app certificate and the root')
    say(
      `${forTheApp} POS_ALIPAY_APP_CERT=${shown(paths.appCert)} POS_ALIPAY_PUBLIC_CERT=${shown(paths.alipayPublicCert)} POS_ALIPAY_ROOT_CERT=${shown(paths.alipayRootCert)}`,
    )
  } else {
    say(`alipay-sandbox: its public key ${shown(own.publicKeyPath)}: verify every answer with it`)
    say(`${forTheApp} POS_ALIPAY_PUBLIC_KEY=${shown(own.publicKeyPath)}`)
  }
  say(
    `alipay-sandbox: barcode auth codes ${authCodeConventions.paysAtOnce}… pay at once, ${authCodeConventions.waitsForPassword}… wait for the password, ` +
      `${authCodeConventions.balanceNotEnough}… balance too low, others invalid`,
  )
  say(
    `alipay-sandbox: the customer pays on the page each qr_code opens; test API and fault switches: ${sandbox.baseUrl}/`,
  )
  say('alipay-sandbox: trades live in memory; Ctrl-C stops it')
  await new Promise<void>((done) => {
    process.once('SIGINT', done)
    process.once('SIGTERM', done)
  })
  await sandbox.close()
  return 0
}

/**
 * The sandbox's certificate set in `dir`, named as Alipay names the files a shop downloads. It is
 * issued anew at every start by a root whose key is kept beside the sandbox's, so a till reads
 * the files the running sandbox checks against (restart the till after the sandbox).
 */
function sandboxCertificateFiles(
  dir: string,
  appId: string,
  alipayPrivateKey: KeyObject,
  appPublicKey: KeyObject,
): { pems: SandboxCertificates; paths: AlipayCertificatePaths } {
  const root = ensurePrivateKeyFile(dir, sandboxRootKeyFiles)
  const pems = issueSandboxCertificates({ rootPrivateKey: root.privateKey, alipayPrivateKey, appPublicKey, appId })
  const paths: AlipayCertificatePaths = {
    appCert: join(dir, `appCertPublicKey_${appId}.crt`),
    alipayPublicCert: join(dir, 'alipayCertPublicKey_RSA2.crt'),
    alipayRootCert: join(dir, 'alipayRootCert.crt'),
  }
  writeFileSync(paths.appCert, pems.appCertPem)
  writeFileSync(paths.alipayPublicCert, pems.alipayPublicCertPem)
  writeFileSync(paths.alipayRootCert, pems.rootCertPem)
  return { pems, paths }
}
