// Configuration from the environment, validated once at start-up. A bad value stops the app
// with one line that names the setting.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { type PaperWidth, paperWidths } from '../src-shared/receipt'
import type { StoreLocation } from './db/store'

export const stockStrategies = ['atomic', 'pessimistic', 'optimistic'] as const
export type StockStrategy = (typeof stockStrategies)[number]

export interface Config {
  store: StoreLocation
  /** Shared mode keeps carts in Redis; null means carts live in the store (embedded mode). */
  redisUrl: string | null
  /** Prefix for every Redis key, so several shops or test runs can share one Redis. */
  redisPrefix: string
  tillId: string
  stockStrategy: StockStrategy
  /** How long an unpaid order keeps its stock before the sweep cancels it. */
  unpaidTtlMs: number
  /** Delivery freight, waived when the goods total reaches the threshold. */
  freightFen: number
  freeFreightFromFen: number
  dataDir: string
  logLevel: string
  /** Demo mode (POS_DEMO=1): a store of its own with demo data, labelled DEMO on screen. */
  demo: boolean
  /**
   * Alipay credentials; null: no Alipay, unless this is a demo or the operator chose the
   * built-in sandbox (`alipaySandbox`), started in-process and labelled SANDBOX / DEMO.
   */
  alipay: AlipaySettings | null
  /** POS_ALIPAY_SANDBOX=1: outside demo mode, pay against the built-in sandbox (no real money). */
  alipaySandbox?: boolean
  /** The shop's store code, sent as `store_id` with every Alipay trade and refund (the sandbox's too). */
  alipayStoreId: string
  /** How long the till waits for its databases before it answers a retryable code (docs/DEADLINES.md). */
  deadlines: Deadlines
  /** How long a session may sit unused, and how long it may last at all, before its staff member logs in again. */
  sessionLimits: SessionLimits
  /** Failed logins of one user name before it is locked out (a till: three times as many). */
  loginMaxFailures: number
  /** How long a lockout lasts. */
  loginLockoutMs: number
  /** The network receipt printer (ESC/POS over TCP, POS_PRINTER); null: receipts go through the print dialog only. */
  printer: PrinterAddress | null
  /** The receipt paper, 58 or 80 mm (POS_PAPER_WIDTH); the print dialog's layout too. */
  paperWidth: PaperWidth
}

export interface PrinterAddress {
  host: string
  port: number
}

/** The raw-printing port of network receipt printers (JetDirect / "port 9100"). */
export const PRINTER_PORT = 9100

export interface SessionLimits {
  idleMs: number
  maxMs: number
}

/** Every wait on a database has one of these bounds; the rules are in docs/DEADLINES.md. */
export interface Deadlines {
  /** A statement, or a whole transaction from BEGIN to COMMIT, on the shop store; SQLite's busy wait. */
  storeMs: number
  /** Statements that may rightly run long: the daily report, the CSV export, migrations. */
  reportMs: number
  /** One Redis command (the carts in shared mode). */
  redisMs: number
}

export const defaultDeadlines: Deadlines = { storeMs: 5_000, reportMs: 60_000, redisMs: 3_000 }

export interface AlipaySettings {
  gateway: string
  appId: string
  privateKeyPath: string
  /** Key mode: Alipay's public key; null in certificate mode. */
  publicKeyPath: string | null
  /** Certificate mode (公钥证书): the three certificates Alipay issued; null in key mode. */
  certificatePaths: AlipayCertificatePaths | null
  /** Where Alipay posts its payment notices (a public address of `pos serve`); none without it. */
  notifyUrl: string | null
}

export interface AlipayCertificatePaths {
  /** appCertPublicKey_<app id>.crt: the app's public key certificate. */
  appCert: string
  /** alipayCertPublicKey_RSA2.crt: Alipay's public key certificate. */
  alipayPublicCert: string
  /** alipayRootCert.crt: Alipay's root certificates. */
  alipayRootCert: string
}

