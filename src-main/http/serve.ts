// `pos serve`: headless mode. Builds the renderer if out/renderer is missing or stale, opens the
// app, serves it until SIGINT or SIGTERM, then closes the server and the app.
import { parseArgs } from 'node:util'
import { createApp } from '../app'
import { type Config, ConfigError } from '../config'
import { paymentRoutes } from './alipay-notify-route'
import { builtRendererDir, ensureRendererBuilt } from './renderer-build'
import { defaultHost, defaultPort, type PosHttpServer, startPosHttpServer } from './server'

const say = (line: string) => process.stdout.write(`${line}\n`)

export async function runServe(args: string[], config: () => Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { host: { type: 'string', default: defaultHost }, port: { type: 'string', default: String(defaultPort) } },
  })
  const port = /^[0-9]{1,5}$/.test(values.port) ? Number(values.port) : Number.NaN
  if (!(port >= 0 && port <= 65535)) throw new ConfigError('--port: must be 0 to 65535 (0: any free port)')
  const cfg = config()
  if (ensureRendererBuilt() === 'built') say(`serve: built the renderer into ${builtRendererDir}`)

  const app = await createApp(cfg)
  let server: PosHttpServer
  try {
    server = await startPosHttpServer({
      dispatch: app.dispatch,
      rendererDir: builtRendererDir,
      host: values.host,
      port,
      log: app.core.log,
      postRoutes: paymentRoutes(app.payments.notify),
    })
  } catch (error) {
    await app.close()
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE')
      throw new ConfigError(`--port: ${values.host}:${port} is in use; choose another (0: any free port)`)
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new ConfigError(`--host: ${values.host} is not an address of this machine`)
    throw error
  }
  // The test harness reads the URL from this line (with --port 0 it names the port chosen).
  say(`serve: ${server.url} (${cfg.store.kind} store, till ${cfg.tillId}${cfg.demo ? ', DEMO' : ''}); Ctrl+C stops`)
  if (app.alipay.sandbox)
    say(`serve: Alipay is the built-in sandbox (DEMO, no real money): ${app.alipay.sandbox.baseUrl}/`)
  if (app.alipay.mode === 'off')
    say('serve: Alipay is off (no POS_ALIPAY_APP_ID; POS_ALIPAY_SANDBOX=1 for the sandbox)')
  if (!['127.0.0.1', 'localhost', '::1'].includes(values.host))
    say(`serve: listening on ${values.host}: other machines can reach the login page`)

  const signal = await stopSignal()
  await server.close()
  await app.close()
  say(`serve: stopped (${signal})`)
  return 0
}

/** The first SIGINT or SIGTERM; a second one, while closing, ends the process at once as usual. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
