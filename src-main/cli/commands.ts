import { parseArgs } from 'node:util'
import { PosError } from '../../src-shared/errors'
import { fenToYuanString } from '../../src-shared/money'
import type { Config } from '../config'
import { systemActor } from '../core/core'
import { ensureMysqlDatabase, migrateToLatest } from '../db/migrator'
import { invalidInput } from '../errors'
import { expireUnpaidOrders, noOrderHooks } from '../orders/order-lifecycle.service'
import { seedDemo } from '../seed/demo-seed'
import { addStaff } from '../staff/staff.service'
import { staffInput } from '../../src-shared/contract/staff'
import { say, withCore } from './cli-core'
import { readPassword } from './read-password'

type Command = (args: string[], config: () => Config) => Promise<number>

const migrate: Command = async (_args, config) => {
  const cfg = config()
  await ensureMysqlDatabase(cfg.store, cfg.deadlines.storeMs)
  const applied = await withCore(cfg, async (core) => (await migrateToLatest(core.store)).results ?? [], false)
  say(
    applied.length === 0
      ? 'migrate: up to date'
      : applied.map((r) => `migrate: ${r.migrationName} ${r.status}`).join('\n'),
  )
  return 0
}

const seed: Command = async (args, config) => {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean' }, password: { type: 'string' } } })
  if (!values.demo) throw new PosError('INVALID_INPUT', 'seed needs --demo (only the demo data set exists)')
  const result = await withCore(config(), (core) => seedDemo(core, values.password))
  if (!result.seeded) {
    say('seed: the store already has goods or staff; nothing changed')
    return 0
  }
  say(`seed: ${result.skus} demo SKUs, staff "admin" and "cashier", two members with addresses`)
  if (result.passwordGenerated) say(`seed: password for admin and cashier (shown once): ${result.password}`)
  return 0
}

const user: Command = async (args, config) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, password: { type: 'string' } },
  })
  const [sub, username] = positionals
  if (values.password !== undefined)
    throw new PosError(
      'INVALID_INPUT',
      'user add: a password on the command line is visible to everyone on this machine (ps, shell history); type it at the prompt, or pipe it on stdin',
    )
  if (sub !== 'add' || !username || (values.role !== 'admin' && values.role !== 'cashier')) {
    throw new PosError('INVALID_INPUT', 'usage: user add NAME --role admin|cashier (the password is asked for)')
  }
  // The same rules as the admin screen's: checked before the database is opened.
  const input = staffInput.safeParse({ username, role: values.role, password: await readPassword() })
  if (!input.success) throw invalidInput(input.error, 'user add')
  const cfg = config()
  const staff = await withCore(cfg, (core) => addStaff(core, systemActor(cfg.tillId), input.data))
  say(`user: added ${staff.role} "${staff.username}" (id ${staff.id})`)
  return 0
}

const orders: Command = async (args, config) => {
  if (args[0] !== 'expire') throw new PosError('INVALID_INPUT', 'usage: orders expire')
  const cfg = config()
  const { expired } = await withCore(cfg, async (core) => {
    // With Alipay configured, each expired order's pending trade is cancelled too, so nobody can pay it.
    const settings = cfg.alipay
    if (!settings) return expireUnpaidOrders(core, noOrderHooks, systemActor(cfg.tillId))
    const { openAlipayGateway, shopOf } = await import('../alipay/client/open-gateway')
    const { createPayments } = await import('../payments/payments')
    const alipay = await openAlipayGateway(settings, { shop: shopOf(cfg) })
    const opened = createPayments(core, alipay.gateway, { poll: false, notifyUrl: settings.notifyUrl })
    try {
      const result = await expireUnpaidOrders(core, opened.orderHooks, systemActor(cfg.tillId))
      await opened.service.idle()
      return result
    } finally {
      await opened.close()
      await alipay.close()
    }
  })
  say(`orders: expired ${expired} unpaid order(s)`)
  return 0
}

const payments: Command = async (args, config) => {
  if (args[0] === 'match') return matchBill(args.slice(1), config)
  if (args[0] !== 'reconcile')
    throw new PosError('INVALID_INPUT', 'usage: payments reconcile | payments match --date YYYY-MM-DD')
  const cfg = config()
  if (!cfg.alipay) {
    say(
      'payments: no Alipay credentials (POS_ALIPAY_APP_ID): Alipay is off, or the built-in sandbox keeps its trades in the app process; the app reconciles them when it starts',
    )
    return 0
  }
  const settings = cfg.alipay
  const result = await withCore(cfg, async (core) => {
    const { openAlipayGateway, shopOf } = await import('../alipay/client/open-gateway')
    const { createPayments } = await import('../payments/payments')
    const alipay = await openAlipayGateway(settings, { shop: shopOf(cfg) })
    const opened = createPayments(core, alipay.gateway, { poll: false, notifyUrl: settings.notifyUrl })
    try {
      return await opened.reconcile()
    } finally {
      await opened.close()
      await alipay.close()
    }
  })
  say(
    `payments: checked ${result.checked} pending payment(s): ${result.paid} paid, ${result.closed} closed, ${result.pending} still pending; ` +
      `${result.latePaid} paid late (after the attempt was given up); ` +
      `refunds: ${result.refundsSettled} settled, ${result.refundsPending} still pending`,
  )
  return 0
}