/** Alipay's production gateway, used when only the app id is given. */
export const alipayProductionGateway = 'https://openapi.alipay.com/gateway.do'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

type Env = Record<string, string | undefined>

export function defaultDataDir(env: Env = process.env): string {
  if (env.POS_DATA_DIR) return env.POS_DATA_DIR
  const base =
    env.XDG_DATA_HOME ?? (process.platform === 'win32' ? env.APPDATA : undefined) ?? join(homedir(), '.local', 'share')
  return join(base ?? homedir(), 'freshtill')
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = defaultDataDir(env)
  const demo = parseFlag('POS_DEMO', env.POS_DEMO)
  return {
    // A demo never shares a file with a real shop's store.
    store: parseStore(env.POS_DB, demo ? join(dataDir, 'demo') : dataDir),
    redisUrl: parseRedis(env.POS_REDIS),
    redisPrefix: matchOrDefault('POS_REDIS_PREFIX', env.POS_REDIS_PREFIX, /^[A-Za-z0-9_:.-]{0,64}$/, ''),
    tillId: matchOrDefault('POS_TILL_ID', env.POS_TILL_ID, /^[A-Za-z0-9]{1,10}$/, 'T1'),
    stockStrategy: parseStrategy(env.POS_STOCK_STRATEGY),
    unpaidTtlMs: wholeNumber('POS_UNPAID_TTL_SECONDS', env.POS_UNPAID_TTL_SECONDS, 15 * 60, 1, 7 * 24 * 3600) * 1000,
    freightFen: wholeNumber('POS_FREIGHT_FEN', env.POS_FREIGHT_FEN, 1000, 0, 1_000_000),
    freeFreightFromFen: wholeNumber('POS_FREE_FREIGHT_FROM_FEN', env.POS_FREE_FREIGHT_FROM_FEN, 9900, 0, 100_000_000),
    dataDir,
    logLevel: matchOrDefault(
      'POS_LOG_LEVEL',
      env.POS_LOG_LEVEL,
      /^(fatal|error|warn|info|debug|trace|silent)$/,
      'info',
    ),
    demo,
    ...parseAlipayChoice(env),
    alipayStoreId: matchOrDefault('POS_ALIPAY_STORE_ID', env.POS_ALIPAY_STORE_ID, /^[A-Za-z0-9_-]{1,32}$/, 'SHOP1'),
    deadlines: parseDeadlines(env),
    sessionLimits: parseSessionLimits(env),
    loginMaxFailures: wholeNumber('POS_LOGIN_MAX_FAILURES', env.POS_LOGIN_MAX_FAILURES, 5, 1, 100),
    loginLockoutMs: wholeNumber('POS_LOGIN_LOCKOUT_MINUTES', env.POS_LOGIN_LOCKOUT_MINUTES, 15, 1, 24 * 60) * 60_000,
    ...parsePrinterSettings(env),
  }
}

/** The receipt printer's settings alone: read again at every print, so a change applies at once. */
export function parsePrinterSettings(env: Env): Pick<Config, 'printer' | 'paperWidth'> {
  return { printer: parsePrinter(env.POS_PRINTER), paperWidth: parsePaperWidth(env.POS_PAPER_WIDTH) }
}

/** host:port (the port defaults to 9100); the host a name or an IPv4 address, an IPv6 one in brackets. */
function parsePrinter(value: string | undefined): PrinterAddress | null {
  if (!value) return null
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::([0-9]{1,5}))?$/.exec(value)
  const port = match?.[2] === undefined ? PRINTER_PORT : Number(match[2])
  if (!match?.[1] || port < 1 || port > 65535)
    throw new ConfigError(
      `POS_PRINTER: must be the printer's host:port, e.g. 192.168.1.50:9100, got ${JSON.stringify(value)}`,
    )
  return { host: match[1].replace(/^\[|\]$/g, ''), port }
}

function parsePaperWidth(value: string | undefined): PaperWidth {
  if (value === undefined || value === '') return 80
  const width = paperWidths.find((w) => String(w) === value)
  if (width === undefined) throw new ConfigError(`POS_PAPER_WIDTH: must be 58 or 80 (mm), got ${JSON.stringify(value)}`)
  return width
}

