// The shared-mode cart: one Redis hash per till, `cart:<till_id>` (sku id → count; `label:<sku id>`
// → "fen:grams", the part of that line that came on scale labels; `added:<sku id>`, the line's
// place in scan order; and the marks of orders whose lines were taken out). Every operation
// touches one key, so it works unchanged on Redis Cluster.
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { PosError } from '../../src-shared/errors'
import type { Trx } from '../db/transaction'
import { type CartQuantity, type CartStore, MAX_LINE_COUNT, type PurchasedLine } from './cart.store'

// Scan order: a line's field `<sku id>` has a companion `added:<sku id>`, the line's number in
// the order lines came into the cart, counted by the hash's `added-seq` field. A line taken out
// loses its number; added again, it goes to the end. Prepended to every script that adds lines.
export const noteAddedLua = `
local function noteAdded(key, sku)
  if redis.call('HEXISTS', key, 'added:' .. sku) == 0 then
    redis.call('HSET', key, 'added:' .. sku, redis.call('HINCRBY', key, 'added-seq', 1))
  end
end`

const addScript = `${noteAddedLua}
local n = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') + tonumber(ARGV[2])
if n > tonumber(ARGV[3]) then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], n)
noteAdded(KEYS[1], ARGV[1])
return n`

// A line's label part, "fen:grams" under `label:<sku id>`, read and written by these two in Lua.
const labelLua = `
local function readLabel(key, sku)
  local text = redis.call('HGET', key, 'label:' .. sku)
  if not text then return 0, 0 end
  local fen, grams = string.match(text, '^([0-9]+):([0-9]+)$')
  return tonumber(fen), tonumber(grams)
end
local function writeLabel(key, sku, fen, grams)
  if fen > 0 or grams > 0 then redis.call('HSET', key, 'label:' .. sku, fen .. ':' .. grams)
  else redis.call('HDEL', key, 'label:' .. sku) end
end`

// ARGV: sku id, grams, fen, the most of one line.
const addLabelScript = `${labelLua}${noteAddedLua}
local n = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') + tonumber(ARGV[2])
if n > tonumber(ARGV[4]) then return -1 end
local fen, grams = readLabel(KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], n)
noteAdded(KEYS[1], ARGV[1])
writeLabel(KEYS[1], ARGV[1], fen + tonumber(ARGV[3]), grams + tonumber(ARGV[2]))
return n`

// Sets or removes a line; its label part goes with it, its place in scan order only when removed.
// ARGV: sku id, count (0: remove).
const setScript = `${noteAddedLua}
redis.call('HDEL', KEYS[1], 'label:' .. ARGV[1])
if tonumber(ARGV[2]) > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  noteAdded(KEYS[1], ARGV[1])
else
  redis.call('HDEL', KEYS[1], ARGV[1], 'added:' .. ARGV[1])
end
return redis.call('HGETALL', KEYS[1])`

// ARGV[1] is the order's mark (see boughtMark); ARGV[2] the marks of earlier orders to delete,
// space-separated (forgetBought); then sku id, count, label fen, label grams. The mark and the
// lines change together, so a till that dies after this script and before its removal's row is
// deleted finds the mark and does not take the lines a second time.
const takeBoughtScript = `${labelLua}
for mark in string.gmatch(ARGV[2], '%S+') do redis.call('HDEL', KEYS[1], mark) end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
for i = 3, #ARGV, 4 do
  local sku = ARGV[i]
  local left = tonumber(redis.call('HGET', KEYS[1], sku) or '0') - tonumber(ARGV[i + 1])
  local fen, grams = readLabel(KEYS[1], sku)
  fen, grams = math.max(fen - tonumber(ARGV[i + 2]), 0), math.max(grams - tonumber(ARGV[i + 3]), 0)
  if left > 0 then
    redis.call('HSET', KEYS[1], sku, left)
    if grams > left then grams = left end
    writeLabel(KEYS[1], sku, fen, grams)
  else
    redis.call('HDEL', KEYS[1], sku, 'label:' .. sku, 'added:' .. sku)
  end
end
redis.call('HSET', KEYS[1], ARGV[1], 1)
return 1`

