// A local Alipay sandbox with real RSA-2048 keys, the app's gateway client pointed at it, and the
// payments feature on a test store — with polls and timeouts shortened so tests stay fast.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { WAIT_MS } from './waits'
import { AlipayGateway } from '../../src-main/alipay/client/alipay-gateway'
import { appKeyFiles, generateKeyPairFiles, generateRsaKeyPair, readPublicKey } from '../../src-main/alipay/keys'
import { type AlipaySandbox, startAlipaySandbox } from '../../src-main/alipay/sandbox/sandbox'
import type { Core } from '../../src-main/core/core'
import { createPayments, type Payments } from '../../src-main/payments/payments'
import type { PaymentOptions } from '../../src-main/payments/payment-options'
import type { Actor } from '../../src-main/core/core'
import { staffActor } from './shop'
import { freshStore, type StoreKind, type TestStore } from './stores'

export const testAppId = '9021000000000042'
/** The store and till every test trade is made at. */
export const testShop = { storeId: 'TESTSHOP', terminalId: 'T1' }
const appKeys = generateRsaKeyPair()

/** Fast defaults: 20 ms first poll, 80 ms at most, cancel retries 20 ms apart. */
export const fastPayments: PaymentOptions = {
  pollInitialMs: 20,
  pollMaxMs: 80,
  qrTimeoutMs: 5 * 60_000,
  cancelRetryMs: 20,
  cancelAttempts: 3,
  refundConfirmWaitMs: 0,
}

export interface AlipayRig {
  sandbox: AlipaySandbox
  gateway: AlipayGateway
  /** Payments on `core` with this gateway; closed by close(). */
  open(core: Core, options?: PaymentOptions): Payments
  close(): Promise<void>
}

/** `clock`: the till's clock for the request timestamps (to play a till whose time is off). */
export async function alipayRig(options: { timeoutMs?: number; clock?: () => number } = {}): Promise<AlipayRig> {
  const sandbox = await startAlipaySandbox({
    appId: testAppId,
    appPublicKey: appKeys.publicKeyPem,
    notifyRetryMs: [50, 100, 200, 400],
  })
  const gateway = new AlipayGateway({
    appId: testAppId,
    privateKeyPem: appKeys.privateKeyPem,
    alipayPublicKeyPem: sandbox.publicKeyPem,
    shop: testShop,
    gateway: sandbox.url,
    timeoutMs: options.timeoutMs ?? 1500,
    now: options.clock,
  })
  const opened: Payments[] = []
  return {
    sandbox,
    gateway,
    open(core, more = {}) {
      const payments = createPayments(core, gateway, { ...fastPayments, ...more })
      opened.push(payments)
      return payments
    },
    async close() {
      for (const p of opened) await p.close()
      await sandbox.close()
    },
  }
}

/**
 * Polls `check` every 10 ms until it is true. The bound only stops a test that would wait for
 * ever: generous, since a shared machine can be slow, and a true check ends the wait at once.
 */
export async function waitUntil(check: () => Promise<boolean> | boolean, what = 'condition'): Promise<void> {
  const until = Date.now() + WAIT_MS
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`waited ${WAIT_MS / 1000} s in vain for ${what}`)
    await sleep(10)
  }
}

export async function eventsOf(core: Core, orderId: number): Promise<string[]> {
  return (
    await core.store.db
      .selectFrom('order_events')
      .select('type')
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute()
  ).map((e) => e.type)
}

export async function paymentRows(core: Core, orderId: number) {
  return core.store.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

export async function orderRow(core: Core, orderId: number) {
  return core.store.db.selectFrom('order_info').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow()
}

export interface PaymentsShop {
  t: TestStore
  rig: AlipayRig
  payments: Payments
  cashier: Actor
  admin: Actor
}

/**
 * For one describe block: a fresh store, the sandbox rig, payments on it without pollers, a
 * cashier and an admin, handed to `into` before the tests; faults cleared after each test, and
 * everything closed after the block.
 */
export function paymentsShopHooks(kind: StoreKind, into: (shop: PaymentsShop) => void): void {
  let shop: PaymentsShop | undefined
  beforeAll(async () => {
    const t = await freshStore(kind)
    const rig = await alipayRig()
    shop = {
      t,
      rig,
      payments: rig.open(t.core, { poll: false }),
      cashier: await staffActor(t.core),
      admin: await staffActor(t.core, 'admin'),
    }
    into(shop)
  })
  afterEach(() => shop?.rig.sandbox.faults.clear())
  afterAll(async () => {
    await shop?.rig.close()
    await shop?.t.dispose()
  })
}

export interface LiveAlipayTill {
  /** The test's own folder: the key files, and room for data folders. */
  dir: string
  /** The local gateway, started before the tests. */
  readonly sandbox: AlipaySandbox
  /** The POS_* settings of a till configured as a real one, whose gateway is the sandbox. */
  env: () => Record<string, string>
}

/**
 * A till set up as the operator would set up a real one (app key files, Alipay's public key
 * file, POS_ALIPAY_*), with the local sandbox as its Alipay gateway. Registers its own set-up
 * and clean-up.
 */
export function liveAlipayTill(appId: string): LiveAlipayTill {
  const dir = mkdtempSync(join(tmpdir(), 'freshtill-live-alipay-'))
  const keys = generateKeyPairFiles(join(dir, 'keys'), appKeyFiles)
  const alipayPublicKey = join(dir, 'keys', 'alipay_public_key.pub.pem')
  let sandbox: AlipaySandbox | undefined
  const till: LiveAlipayTill = {
    dir,
    get sandbox() {
      if (!sandbox) throw new Error('the sandbox starts before the tests')
      return sandbox
    },
    env: () => ({
      POS_DATA_DIR: join(dir, 'data'),
      POS_ALIPAY_APP_ID: appId,
      POS_ALIPAY_GATEWAY: till.sandbox.url,
      POS_ALIPAY_PRIVATE_KEY: keys.privateKeyPath,
      POS_ALIPAY_PUBLIC_KEY: alipayPublicKey,
    }),
  }
  beforeAll(async () => {
    sandbox = await startAlipaySandbox({ appId, appPublicKey: readPublicKey(keys.publicKeyPath) })
    writeFileSync(alipayPublicKey, sandbox.publicKeyPem)
  })
  afterAll(async () => {
    await sandbox?.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return till
}