function parseDeadlines(env: Env): Deadlines {
  const storeMs = wholeNumber('POS_DB_DEADLINE_MS', env.POS_DB_DEADLINE_MS, defaultDeadlines.storeMs, 200, 60_000)
  const reportMs = wholeNumber(
    'POS_REPORT_DEADLINE_MS',
    env.POS_REPORT_DEADLINE_MS,
    defaultDeadlines.reportMs,
    1_000,
    600_000,
  )
  if (reportMs < storeMs)
    throw new ConfigError(`POS_REPORT_DEADLINE_MS: must be at least POS_DB_DEADLINE_MS (${storeMs}), got ${reportMs}`)
  return {
    storeMs,
    reportMs,
    redisMs: wholeNumber('POS_REDIS_DEADLINE_MS', env.POS_REDIS_DEADLINE_MS, defaultDeadlines.redisMs, 200, 60_000),
  }
}

/**
 * The idle limit defaults to 12 hours, or to the whole lifetime when that is shorter; an idle
 * limit set longer than the lifetime would never apply, so it is refused rather than ignored.
 */
function parseSessionLimits(env: Env): SessionLimits {
  const maxHours = wholeNumber('POS_SESSION_MAX_HOURS', env.POS_SESSION_MAX_HOURS, 24, 1, 30 * 24)
  const idleMinutes = wholeNumber(
    'POS_SESSION_IDLE_MINUTES',
    env.POS_SESSION_IDLE_MINUTES,
    Math.min(12 * 60, maxHours * 60),
    5,
    7 * 24 * 60,
  )
  if (idleMinutes > maxHours * 60)
    throw new ConfigError(
      `POS_SESSION_IDLE_MINUTES: ${idleMinutes} minutes is longer than POS_SESSION_MAX_HOURS (${maxHours} h)`,
    )
  return { idleMs: idleMinutes * 60_000, maxMs: maxHours * 3_600_000 }
}

/** The shop's Alipay app, or the built-in sandbox chosen explicitly — never both. */
function parseAlipayChoice(env: Env): Pick<Config, 'alipay' | 'alipaySandbox'> {
  const alipaySandbox = parseFlag('POS_ALIPAY_SANDBOX', env.POS_ALIPAY_SANDBOX)
  if (alipaySandbox && env.POS_ALIPAY_APP_ID)
    throw new ConfigError('POS_ALIPAY_SANDBOX: the built-in sandbox and POS_ALIPAY_APP_ID exclude each other')
  return { alipay: parseAlipay(env), alipaySandbox }
}

/**
 * Alipay is configured by its app id; the key paths default to keys/ in the working folder. The
 * keys themselves are read when the app opens its gateway client (alipay/client/open-gateway.ts).
 */
function parseAlipay(env: Env): AlipaySettings | null {
  const appId = env.POS_ALIPAY_APP_ID
  const others = [
    'POS_ALIPAY_GATEWAY',
    'POS_ALIPAY_PRIVATE_KEY',
    'POS_ALIPAY_PUBLIC_KEY',
    ...certificateSettings,
    'POS_ALIPAY_NOTIFY_URL',
  ].filter((name) => env[name])
  if (!appId) {
    if (others.length > 0)
      throw new ConfigError(
        `POS_ALIPAY_APP_ID: needed with ${others.join(', ')} (without any of them Alipay is off, or the built-in sandbox with POS_ALIPAY_SANDBOX=1)`,
      )
    return null
  }
  if (!/^[0-9]{16}$/.test(appId))
    throw new ConfigError(`POS_ALIPAY_APP_ID: must be the 16 digits of an Alipay app id, got ${JSON.stringify(appId)}`)
  const certificatePaths = parseCertificatePaths(env)
  return {
    appId,
    gateway: httpUrl('POS_ALIPAY_GATEWAY', env.POS_ALIPAY_GATEWAY) ?? alipayProductionGateway,
    privateKeyPath: env.POS_ALIPAY_PRIVATE_KEY || join('keys', 'app_private_key.pem'),
    publicKeyPath: certificatePaths ? null : env.POS_ALIPAY_PUBLIC_KEY || join('keys', 'alipay_public_key.pub.pem'),
    certificatePaths,
    notifyUrl: httpUrl('POS_ALIPAY_NOTIFY_URL', env.POS_ALIPAY_NOTIFY_URL),
  }
}