/** The field that marks an order's lines as taken out: in the cart's hash, so one key stays one key. */
const boughtMark = (orderId: number) => `bought:${orderId}`
/** A cart line's field: the SKU id. Anything else in the hash is a mark. */
export const isSkuField = (field: string) => /^[0-9]+$/.test(field)

/** The cart's SKU fields, in scan order (see noteAddedLua). */
function skusInScanOrder(hash: Record<string, string>): string[] {
  const place = (sku: string) => Number(hash[`added:${sku}`] ?? Number.MAX_SAFE_INTEGER)
  return Object.keys(hash)
    .filter(isSkuField)
    .sort((a, b) => place(a) - place(b) || Number(a) - Number(b))
}

// Empties the cart but keeps a parked sale on its way in or out of it (redis-parked.store.ts):
// a clear racing a park must not lose the basket being parked.
const clearScript = `
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if not (string.find(field, '^parking:') or string.find(field, '^recalling:')) then redis.call('HDEL', KEYS[1], field) end
end
return 1`

/**
 * Opens the cart on Redis. A Redis that cannot be reached does not stop the till from starting:
 * ioredis keeps reconnecting on its own (retryStrategy, at most `RECONNECT_MAX_MS` apart, also
 * after a failed first connect) and until it is back every cart call fails at once with
 * CACHE_UNAVAILABLE; a Redis that accepts a command and does not answer fails it after
 * `deadlineMs` with the same code. A Redis that answers but refuses us (wrong password, no permission) is a
 * setup error, and that stops start-up.
 */
export async function openRedisCart(
  url: string,
  prefix: string,
  deadlineMs: number,
  log?: Logger,
): Promise<RedisCartStore> {
  const redis = new Redis(url, {
    keyPrefix: prefix,
    lazyConnect: true,
    // Fail fast instead of queueing a cashier's click behind a dead connection.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Every command, and connecting, within the Redis deadline (POS_REDIS_DEADLINE_MS).
    commandTimeout: deadlineMs,
    connectTimeout: deadlineMs,
    retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_MAX_MS),
  })
  let lastError: Error | undefined
  redis.on('error', (error: Error) => {
    lastError = error // otherwise reported through the failing command
  })
  redis.defineCommand('cartAdd', { numberOfKeys: 1, lua: addScript })
  redis.defineCommand('cartTakeBought', { numberOfKeys: 1, lua: takeBoughtScript })
  redis.defineCommand('cartClear', { numberOfKeys: 1, lua: clearScript })
  redis.defineCommand('cartAddLabel', { numberOfKeys: 1, lua: addLabelScript })
  redis.defineCommand('cartSet', { numberOfKeys: 1, lua: setScript })
  try {
    await redis.connect()
  } catch (error) {
    const cause = lastError ?? (error as Error)
    if (refusedUs(cause)) {
      redis.disconnect()
      throw new PosError('CACHE_UNAVAILABLE', `Redis at ${hostOf(url)} refused the connection: ${cause.message}`)
    }
    // Not reachable now: ioredis is already retrying in the background.
    log?.warn(
      { err: cause },
      `Redis at ${hostOf(url)} cannot be reached; starting without it (cart calls fail until it is back)`,
    )
  }
  return new RedisCartStore(redis)
}

/** Between two reconnect attempts at most, so the cart is back within this long of Redis. */
export const RECONNECT_MAX_MS = 2000

/** Redis answered and said no: retrying will not help. */
function refusedUs(error: Error): boolean {
  return /^(WRONGPASS|NOAUTH|NOPERM)\b|invalid (username-)?password/i.test(error.message)
}

/** host:port only: the URL may carry a password. */
function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return 'the configured address'
  }
}

type ScriptedRedis = Redis & {
  cartAdd(key: string, skuId: number, count: number, max: number): Promise<number>
  cartTakeBought(key: string, mark: string, forgotten: string, ...lines: number[]): Promise<number>
  cartClear(key: string): Promise<number>
  cartAddLabel(key: string, skuId: number, grams: number, fen: number, max: number): Promise<number>
  cartSet(key: string, skuId: number, count: number): Promise<string[]>
}

