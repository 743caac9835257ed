// `pos report x|z [--till ID]` and `pos audit verify` (docs/SHIFTS.md). The operator at the
// shop's machine acts as the system (staff 0), as `pos orders expire` does.
import { parseArgs } from 'node:util'
import type { TillReportFigures } from '../../src-shared/contract'
import { tillId as tillIdSchema } from '../../src-shared/contract/method'
import { PosError } from '../../src-shared/errors'
import { fenToYuanString } from '../../src-shared/money'
import type { Config } from '../config'
import { systemActor } from '../core/core'
import { verifyAuditChain } from '../reports/audit-chain'
import { takeZReport, xReport } from '../reports/z-reports.service'
import { say, withCore } from './cli-core'

const yuan = fenToYuanString

export async function reportCommand(args: string[], config: () => Config): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { till: { type: 'string' } } })
  const [kind] = positionals
  const cfg = config()
  const till = tillIdSchema.safeParse(values.till ?? cfg.tillId)
  if ((kind !== 'x' && kind !== 'z') || !till.success)
    throw new PosError('INVALID_INPUT', 'usage: report x|z [--till ID]')
  return withCore(cfg, async (core) => {
    const actor = systemActor(till.data)
    if (kind === 'x') {
      const x = await xReport(core, actor)
      say(`X report of till ${x.tillId} (read-only; the next Z is number ${x.nextZ})`)
      printFigures(x)
    } else {
      const z = await takeZReport(core, actor)
      say(`Z report ${z.tillId}-${z.number}: the till's day is closed`)
      printFigures(z)
      say(`covered rows ${z.coveredRows}; previous Z ${z.prevHash}`)
      say(`hash ${z.hash}`)
    }
    return 0
  })
}

function printFigures(f: TillReportFigures): void {
  say(`from ${new Date(f.from).toISOString()} to ${new Date(f.to).toISOString()}, ${f.shifts.length} shift(s)`)
  say(`paid orders ${f.paidOrders}, paid ${yuan(f.paidFen)}`)
  for (const c of f.byChannel) say(`  ${c.channel.padEnd(8)} ${String(c.payments).padStart(5)}  ${yuan(c.fen)}`)
  say(
    `refunds ${f.refunds.count}, ${yuan(f.refunds.fen)}; cancelled orders ${f.cancelledOrders.count}, ${yuan(f.cancelledOrders.payFen)}`,
  )
  say(`discounts ${yuan(f.discountsFen)}; returns ${yuan(f.returnsFen)}`)
  for (const c of f.byCashier) say(`  cashier ${c.username}: ${c.orders} order(s), ${yuan(c.paidFen)}`)
  const d = f.drawer
  say(
    `cash: float ${yuan(d.floatFen)} + taken ${yuan(d.takenFen)} − change ${yuan(d.changeFen)} − refunds ${yuan(d.refundsFen)} + in ${yuan(d.inFen)} − out ${yuan(d.outFen)} = expected ${yuan(d.expectedFen)}`,
  )
  say(
    d.countedFen === null
      ? 'counted: — (a shift is still open)'
      : `counted ${yuan(d.countedFen)}, difference ${yuan(d.differenceFen ?? 0)}`,
  )
}

/** Exit 0: every Z and every row it covers is as it was taken; 1: the first difference is named. */
export async function auditCommand(args: string[], config: () => Config): Promise<number> {
  if (args[0] !== 'verify') throw new PosError('INVALID_INPUT', 'usage: audit verify')
  const result = await withCore(config(), (core) => verifyAuditChain(core.store.db))
  if (result.ok) {
    say(`audit: ${result.zReports} Z report(s) and ${result.rows} covered row(s) verified; the chain is whole`)
    return 0
  }
  say(`audit: BROKEN at ${result.table} row ${result.rowId}: ${result.message}`)
  say(`audit: the ${result.zReports} Z report(s) before it verified`)
  return 1
}