/** Exit 0: the day is clean; 1: differences found (listed and kept); 2: the bill could not be fetched. */
const matchBill: Command = async (args, config) => {
  const { values } = parseArgs({ args, options: { date: { type: 'string' } } })
  const billDate = values.date ?? ''
  if (!/^\d{4}-\d{2}-\d{2}$/.test(billDate))
    throw new PosError('INVALID_INPUT', 'usage: payments match --date YYYY-MM-DD (the China date of the bill)')
  const cfg = config()
  const settings = cfg.alipay
  if (!settings) {
    say('payments: no Alipay credentials (POS_ALIPAY_APP_ID): there is no Alipay bill to fetch')
    return 2
  }
  const result = await withCore(cfg, async (core) => {
    const { openAlipayGateway, shopOf } = await import('../alipay/client/open-gateway')
    const { matchBillDay } = await import('../payments/bill-matching.service')
    const alipay = await openAlipayGateway(settings, { shop: shopOf(cfg) })
    try {
      // With settings the gateway is always the configured one; the check only satisfies the type.
      if (!alipay.gateway) return { kind: 'unavailable' as const, message: 'Alipay is not configured' }
      return await matchBillDay(core, alipay.gateway, billDate)
    } finally {
      await alipay.close()
    }
  })
  if (result.kind === 'unavailable') {
    say(`payments: the bill of ${billDate} could not be fetched: ${result.message}`)
    return 2
  }
  const { match } = result
  say(
    `payments: bill of ${billDate}: ${match.billPayments} payment(s), ${match.billRefunds} refund(s); ` +
      (match.clean ? 'clean, everything matches' : `${match.differences.length} difference(s), kept:`),
  )
  const fen = (value: number | null) => (value === null ? '-' : fenToYuanString(value))
  for (const d of match.differences) {
    say(
      `  ${d.kind}  ${d.outTradeNo}${d.outRequestNo ? ` refund ${d.outRequestNo}` : ''}  ours ${fen(d.ourFen)}  Alipay ${fen(d.alipayFen)}`,
    )
  }
  return match.clean ? 0 : 1
}

const bench: Command = async (args, config) => {
  const { runBench } = await import('../bench/bench')
  return runBench(args, config)
}

const serve: Command = async (args, config) => {
  const { runServe } = await import('../http/serve')
  return runServe(args, config)
}

const keys: Command = async (args) => {
  const { keysCommand } = await import('../alipay/alipay-commands')
  return keysCommand(args)
}

const shift: Command = async (args, config) => {
  const { shiftCommand } = await import('./shift-commands')
  return shiftCommand(args, config)
}

const report: Command = async (args, config) => {
  const { reportCommand } = await import('./report-commands')
  return reportCommand(args, config)
}

const audit: Command = async (args, config) => {
  const { auditCommand } = await import('./report-commands')
  return auditCommand(args, config)
}

const alipaySandbox: Command = async (args) => {
  const { alipaySandboxCommand } = await import('../alipay/alipay-commands')
  return alipaySandboxCommand(args)
}

export const commands: Record<string, Command> = {
  migrate,
  seed,
  user,
  orders,
  payments,
  serve,
  bench,
  keys,
  'alipay-sandbox': alipaySandbox,
  shift,
  report,
  audit,
}

export function usage(): string {
  return `usage: npm run pos -- <command>

  migrate                                   apply migrations to the configured store
  seed --demo [--password PW]               demo catalogue, staff admin/cashier, two members
  user add NAME --role admin|cashier        asks for the password (no echo), or reads it from stdin
  orders expire                             cancel unpaid orders whose time is up, restore stock
  payments reconcile                        query every pending Alipay payment and refund, settle them
  payments match --date YYYY-MM-DD          match that day's Alipay bill to our payments (exit 0 clean,
                                            1 differences found and kept, 2 bill not fetched)
  serve [--host 127.0.0.1] [--port 5180]    the app in a browser: renderer + contract over HTTP
        [--open]                            (port 0: any free port; builds out/renderer if stale;
                                            --open: opens it in the system's browser)
  shift open --user NAME --float YUAN       open this till's shift with the counted float (asks the password)
  shift close --user NAME --counted YUAN    close it with the blind count of the drawer
  shift status                              whether this till has an open shift
  report x|z [--till ID]                    X: the till's figures so far; Z: closes the till's day
  audit verify                              recompute the Z reports' chain (exit 1 names the first break)
  bench hot-sku|mixed|history [options]     benchmarks (see docs/BENCHMARKS.md)
  keys generate [--force]                   the app's RSA-2048 key pair into keys/
  alipay-sandbox [--port P] [--certificates] the local Alipay gateway (default port 5181; keys in keys/)

The store is POS_DB (sqlite:PATH or mysql://user:pass@host:port/db); without it, an SQLite file
in the data folder (POS_DATA_DIR, default ~/.local/share/freshtill/freshtill.db).
`
}
