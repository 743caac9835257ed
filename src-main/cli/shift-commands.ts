// `pos shift open|close|status` (docs/SHIFTS.md): the till's shift from the command line, for the
// till this machine is (POS_TILL_ID). Opening and closing are a cashier's acts, so they name the
// cashier and ask for their password, as the till's login would.
import { parseArgs } from 'node:util'
import { PosError } from '../../src-shared/errors'
import { fenToYuanString, parseYuanAmount } from '../../src-shared/money'
import type { Config } from '../config'
import { closeShift, openShift, shiftStatus } from '../shifts/shifts.service'
import { checkStaffPassword } from '../staff/staff.service'
import { readPassword } from './read-password'
import { say, withCore } from './cli-core'

const USAGE = 'usage: shift open --user NAME --float YUAN | shift close --user NAME --counted YUAN | shift status'

export async function shiftCommand(args: string[], config: () => Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { user: { type: 'string' }, float: { type: 'string' }, counted: { type: 'string' } },
  })
  const [sub] = positionals
  const cfg = config()
  if (sub === 'status') {
    const status = await withCore(cfg, async (core) =>
      shiftStatus(core, { staffId: 0, username: 'system', role: 'admin', tillId: cfg.tillId }),
    )
    const shift = status.shift
    say(
      shift
        ? `shift: till ${status.tillId} open since ${new Date(shift.openedAt).toISOString()} by ${shift.username}, float ${fenToYuanString(shift.floatFen)}, ${shift.cashMoves.length} cash move(s)`
        : `shift: till ${status.tillId} has no open shift`,
    )
    return 0
  }
  const amountText = sub === 'open' ? values.float : sub === 'close' ? values.counted : undefined
  const fen = amountText === undefined ? null : parseYuanAmount(amountText)
  if ((sub !== 'open' && sub !== 'close') || !values.user || fen === null) throw new PosError('INVALID_INPUT', USAGE)
  const password = await readPassword(`Password of ${values.user}: `, false)
  const user = values.user
  return withCore(cfg, async (core) => {
    const actor = await checkStaffPassword(core, user, password)
    if (sub === 'open') {
      const shift = await openShift(core, actor, { floatFen: fen })
      say(`shift: opened shift ${shift.id} on till ${shift.tillId} with a float of ${fenToYuanString(fen)}`)
    } else {
      const closed = await closeShift(core, actor, { countedFen: fen })
      // Blind: the count is taken; what the drawer should have held is on the X and Z reports.
      say(`shift: closed shift ${closed.id} on till ${closed.tillId}; counted ${fenToYuanString(fen)}`)
    }
    return 0
  })
}
