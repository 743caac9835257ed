// Login throttling and password hashing (docs/SECURITY.md): failed logins wait, then lock out,
// per user name (known or not) and per till, shared by the tills on one store; admins see and
// clear lockouts; old hashes are replaced at the next good login; the offline history keeps only
// the cashiers of its till. Time moves by the test's clock, never by sleeping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoginLockView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { type Core, systemActor } from '../../src-main/core/core'
import { openMirror } from '../../src-main/history/mirror'
import { syncMirror } from '../../src-main/history/mirror.sync'
import { hashPassword, verifyPassword } from '../../src-main/staff/password'
import { SessionStore } from '../../src-main/staff/sessions'
import { addStaff, login, setStaffActive } from '../../src-main/staff/staff.service'
import { failure } from '../support/failure'
import { testId } from '../support/ids'
import { failed, ok } from '../support/results'
import { type ContractClient, contractClient, STAFF_PASSWORD } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

const SECOND = 1_000
const MINUTE = 60 * SECOND
const WRONG = 'not the password'

describe.each(testStores)('login throttling on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let sessions: SessionStore
  let adminToken: string

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    sessions = new SessionStore(t.core)
    adminToken = (await api.login('admin')).token
  })
  afterAll(() => t.dispose())

  const newStaff = async (role: 'cashier' | 'admin' = 'cashier', core: Core = t.core) => {
    const username = testId(`${role}_`)
    const staff = await addStaff(core, systemActor('T1'), { username, password: STAFF_PASSWORD, role })
    return { username, id: staff.id }
  }
  /** One login at `core`'s till: 'ok', or the error's code and, when locked, the wait it names. */
  const attempt = async (username: string, password: string, core: Core = t.core) => {
    const outcome = await login(core, sessions, username, password).then(
      () => 'ok' as const,
      (error: unknown) => error,
    )
    if (outcome === 'ok') return outcome
    expect(outcome).toBeInstanceOf(PosError)
    const e = outcome as PosError
    return e.code === 'LOGIN_LOCKED' ? `LOGIN_LOCKED ${String(e.details?.retryAfterSeconds)} s` : e.code
  }
  const events = (username: string) =>
    t.core.store.db
      .selectFrom('login_events')
      .select(['kind', 'scope', 'till_id'])
      .where('username', '=', username)
      .orderBy('id')
      .execute()

  /**
   * Five wrong guesses, each after waiting out the delay, then the right password: what each try
   * answered.
   */
  const guessPastEveryWait = async (username: string, core: Core = t.core) => {
    const answers: string[] = []
    for (let i = 0; i < 5; i++) {
      answers.push(await attempt(username, WRONG, core))
      t.clock.advance(16 * SECOND)
    }
    answers.push(await attempt(username, STAFF_PASSWORD, core))
    return answers
  }

  it('two wrong passwords are free; then each try waits twice as long, and the fifth locks the name out', async () => {
    const { username } = await newStaff('admin')
    expect(await attempt(username, WRONG)).toBe('LOGIN_FAILED')
    expect(await attempt(username, WRONG)).toBe('LOGIN_FAILED')
    expect(await attempt(username, WRONG)).toBe('LOGIN_FAILED')
    // Even the right password must wait: nothing is checked, and nothing tells it apart.
    expect(await attempt(username, STAFF_PASSWORD)).toBe('LOGIN_LOCKED 1 s')
    t.clock.advance(SECOND)
    expect(await attempt(username, WRONG)).toBe('LOGIN_FAILED')
    expect(await attempt(username, WRONG)).toBe('LOGIN_LOCKED 2 s')
    t.clock.advance(2 * SECOND)
    expect(await attempt(username, WRONG)).toBe('LOGIN_FAILED')
    expect(await attempt(username, STAFF_PASSWORD)).toBe('LOGIN_LOCKED 900 s')
    t.clock.advance(14 * MINUTE)
    expect(await attempt(username, STAFF_PASSWORD)).toBe('LOGIN_LOCKED 60 s')
    t.clock.advance(MINUTE)
    expect(await attempt(username, STAFF_PASSWORD)).toBe('ok')
    // A good login forgets the failures: the next typo is free again.
    expect(await attempt(username, WRONG)).toBe('LOGIN_FAILED')
    expect(await attempt(username, STAFF_PASSWORD)).toBe('ok')

    expect((await events(username)).map((e) => e.kind)).toEqual([
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'locked',
      'succeeded',
      'failed',
      'succeeded',
    ])
    expect(await events(username)).toContainEqual({ kind: 'locked', scope: 'user', till_id: 'T1' })
  })

  it('after a lockout, every further wrong password locks the name out again at once', async () => {
    const { username } = await newStaff()
    await guessPastEveryWait(username)
    t.clock.advance(15 * MINUTE)
    expect(await attempt(username, WRONG)).toBe('LOGIN_FAILED')
    expect(await attempt(username, STAFF_PASSWORD)).toBe('LOGIN_LOCKED 900 s')
  })

  it('an unknown user name is throttled exactly as a known one: the answers tell nothing', async () => {
    // Each at a till of its own, whose count starts at nothing.
    const known = await guessPastEveryWait((await newStaff()).username, await t.openAnother({ tillId: 'T3' }))
    const unknown = await guessPastEveryWait(testId('nobody_'), await t.openAnother({ tillId: 'T4' }))
    expect(known).toEqual([...Array<string>(5).fill('LOGIN_FAILED'), 'LOGIN_LOCKED 884 s'])
    // The known name's right password was refused just the same; only a good login tells them apart.
    expect(unknown).toEqual(known)
  })

  it('a flood of guesses at once is refused before hashing: a handful checked, the rest locked out', async () => {
    const { username } = await newStaff('admin')
    const answers = await Promise.all(Array.from({ length: 200 }, () => attempt(username, WRONG)))
    const checked = answers.filter((a) => a === 'LOGIN_FAILED').length
    expect(checked).toBeGreaterThanOrEqual(3)
    expect(checked).toBeLessThan(t.core.config.loginMaxFailures)
    expect(answers.filter((a) => a !== 'LOGIN_FAILED').every((a) => a.startsWith('LOGIN_LOCKED'))).toBe(true)
    expect((await events(username)).filter((e) => e.kind === 'failed')).toHaveLength(checked)
    // The owner waits out the delay and is in.
    t.clock.advance(15 * MINUTE)
    expect(await attempt(username, STAFF_PASSWORD)).toBe('ok')
  })

  it('a till that fails with many names locks out for everyone there, not at the other tills', async () => {
    const t9 = await t.openAnother({ tillId: 'T9' })
    const cashier = await newStaff()
    const answers: string[] = []
    for (let i = 0; i < 3 * t.core.config.loginMaxFailures; i++) {
      answers.push(await attempt(testId('guess_'), WRONG, t9))
      t.clock.advance(20 * MINUTE)
    }
    expect(answers.every((a) => a === 'LOGIN_FAILED')).toBe(true)
    t.clock.advance(-20 * MINUTE)
    expect(await attempt(cashier.username, STAFF_PASSWORD, t9)).toBe('LOGIN_LOCKED 900 s')
    expect(await attempt(cashier.username, STAFF_PASSWORD, t.core)).toBe('ok')
    t.clock.advance(15 * MINUTE)
    expect(await attempt(cashier.username, STAFF_PASSWORD, t9)).toBe('ok')
  })

  it("a user name's count is shared by the tills: locked out at one, refused at the other", async () => {
    const t2 = await t.openAnother({ tillId: 'T2' })
    const { username } = await newStaff()
    for (let i = 0; i < 5; i++) {
      expect(await attempt(username, WRONG, i % 2 === 0 ? t2 : t.core)).toBe('LOGIN_FAILED')
      t.clock.advance(16 * SECOND)
    }
    expect(await attempt(username, STAFF_PASSWORD, t.core)).toMatch(/^LOGIN_LOCKED/)
    expect(await attempt(username, STAFF_PASSWORD, t2)).toMatch(/^LOGIN_LOCKED/)
  })

  it('admins see the lockouts and clear them; the name may log in at once; cashiers may do neither', async () => {
    const { username } = await newStaff()
    await guessPastEveryWait(username)
    const lockouts = ok(await api.call('staff.lockouts', {}, adminToken)) as LoginLockView[]
    expect(lockouts).toContainEqual({
      scope: 'user',
      subject: username,
      failures: 5,
      lastFailedAt: expect.any(Number),
      lockedUntil: expect.any(Number),
    })
    const mine = lockouts.find((l) => l.subject === username)
    expect((mine?.lockedUntil ?? 0) - t.clock.now).toBeGreaterThan(14 * MINUTE)

    const cashier = await api.login('cashier')
    failed(await api.call('staff.lockouts', {}, cashier.token), 'FORBIDDEN')
    failed(await api.call('staff.clearLockout', { scope: 'user', subject: username }, cashier.token), 'FORBIDDEN')
    expect(await attempt(username, STAFF_PASSWORD)).toMatch(/^LOGIN_LOCKED/)

    ok(await api.call('staff.clearLockout', { scope: 'user', subject: username }, adminToken))
    const after = ok(await api.call('staff.lockouts', {}, adminToken)) as LoginLockView[]
    expect(after.map((l) => l.subject)).not.toContain(username)
    expect(await attempt(username, STAFF_PASSWORD)).toBe('ok')
    expect(await events(username)).toContainEqual({ kind: 'cleared', scope: 'user', till_id: 'T1' })
  })

  it('the contract answers a lockout as LOGIN_LOCKED with the seconds to wait', async () => {
    const { username } = await newStaff()
    for (let i = 0; i < 3; i++) failed(await api.call('auth.login', { username, password: WRONG }), 'LOGIN_FAILED')
    const error = failed(await api.call('auth.login', { username, password: STAFF_PASSWORD }), 'LOGIN_LOCKED')
    expect(error.details).toEqual({ retryAfterSeconds: 1 })
  })

  it('honours POS_LOGIN_MAX_FAILURES and POS_LOGIN_LOCKOUT_MINUTES', async () => {
    const strict = await t.openAnother({ tillId: 'T7', loginMaxFailures: 1, loginLockoutMs: 2 * MINUTE })
    const { username } = await newStaff()
    expect(await attempt(username, WRONG, strict)).toBe('LOGIN_FAILED')
    expect(await attempt(username, STAFF_PASSWORD, strict)).toBe('LOGIN_LOCKED 120 s')
  })
})

