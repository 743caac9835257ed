// `pos user add` takes the same staff names and passwords as 管理 → 员工 (the staff schema and its
// text rule): nothing the login could never take is written.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { commands } from '../../src-main/cli/commands'
import { testId } from '../support/ids'
import { contractClient, everyRow } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('pos user add on %s', (kind) => {
  let t: TestStore

  beforeAll(async () => {
    t = await freshStore(kind)
  })
  afterAll(() => t.dispose())

  async function userAdd(username: string, password: string): Promise<number> {
    const run = commands.user
    if (!run) throw new Error('no user command')
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    // The password comes piped on stdin, as a script gives it: never on the command line.
    vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([`${password}\n`]) as typeof process.stdin)
    try {
      return await run(['add', username, '--role', 'cashier'], () => t.config)
    } finally {
      vi.restoreAllMocks()
    }
  }

  it.each([
    ['a password with NUL', testId('u_', 20), 'long enough\u0000', 'password'],
    ['a password with a right-to-left override', testId('u_', 20), 'long\u202eenough', 'password'],
    ['a password too short', testId('u_', 20), 'short', 'password'],
    ['a user name with a space', 'two words', 'long enough', 'username'],
  ])('refuses %s as INVALID_INPUT naming the field, writing nothing', async (_, username, password, field) => {
    const before = await everyRow(t.core)
    await expect(userAdd(username, password)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fields: { [field]: expect.any(String) } },
    })
    expect(await everyRow(t.core)).toEqual(before)
  })

  it('adds a staff member whose password, kept as typed, logs in', async () => {
    const username = testId('u_', 20)
    const password = 'passe\u0301 word 🔑'
    expect(await userAdd(username, password)).toBe(0)
    const result = await contractClient(t.core).call('auth.login', { username, password })
    expect(result).toMatchObject({ ok: true, data: { username, role: 'cashier' } })
  })
})
