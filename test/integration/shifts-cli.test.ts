// `pos shift open|close|status` on both stores: the cashier named and their password piped, as a
// script gives it; the till is this machine's (POS_TILL_ID).
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { commands } from '../../src-main/cli/commands'
import { STAFF_PASSWORD, staffWithoutShift } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('pos shift on %s', (kind) => {
  let t: TestStore

  beforeAll(async () => {
    t = await freshStore(kind)
  })
  afterAll(() => t.dispose())

  async function pos(args: string[], password = STAFF_PASSWORD): Promise<{ code: number; out: string }> {
    const run = commands.shift
    if (!run) throw new Error('no shift command')
    let out = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true))
    vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([`${password}\n`]) as typeof process.stdin)
    try {
      return { code: await run(args, () => t.config), out }
    } finally {
      vi.restoreAllMocks()
    }
  }

  it('opens with the float, tells the status, closes with the blind count', async () => {
    const cashier = await staffWithoutShift(t.core, 'cashier', 'T1')
    expect((await pos(['status'])).out).toContain('has no open shift')
    await expect(pos(['open', '--user', cashier.username, '--float', '200'], 'wrong')).rejects.toMatchObject({
      code: 'LOGIN_FAILED',
    })
    const opened = await pos(['open', '--user', cashier.username, '--float', '200.50'])
    expect(opened).toMatchObject({ code: 0 })
    expect(opened.out).toContain('float of 200.50')
    await expect(pos(['open', '--user', cashier.username, '--float', '1'])).rejects.toMatchObject({
      code: 'SHIFT_ALREADY_OPEN',
    })
    expect((await pos(['status'])).out).toContain(`by ${cashier.username}, float 200.50`)
    const closed = await pos(['close', '--user', cashier.username, '--counted', '200.50'])
    expect(closed.code).toBe(0)
    expect(closed.out).not.toContain('expected')
    const shift = await t.core.store.db.selectFrom('shifts').selectAll().executeTakeFirstOrThrow()
    expect([Number(shift.float_fen), Number(shift.counted_fen), Number(shift.expected_fen)]).toEqual([
      20_050, 20_050, 20_050,
    ])
    await expect(pos(['close', '--user', cashier.username, '--counted', 'x'])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
  })
})