export class RedisCartStore implements CartStore {
  readonly home = 'redis'
  /** By till, the orders whose marks the till's next takeBought deletes (forgetBought). */
  private readonly forgettable = new Map<string, number[]>()

  /** `redis`: also the parked sales' connection (redis-parked.store.ts). */
  constructor(readonly redis: Redis) {}

  private get scripted(): ScriptedRedis {
    return this.redis as ScriptedRedis
  }

  async lines(tillId: string): Promise<Map<number, number>> {
    return new Map([...(await this.basket(tillId))].map(([sku, line]) => [sku, line.count]))
  }

  async basket(tillId: string): Promise<Map<number, CartQuantity>> {
    return basketOf(await guard(this.redis.hgetall(key(tillId))))
  }

  async add(tillId: string, skuId: number, count: number, max = MAX_LINE_COUNT): Promise<number | null> {
    const n = await guard(this.scripted.cartAdd(key(tillId), skuId, count, max))
    return n < 0 ? null : n
  }

  async addLabel(tillId: string, skuId: number, grams: number, fen: number, max: number): Promise<number | null> {
    const n = await guard(this.scripted.cartAddLabel(key(tillId), skuId, grams, fen, max))
    return n < 0 ? null : n
  }

  async set(tillId: string, skuId: number, count: number): Promise<Map<number, CartQuantity>> {
    // The script answers with the hash as HGETALL would, flat: field, value, field, value…
    const flat = await guard(this.scripted.cartSet(key(tillId), skuId, count))
    const hash: Record<string, string> = {}
    for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i] as string] = flat[i + 1] as string
    return basketOf(hash)
  }

  async remove(tillId: string, skuId: number): Promise<void> {
    await guard(this.scripted.cartSet(key(tillId), skuId, 0))
  }

  async clear(tillId: string): Promise<void> {
    await guard(this.scripted.cartClear(key(tillId)))
  }

  async takeBought(_trx: Trx | null, tillId: string, orderId: number, lines: readonly PurchasedLine[]): Promise<void> {
    const forget = this.forgettable.get(tillId) ?? []
    await guard(
      this.scripted.cartTakeBought(
        key(tillId),
        boughtMark(orderId),
        forget.map(boughtMark).join(' '),
        ...lines.flatMap((l) => [l.skuId, l.count, l.labelFen ?? 0, l.labelGrams ?? 0]),
      ),
    )
    const left = (this.forgettable.get(tillId) ?? []).filter((id) => !forget.includes(id))
    if (left.length > 0) this.forgettable.set(tillId, left)
    else this.forgettable.delete(tillId)
  }

  forgetBought(tillId: string, orderId: number): Promise<void> {
    this.forgettable.set(tillId, [...(this.forgettable.get(tillId) ?? []), orderId])
    return Promise.resolve()
  }

  close(): Promise<void> {
    this.redis.disconnect()
    return Promise.resolve()
  }
}

const key = (tillId: string) => `cart:${tillId}`

/** A cart's hash as the basket: its SKU lines in scan order, each with its label part. */
function basketOf(hash: Record<string, string>): Map<number, CartQuantity> {
  return new Map(
    skusInScanOrder(hash).map((sku) => [Number(sku), { count: Number(hash[sku]), ...labelOf(hash[`label:${sku}`]) }]),
  )
}

/** A `label:<sku id>` field's value, "fen:grams". */
export function labelOf(text: string | undefined): { labelFen: number; labelGrams: number } {
  const match = text ? /^([0-9]+):([0-9]+)$/.exec(text) : null
  return match ? { labelFen: Number(match[1]), labelGrams: Number(match[2]) } : { labelFen: 0, labelGrams: 0 }
}
export const cartKey = key

/** A Redis call that fails or passes its deadline is CACHE_UNAVAILABLE. */
export async function guard<T>(command: Promise<T>): Promise<T> {
  try {
    return await command
  } catch (error) {
    throw new PosError('CACHE_UNAVAILABLE', undefined, { cause: (error as Error).message })
  }
}
