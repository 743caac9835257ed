// The shared-mode cart: one Redis hash per till, `cart:<till_id>` (sku id → count). Every
// operation touches one key, so it works unchanged on Redis Cluster.
import { Redis } from 'ioredis'
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

export async function openRedisCart(url: string, prefix: string): Promise<RedisCartStore> {
  const redis = new Redis(url, {
    keyPrefix: prefix,
    lazyConnect: true,
    // Fail fast instead of queueing a cashier's click behind a dead connection.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 3000,
    connectTimeout: 3000,
  })
  redis.on('error', () => undefined) // reported through the failing command instead
  try {
    await redis.connect()
  } catch {
    redis.disconnect()
    throw new PosError('CACHE_UNAVAILABLE', `Redis at ${url} cannot be reached.`)
  }
  redis.defineCommand('cartAdd', { numberOfKeys: 1, lua: addScript })
  redis.defineCommand('cartRemovePurchased', { numberOfKeys: 1, lua: removePurchasedScript })
  return new RedisCartStore(redis)
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

  async close(): Promise<void> {
    this.redis.disconnect()
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
