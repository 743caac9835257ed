// The operator's Alipay commands: `pos keys generate` and `pos alipay-sandbox`.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { PosError } from '../../src-shared/errors'
import {
  appKeyFiles,
  ensurePrivateKeyFile,
  ensurePublicKeyFile,
  generateKeyPairFiles,
  readPublicKey,
  sandboxKeyFiles,
  shown,
} from './keys'
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
  const sandbox = await startAlipaySandbox({
    port,
    ...(values.host ? { host: values.host } : {}),
    appId,
    appPublicKey: readPublicKey(app.publicKeyPath),
    sandboxPrivateKey: own.privateKey,
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
  say(`alipay-sandbox: its public key ${shown(own.publicKeyPath)}: verify every answer with it`)
  say(
    `alipay-sandbox: for the app: POS_ALIPAY_GATEWAY=${sandbox.url} POS_ALIPAY_APP_ID=${appId} ` +
      `POS_ALIPAY_PRIVATE_KEY=${shown(app.privateKeyPath)} POS_ALIPAY_PUBLIC_KEY=${shown(own.publicKeyPath)}`,
  )
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
