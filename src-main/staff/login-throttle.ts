// Login throttling (docs/SECURITY.md): every failed login counts against its user name (known or
// not, so a lockout never tells whether a name exists) and against the till it was tried at.
// The first few failures are free (a typo is no attack); after each further one the next try
// must wait, twice as long each time; at the limit the key is locked out for the lockout time,
// and every failure past it locks it again. The counts live in
// the shop database, so all tills share them. A refused try is refused before any hashing, so a
// flood of guesses costs a database read each, not a scrypt. A cashier's PIN counts on the same
// keys; as it has only 10^4–10^8 values, a key at its limit refuses PINs until its failures are
// forgotten (a good password login, an admin clearing it, or 24 hours): five guesses a day.
import { PosError } from '../../src-shared/errors'
import type { Core } from '../core/core'
import type { LoginCredential, LoginScope } from '../db/schema'
import { writeTransaction } from '../db/transaction'
import { hashesWaiting, MAX_WAITING_LOGINS } from './hash-slots'
import {
  addLoginEvent,
  countFailure,
  forgetFailures,
  type ThrottleKey,
  throttleRows,
} from './login-throttle.repository'

/**
 * A till is shared by several cashiers: it locks after this many times the user name's limit,
 * and its first `limit` failures are free.
 */
export const TILL_LIMIT_FACTOR = 3
/** Failures of one user name before the waits start (fewer if the limit is lower). */
const FREE_USER_FAILURES = 2
/** Failures older than this are forgotten: the next one counts from one again. */
export const FORGET_AFTER_MS = 24 * 60 * 60_000
/** The wait after the first failure; it doubles with each further one, up to the lockout time. */
const FIRST_DELAY_MS = 1_000

/**
 * Runs one login attempt under the throttle. `attempt` gets the check to run again right before
 * its hash starts (verifyPassword's beforeHash): tries that queued during a flood are refused
 * there. A LOGIN_FAILED from it counts as a failure; a success forgets the user name's failures.
 * `credential`: what the attempt checks, kept with its events.
 */
export async function throttledLogin<T extends { staffId: number }>(
  core: Core,
  username: string,
  credential: LoginCredential,
  attempt: (beforeHash: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const keys = keysOf(core, username)
  // Too many logins already queued for the hash: refuse this one now rather than let it wait.
  if (hashesWaiting() >= MAX_WAITING_LOGINS) throw locked(1)
  const check = () => refuseIfThrottled(core, keys, credential)
  await check()
  let result: T
  try {
    result = await attempt(check)
  } catch (error) {
    if (error instanceof PosError && error.code === 'LOGIN_FAILED') await recordFailure(core, keys, credential)
    throw error
  }
  await recordSuccess(core, keys, credential, result.staffId)
  return result
}

/** The wait a key's count still owes, in ms (0: may try now). */
function waitOwed(
  core: Core,
  row: { scope: LoginScope; failures: number; last_failed_at: number; locked_until: number | null },
  now: number,
): number {
  if (row.last_failed_at < now - FORGET_AFTER_MS) return 0
  if (row.locked_until !== null && row.locked_until > now) return row.locked_until - now
  const free = freeFailuresOf(core, row.scope)
  if (row.failures <= free || row.failures >= limitOf(core, row.scope)) return 0
  const delay = Math.min(FIRST_DELAY_MS * 2 ** (row.failures - free - 1), core.config.loginLockoutMs)
  return Math.max(0, row.last_failed_at + delay - now)
}

/**
 * A PIN has few values: once a key has reached its limit, PINs stay refused past the lockout
 * time, until its failures are forgotten (a good password login, an admin, 24 hours).
 */
const pinsOff = (core: Core, row: { scope: LoginScope; failures: number; last_failed_at: number }, now: number) =>
  row.last_failed_at >= now - FORGET_AFTER_MS && row.failures >= limitOf(core, row.scope)

const limitOf = (core: Core, scope: LoginScope) =>
  scope === 'user' ? core.config.loginMaxFailures : core.config.loginMaxFailures * TILL_LIMIT_FACTOR

const freeFailuresOf = (core: Core, scope: LoginScope) =>
  scope === 'user' ? Math.min(FREE_USER_FAILURES, core.config.loginMaxFailures - 1) : core.config.loginMaxFailures

async function refuseIfThrottled(core: Core, keys: readonly ThrottleKey[], credential: LoginCredential): Promise<void> {
  const now = core.now()
  const rows = await throttleRows(core.store.db, keys)
  if (credential === 'pin' && rows.some((r) => pinsOff(core, r, now))) throw new PosError('PIN_LOCKED')
  const wait = Math.max(0, ...rows.map((r) => waitOwed(core, r, now)))
  if (wait > 0) throw locked(Math.ceil(wait / 1000))
}

async function recordFailure(core: Core, keys: readonly ThrottleKey[], credential: LoginCredential): Promise<void> {
  const now = core.now()
  const tillId = core.config.tillId
  const username = keys.find((k) => k.scope === 'user')?.subject
  await writeTransaction(core.store, async (trx) => {
    await addLoginEvent(trx, { kind: 'failed', credential, username, tillId, at: now })
    for (const key of keys) {
      const limit = limitOf(core, key.scope)
      const lockedUntil = now + core.config.loginLockoutMs
      const row = await countFailure(trx, key, { now, forgetBefore: now - FORGET_AFTER_MS, limit, lockedUntil })
      if (row.failures >= limit && row.locked_until === lockedUntil)
        await addLoginEvent(trx, { kind: 'locked', credential, scope: key.scope, username, tillId, at: now })
    }
  })
  core.log.warn({ username, tillId, credential }, 'failed login')
}

/**
 * A success forgets the user name's failures, and the till's unless the till is locked out:
 * whoever stands at it knows a password. Kept as an event: the offline history's copy of the
 * staff keeps the cashiers who logged in at its till.
 */
async function recordSuccess(
  core: Core,
  keys: readonly ThrottleKey[],
  credential: LoginCredential,
  staffId: number,
): Promise<void> {
  const now = core.now()
  const tillId = core.config.tillId
  try {
    await writeTransaction(core.store, async (trx) => {
      for (const key of keys) await forgetFailures(trx, key, key.scope === 'till' ? now : undefined)
      await addLoginEvent(trx, {
        kind: 'succeeded',
        credential,
        username: keys.find((k) => k.scope === 'user')?.subject,
        tillId,
        staffId,
        at: now,
      })
    })
  } catch (error) {
    // The login itself is good; a count not reset only makes the next typo wait a little longer.
    core.log.warn({ err: error, staffId }, 'cannot record a successful login')
  }
}

/** The user name's key is cut to the column's width; the contract allows 64 characters. */
function keysOf(core: Core, username: string): ThrottleKey[] {
  return [
    { scope: 'user', subject: username.slice(0, 80) },
    { scope: 'till', subject: core.config.tillId },
  ]
}

const locked = (retryAfterSeconds: number) =>
  new PosError(
    'LOGIN_LOCKED',
    `Too many failed logins. Try again in ${retryAfterSeconds} s, or ask an admin to clear the lockout.`,
    { retryAfterSeconds },
  )
