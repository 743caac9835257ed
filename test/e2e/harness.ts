// The browser tests' harness: `pos serve` as a child process on a fresh demo store, and
// Debian's Chromium driven by playwright-core.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
/**
 * Where the browser tests save their screenshots: a folder outside the work tree, so `npm test`
 * leaves it clean; `npm run screenshots` sets POS_SCREENSHOTS_DIR=docs/screenshots to refresh
 * the README's pictures on purpose.
 */
export const screenshotDir = process.env.POS_SCREENSHOTS_DIR
  ? resolve(root, process.env.POS_SCREENSHOTS_DIR)
  : join(tmpdir(), 'freshtill-screenshots')
mkdirSync(screenshotDir, { recursive: true })
export const chromiumPath = process.env.POS_TEST_CHROMIUM ?? '/usr/bin/chromium'

export interface ServedTill {
  /** e.g. http://127.0.0.1:41234/ */
  url: string
  /** The app's data folder (POS_DATA_DIR); removed when the server exits. */
  dataDir: string
  /** Everything the command printed so far. */
  output(): string
  /** Sends SIGTERM and waits; resolves with the exit code (0 after a clean shutdown). */
  stop(): Promise<number | null>
  /** Sends a signal, e.g. SIGSTOP and SIGCONT for a service that hangs and then wakes up. */
  signal(name: NodeJS.Signals): void
}

/**
 * `npm run pos -- serve --port 0` in demo mode on an empty data folder: embedded SQLite with the
 * demo data, staff cashier and admin (password demo1234). Settings of the calling shell that
 * would point it at another store are dropped. `port` serves on that port instead (a restart).
 */
export async function serveDemoTill(extraEnv: Record<string, string> = {}, port = 0): Promise<ServedTill> {
  const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-e2e-'))
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('POS_')))
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'src-main', 'cli', 'pos.ts'), 'serve', '--port', String(port)],
    {
      cwd: root,
      env: { ...env, POS_DEMO: '1', POS_DATA_DIR: dataDir, POS_LOG_LEVEL: 'warn', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text))
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  void exited.finally(() => rmSync(dataDir, { recursive: true, force: true }))

  // A test run that ends abruptly must not leave the server running.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  void exited.then(() => process.off('exit', killOnExit))

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`pos serve did not print its URL within 30 s:\n${output}`)),
        30_000,
      )
      child.stdout.on('data', () => {
        const match = /^serve: (http:\/\/\S+)/m.exec(output)
        if (match?.[1]) {
          clearTimeout(timer)
          resolve(match[1])
        }
      })
      void exited.then((code) => {
        clearTimeout(timer)
        reject(new Error(`pos serve exited (${code}) before serving:\n${output}`))
      })
    })
    return {
      url,
      dataDir: extraEnv.POS_DATA_DIR ?? dataDir,
      output: () => output,
      stop: () => stopChild(child, exited),
      signal: (name) => void child.kill(name),
    }
  } catch (error) {
    await stopChild(child, exited)
    throw error
  }
}

/**
 * `pos serve` on the shop's own store instead of a demo: `env` names it (POS_DB, POS_REDIS,
 * POS_TILL_ID …), as several tills of one shop would be started.
 */
export const serveShopTill = (env: Record<string, string>): Promise<ServedTill> =>
  serveDemoTill({ POS_DEMO: '0', ...env })

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  try {
    return await exited
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Debian's Chromium (package `chromium`; `.ci/run` installs it). Without it the browser tests
 * fail, saying so: they are the only tests of the screens, and a skip would hide that.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}. The browser tests need Debian's chromium package: ` +
        'apt-get install -y chromium (.ci/run installs it; POS_TEST_CHROMIUM=PATH names another binary). Never `npx playwright install`.',
    )
  }
  if (!hasChineseFont()) {
    throw new Error(
      'No Chinese font is installed, so the screens (Chinese by default) would show empty boxes in the screenshots: ' +
        'apt-get install -y fonts-wqy-microhei (.ci/run installs it).',
    )
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

function hasChineseFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() !== ''
  } catch {
    return false
  }
}

export interface TillInBrowser {
  till: ServedTill
  browser: Browser
  /** Closes the browser and stops the server; resolves with the server's exit code. */
  close(): Promise<number | null>
}

/**
 * A demo till served (with `extraEnv`, as serveDemoTill) and a browser, started side by side; if
 * either fails, the other is closed.
 */
export async function openTillInBrowser(extraEnv: Record<string, string> = {}): Promise<TillInBrowser> {
  const [till, browser] = await Promise.allSettled([serveDemoTill(extraEnv), launchChromium()])
  if (till.status === 'rejected' || browser.status === 'rejected') {
    if (browser.status === 'fulfilled') await browser.value.close()
    if (till.status === 'fulfilled') await till.value.stop()
    throw till.status === 'rejected' ? till.reason : (browser as PromiseRejectedResult).reason
  }
  return {
    till: till.value,
    browser: browser.value,
    close: async () => {
      await browser.value.close()
      return till.value.stop()
    },
  }
}

/**
 * The afterAll of a browser test: closes what openTillInBrowser opened (nothing if it failed) and
 * checks that `pos serve` stopped cleanly on SIGTERM.
 */
export async function closeTillInBrowser(session: TillInBrowser | undefined): Promise<void> {
  if (!session) return
  const code = await session.close()
  expect(code, `pos serve should stop cleanly on SIGTERM:\n${session.till.output()}`).toBe(0)
}

/**
 * Collects what went wrong in the page: script errors, console errors (CSP refusals among them),
 * failed requests and HTTP errors — except the favicon, which the app does not have.
 */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = []
  const isFavicon = (url: string) => new URL(url).pathname === '/favicon.ico'
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !isFavicon(message.location().url || 'http://x/'))
      errors.push(`console: ${message.text()}`)
  })
  page.on('requestfailed', (request) =>
    errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  )
  page.on('response', (response) => {
    if (response.status() >= 400 && !isFavicon(response.url()))
      errors.push(`HTTP ${response.status()}: ${response.url()}`)
  })
  return errors
}