const certificateSettings = ['POS_ALIPAY_APP_CERT', 'POS_ALIPAY_PUBLIC_CERT', 'POS_ALIPAY_ROOT_CERT'] as const

/**
 * Certificate mode is chosen by giving all three certificates; it replaces Alipay's public key,
 * so the two ways of verifying Alipay's answers are never mixed.
 */
function parseCertificatePaths(env: Env): AlipayCertificatePaths | null {
  const given = certificateSettings.filter((name) => env[name])
  if (given.length === 0) return null
  const missing = certificateSettings.filter((name) => !env[name])
  if (missing.length > 0)
    throw new ConfigError(
      `${missing.join(', ')}: certificate mode needs all three certificates (${given.join(', ')} given)`,
    )
  if (env.POS_ALIPAY_PUBLIC_KEY)
    throw new ConfigError(
      "POS_ALIPAY_PUBLIC_KEY: certificate mode verifies Alipay's answers with POS_ALIPAY_PUBLIC_CERT; leave the public key out",
    )
  return {
    appCert: env.POS_ALIPAY_APP_CERT as string,
    alipayPublicCert: env.POS_ALIPAY_PUBLIC_CERT as string,
    alipayRootCert: env.POS_ALIPAY_ROOT_CERT as string,
  }
}

function httpUrl(name: string, value: string | undefined): string | null {
  if (!value) return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`${name}: not a URL: ${JSON.stringify(value)}`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`${name}: must be an http(s) URL, got ${JSON.stringify(value)}`)
  return value
}

function parseFlag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false
  if (value === '1' || value === 'true') return true
  throw new ConfigError(`${name}: must be 1 or 0, got ${JSON.stringify(value)}`)
}

function parseStore(value: string | undefined, dataDir: string): StoreLocation {
  if (!value) return { kind: 'sqlite', path: join(dataDir, 'freshtill.db') }
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length)
    if (!path) throw new ConfigError('POS_DB: sqlite:PATH needs a file path, e.g. sqlite:./shop.db')
    return { kind: 'sqlite', path }
  }
  if (value.startsWith('mysql://')) {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      throw new ConfigError('POS_DB: not a valid mysql:// URL (mysql://user:pass@host:port/db)')
    }
    if (url.pathname.length <= 1)
      throw new ConfigError('POS_DB: the mysql:// URL must name a database, e.g. mysql://root@127.0.0.1:3306/freshtill')
    return { kind: 'mysql', url: value }
  }
  throw new ConfigError('POS_DB: must be sqlite:PATH or mysql://user:pass@host:port/db')
}

function parseRedis(value: string | undefined): string | null {
  if (!value) return null
  if (!/^rediss?:\/\/[^\s]+$/.test(value)) throw new ConfigError('POS_REDIS: must be redis://host:port/db')
  return value
}

function parseStrategy(value: string | undefined): StockStrategy {
  if (!value) return 'atomic'
  if ((stockStrategies as readonly string[]).includes(value)) return value as StockStrategy
  throw new ConfigError(
    `POS_STOCK_STRATEGY: must be one of ${stockStrategies.join(', ')}, got ${JSON.stringify(value)}`,
  )
}

function matchOrDefault(name: string, value: string | undefined, pattern: RegExp, fallback: string): string {
  if (value === undefined || value === '') return fallback
  if (!pattern.test(value))
    throw new ConfigError(`${name}: ${JSON.stringify(value)} is not allowed (expected ${pattern.source})`)
  return value
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`)
  }
  return n
}
