// Staff passwords: scrypt with a random salt per password, compared in constant time. The cost
// parameters are stored with each hash, so a hash made with older, cheaper ones still verifies
// and is replaced at its owner's next successful login (see docs/SECURITY.md).
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { withHashSlot } from './hash-slots'

export interface ScryptParams {
  N: number
  r: number
  p: number
}

/** OWASP's recommendation for scrypt: N = 2^17, r = 8, p = 1 — about 128 MiB per hash. */
export const currentParams: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }
const KEY_LENGTH = 32
/** The largest N a stored hash may ask for: a corrupt row must not make one login take gigabytes. */
const MAX_N = 2 ** 20

/** `beforeHash` runs once this computation has its slot, right before the work starts. */
const scrypt = (
  password: string,
  salt: Buffer,
  keylen: number,
  params: ScryptParams,
  beforeHash?: () => Promise<void>,
) => {
  // Node refuses more than 32 MiB by default; scrypt needs 128 × N × r bytes, plus room.
  const options: ScryptOptions = { ...params, maxmem: 2 * 128 * params.N * params.r }
  return withHashSlot(async () => {
    await beforeHash?.()
    return new Promise<Buffer>((resolve, reject) =>
      scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
    )
  })
}

/** `params`: the cost, for a test that needs a hash as an older version made it. */
export async function hashPassword(password: string, params: ScryptParams = currentParams): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, KEY_LENGTH, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/**
 * `beforeHash`: a last check once the hash may start (the login throttle's): what queued for a
 * slot during a flood is refused there instead of hashed.
 */
export async function verifyPassword(
  password: string,
  stored: string,
  beforeHash?: () => Promise<void>,
): Promise<boolean> {
  // What is not a hash (an admin in the offline history's copy) costs a hash all the same, so the
  // time a refusal takes tells nothing.
  const own = parseHash(stored)
  const parsed = own ?? parseHash(decoyHash)
  if (!parsed) return false
  const actual = await scrypt(password, parsed.salt, parsed.key.length, parsed.params, beforeHash)
  return timingSafeEqual(actual, parsed.key) && own !== null
}

/** True when the hash was made with other parameters than today's: rehash it at the next login. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored)
  return (
    !parsed ||
    parsed.params.N !== currentParams.N ||
    parsed.params.r !== currentParams.r ||
    parsed.params.p !== currentParams.p
  )
}

function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  const params = { N: Number(n), r: Number(r), p: Number(p) }
  if (scheme !== 'scrypt' || !salt || !key) return null
  if (![params.N, params.r, params.p].every(Number.isSafeInteger) || params.N > MAX_N || params.r > 32 || params.p > 16)
    return null
  return { params, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') }
}

/**
 * Spent when the user name is unknown, so a wrong name takes as long as a wrong password. Made
 * with today's parameters: an unknown name costs what a known one does.
 */
export const decoyHash = `scrypt$${currentParams.N}$${currentParams.r}$${currentParams.p}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`
