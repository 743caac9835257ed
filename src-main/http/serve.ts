// `pos serve`: headless mode. Builds the renderer if out/renderer is missing or stale, opens the
// app, serves it until SIGINT or SIGTERM, then closes the server and the app.
import { spawn } from 'node:child_process'
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
    options: {
      host: { type: 'string', default: defaultHost },
      port: { type: 'string', default: String(defaultPort) },
      open: { type: 'boolean', default: false },
    },
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
  if (values.open) openInBrowser(server.url)

  const signal = await stopSignal()
  await server.close()
  await app.close()
  say(`serve: stopped (${signal})`)
  return 0
}

/**
 * `--open` (the demo's browser fallback): the system's browser on the address, where there is a
 * desktop to show it; a machine without one has the address on the line above.
 */
function openInBrowser(url: string): void {
  const opener =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '', url]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', url]
          : null
  if (opener === null) return
  const [command, ...args] = opener
  const child = spawn(command as string, args, { stdio: 'ignore', detached: true })
  child.on('error', () => say(`serve: could not open a browser; open ${url} yourself`))
  child.unref()
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
