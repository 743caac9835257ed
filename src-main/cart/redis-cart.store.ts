// The shared-mode cart: one Redis hash per till, `cart:<till_id>` (sku id → count). Every
// operation touches one key, so it works unchanged on Redis Cluster.
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { PosError } from '../../src-shared/errors'
import { type CartStore, MAX_LINE_COUNT, type PurchasedLine } from './cart.store'

const addScript = `
local n = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') + tonumber(ARGV[2])
if n > tonumber(ARGV[3]) then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], n)
return n`

const removePurchasedScript = `
for i = 1, #ARGV, 2 do
  local left = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0') - tonumber(ARGV[i + 1])
  if left > 0 then redis.call('HSET', KEYS[1], ARGV[i], left) else redis.call('HDEL', KEYS[1], ARGV[i]) end
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
  redis.defineCommand('cartRemovePurchased', { numberOfKeys: 1, lua: removePurchasedScript })
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
  cartRemovePurchased(key: string, ...pairs: number[]): Promise<number>
}

export class RedisCartStore implements CartStore {
  constructor(private readonly redis: Redis) {}

  private get scripted(): ScriptedRedis {
    return this.redis as ScriptedRedis
  }

  async lines(tillId: string): Promise<Map<number, number>> {
    const hash = await guard(this.redis.hgetall(key(tillId)))
    return new Map(Object.entries(hash).map(([sku, count]) => [Number(sku), Number(count)]))
  }

  async add(tillId: string, skuId: number, count: number): Promise<number | null> {
    const n = await guard(this.scripted.cartAdd(key(tillId), skuId, count, MAX_LINE_COUNT))
    return n < 0 ? null : n
  }

  async set(tillId: string, skuId: number, count: number): Promise<void> {
    await guard(this.redis.hset(key(tillId), String(skuId), count))
  }

  async remove(tillId: string, skuId: number): Promise<void> {
    await guard(this.redis.hdel(key(tillId), String(skuId)))
  }

  async clear(tillId: string): Promise<void> {
    await guard(this.redis.del(key(tillId)))
  }

  async removePurchased(tillId: string, lines: readonly PurchasedLine[]): Promise<void> {
    if (lines.length === 0) return
    await guard(this.scripted.cartRemovePurchased(key(tillId), ...lines.flatMap((l) => [l.skuId, l.count])))
  }

  close(): Promise<void> {
    this.redis.disconnect()
    return Promise.resolve()
  }
}

const key = (tillId: string) => `cart:${tillId}`

async function guard<T>(command: Promise<T>): Promise<T> {
  try {
    return await command
  } catch (error) {
    throw new PosError('CACHE_UNAVAILABLE', undefined, { cause: (error as Error).message })
  }
}