describe.each(testStores)('password hashes on %s', (kind) => {
  let t: TestStore
  let sessions: SessionStore

  beforeAll(async () => {
    t = await freshStore(kind)
    sessions = new SessionStore(t.core)
  })
  afterAll(() => t.dispose())

  const hashOf = async (id: number) =>
    (await t.core.store.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow())
      .password_hash

  it("are made with OWASP's scrypt parameters (N = 2^17, r = 8, p = 1), stored with the hash", async () => {
    const staff = await addStaff(t.core, systemActor('T1'), {
      username: testId('new_'),
      password: STAFF_PASSWORD,
      role: 'cashier',
    })
    expect((await hashOf(staff.id)).split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1'])
  })

  it('an older, cheaper hash still logs in and is replaced with one of today at that login', async () => {
    const username = testId('old_')
    const staff = await addStaff(t.core, systemActor('T1'), { username, password: STAFF_PASSWORD, role: 'admin' })
    const old = await hashPassword(STAFF_PASSWORD, { N: 2 ** 14, r: 8, p: 1 })
    await t.core.store.db.updateTable('users').set({ password_hash: old }).where('id', '=', staff.id).execute()

    await failure(login(t.core, sessions, username, WRONG))
    expect(await hashOf(staff.id)).toBe(old)

    await login(t.core, sessions, username, STAFF_PASSWORD)
    const renewed = await hashOf(staff.id)
    expect(renewed.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1'])
    expect(renewed).not.toContain(STAFF_PASSWORD)
    await login(t.core, sessions, username, STAFF_PASSWORD)
    expect(await hashOf(staff.id)).toBe(renewed)
  })
})

describe("the offline history keeps only its till's staff, and hashes of its cashiers only", () => {
  it('copies the active staff who logged in at this till, an admin without a hash: no other till, nobody else', async () => {
    const t = await freshStore('mysql')
    const mirror = await openMirror(t.core)
    try {
      const sessions = new SessionStore(t.core)
      const t2 = await t.openAnother({ tillId: 'T2' })
      const add = async (role: 'cashier' | 'admin') => {
        const username = testId(`${role}_`)
        const staff = await addStaff(t.core, systemActor('T1'), { username, password: STAFF_PASSWORD, role })
        return { username, id: staff.id }
      }
      const here = await add('cashier')
      const admin = await add('admin')
      const elsewhere = await add('cashier')
      const never = await add('cashier')
      const gone = await add('cashier')
      for (const s of [here, admin, gone]) await login(t.core, sessions, s.username, STAFF_PASSWORD)
      await login(t2, sessions, elsewhere.username, STAFF_PASSWORD)
      await setStaffActive(t.core, sessions, systemActor('T1'), gone.id, false)

      await syncMirror(t.core, mirror)
      const held = await mirror.store.db
        .selectFrom('users')
        .select(['username', 'role', 'password_hash'])
        .orderBy('id')
        .execute()
      expect(held.map(({ username, role }) => ({ username, role }))).toEqual([
        { username: here.username, role: 'cashier' },
        { username: admin.username, role: 'admin' },
      ])
      expect(held[0]?.password_hash).toMatch(/^scrypt\$/)
      // No hash of an admin on a till's disk: nothing verifies against what stands in its place.
      expect(held[1]?.password_hash).not.toMatch(/scrypt/)
      expect(await verifyPassword(STAFF_PASSWORD, held[1]?.password_hash ?? '')).toBe(false)
      expect(never.username).not.toBe(here.username)
    } finally {
      await mirror.close()
      await t.dispose()
    }
  })
})
