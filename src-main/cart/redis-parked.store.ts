// Shared mode's parked sales, in Redis beside the carts. Every command touches one key (Redis
// Cluster compatible keys), so a basket cannot move between a cart and a parked sale in one
// step; it moves in steps ordered so that a till dying between any two of them neither loses
// the basket nor lands it twice, and the till finishes what it left at its next start or its
// next park, recall or new sale (docs/PARKED.md):
//
// Park:   1. one script takes the cart's lines out and keeps them, as the sale, in the cart's
//            own hash under `parking:<id>` (the cart now looks empty);
//         2. `parked:<id>` is written from it, only if it does not exist yet, and listed;
//         3. the `parking:<id>` field goes.
// Recall: 1. `recalling:<id>` goes into the cart's hash: this till means to take it;
//         2. one script claims `parked:<id>` for this till — the one step two tills race on;
//         3. one script adds its lines to the cart and removes `recalling:<id>`, only while that
//            field is there — so the lines land once.
// A recalled `parked:<id>` stays, claimed, for RECALLED_KEPT_MS: a park finished late cannot
// write it back, and a second till's recall hears who has it.
import type { Redis } from 'ioredis'
import { PosError } from '../../src-shared/errors'
import { MAX_LINE_QUANTITY } from './cart.store'
import { type BasketLine, type ParkedBy, type ParkedSale, type ParkedSales, RECALLED_KEPT_MS } from './parked.store'
import { cartKey, guard, isSkuField, noteAddedLua } from './redis-cart.store'

// Park 1. ARGV[1]: the field `parking:<id>`; ARGV[2]: the sale as JSON, without its lines.
// Answers the sale with its lines, in scan order, as JSON, or nil for a cart with no lines. A line
// is [sku id, count, label fen, label grams]; its `label:` and `added:` fields go with it.
const takeScript = `
local all = redis.call('HGETALL', KEYS[1])
local fields = {}
for i = 1, #all, 2 do fields[all[i]] = all[i + 1] end
local found, taken = {}, {}
for field, count in pairs(fields) do
  if string.match(field, '^[0-9]+$') then
    local fen, grams = 0, 0
    local label = fields['label:' .. field]
    if label then
      local f, g = string.match(label, '^([0-9]+):([0-9]+)$')
      fen, grams = tonumber(f), tonumber(g)
      table.insert(taken, 'label:' .. field)
    end
    local place = tonumber(fields['added:' .. field] or '9007199254740991')
    table.insert(found, { tonumber(field), tonumber(count), fen, grams, place })
    table.insert(taken, field)
    table.insert(taken, 'added:' .. field)
  end
end
if #found == 0 then return false end
table.sort(found, function(a, b) if a[5] ~= b[5] then return a[5] < b[5] end return a[1] < b[1] end)
local lines = {}
for i, line in ipairs(found) do lines[i] = { line[1], line[2], line[3], line[4] } end
local sale = cjson.decode(ARGV[2])
sale['lines'] = lines
local text = cjson.encode(sale)
redis.call('HDEL', KEYS[1], unpack(taken))
redis.call('HSET', KEYS[1], ARGV[1], text)
return text`

// Park 2. ARGV: the sale's JSON, its expiry (epoch ms), how long the key lives (ms).
const storeScript = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'sale', ARGV[1], 'expires_at', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`

// Recall 2. ARGV: this till, now (epoch ms), how long a claimed sale is kept (ms).
// Answers {0} gone or expired, {2, till} claimed by another till, {1, sale JSON} ours.
const claimScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return { 0 } end
local holder = redis.call('HGET', KEYS[1], 'holder')
if holder then
  if holder ~= ARGV[1] then return { 2, holder } end
else
  if tonumber(redis.call('HGET', KEYS[1], 'expires_at')) <= tonumber(ARGV[2]) then return { 0 } end
  redis.call('HSET', KEYS[1], 'holder', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return { 1, redis.call('HGET', KEYS[1], 'sale') }`

// Recall 3. ARGV: the field `recalling:<id>`, the most of one line, then sku id, count, label
// fen, label grams, in the parked sale's scan order. The cart had no lines (recall refuses
// otherwise): a line lands as it left, in its place.
const landScript = `${noteAddedLua}
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
local max = tonumber(ARGV[2])
for i = 3, #ARGV, 4 do
  local n = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0') + tonumber(ARGV[i + 1])
  if n > max then n = max end
  redis.call('HSET', KEYS[1], ARGV[i], n)
  noteAdded(KEYS[1], ARGV[i])
  if tonumber(ARGV[i + 2]) > 0 or tonumber(ARGV[i + 3]) > 0 then
    redis.call('HSET', KEYS[1], 'label:' .. ARGV[i], ARGV[i + 2] .. ':' .. ARGV[i + 3])
  end
end
redis.call('HDEL', KEYS[1], ARGV[1])
return 1`

/** A waiting sale's key outlives its expiry by this much: the expiry itself is checked against the till's clock. */
const EXPIRED_KEPT_MS = 60 * 60 * 1000

const parkedKey = (id: number) => `parked:${id}`
const listKey = 'parked-list'
const seqKey = 'parked-seq'
const parkingField = (id: number) => `parking:${id}`
const recallingField = (id: number) => `recalling:${id}`

export type ParkedRedis = Redis & {
  parkedTake(key: string, field: string, head: string): Promise<string | null>
  parkedStore(key: string, sale: string, expiresAt: number, keepMs: number): Promise<number>
  parkedClaim(key: string, tillId: string, now: number, keepMs: number): Promise<[number, string?]>
  parkedLand(key: string, field: string, max: number, ...pairs: number[]): Promise<number>
}

export class RedisParkedSales implements ParkedSales {
  /** The cart's own connection, with its prefix and deadline. */
  readonly redis: ParkedRedis

  constructor(redis: Redis) {
    redis.defineCommand('parkedTake', { numberOfKeys: 1, lua: takeScript })
    redis.defineCommand('parkedStore', { numberOfKeys: 1, lua: storeScript })
    redis.defineCommand('parkedClaim', { numberOfKeys: 1, lua: claimScript })
    redis.defineCommand('parkedLand', { numberOfKeys: 1, lua: landScript })
    this.redis = redis as ParkedRedis
  }

  async park(tillId: string, by: ParkedBy): Promise<ParkedSale | null> {
    const id = await guard(this.redis.incr(seqKey))
    const head = JSON.stringify({ ...by, id, tillId })
    const text = await guard(this.redis.parkedTake(cartKey(tillId), parkingField(id), head))
    if (text === null) return null
    await this.settle(tillId, id, text)
    return saleOf(text)
  }

  async waiting(now: number, limit: number): Promise<ParkedSale[]> {
    const found: ParkedSale[] = []
    const page = Math.max(limit, 20)
    for (let start = 0; found.length < limit; start += page) {
      const ids = await guard(this.redis.zrevrange(listKey, start, start + page - 1))
      if (ids.length === 0) break
      const states = await Promise.all(
        ids.map((id) => guard(this.redis.hmget(parkedKey(Number(id)), 'sale', 'holder'))),
      )
      const stale: string[] = []
      states.forEach(([text, holder], i) => {
        const sale = text && !holder ? saleOf(text) : null
        if (sale && sale.expiresAt > now) found.push(sale)
        else if (!sale) stale.push(ids[i] as string)
      })
      // Recalled or gone: off the list. The next page starts that many earlier.
      if (stale.length > 0) {
        await guard(this.redis.zrem(listKey, ...stale))
        start -= stale.length
      }
    }
    return found.slice(0, limit)
  }

  async recall(tillId: string, id: number, now: number): Promise<ParkedSale> {
    await this.finishPending(tillId)
    const [text, holder] = await guard(this.redis.hmget(parkedKey(id), 'sale', 'holder'))
    if (text && holder === tillId) return saleOf(text) // asked again: it is here already
    // The same answers, in the same order, as the embedded store; the claim below decides.
    if (text && holder) throw new PosError('PARKED_SALE_TAKEN', undefined, { id, tillId: holder })
    if (!text || saleOf(text).expiresAt <= now) throw new PosError('PARKED_SALE_NOT_FOUND', undefined, { id })
    const cart = await guard(this.redis.hkeys(cartKey(tillId)))
    if (cart.some(isSkuField)) throw new PosError('CART_NOT_EMPTY', undefined, { id })
    await guard(this.redis.hset(cartKey(tillId), recallingField(id), '1'))
    const [state, value] = await guard(this.redis.parkedClaim(parkedKey(id), tillId, now, RECALLED_KEPT_MS))
    if (state !== 1 || value === undefined) {
      await guard(this.redis.hdel(cartKey(tillId), recallingField(id)))
      if (state === 2) throw new PosError('PARKED_SALE_TAKEN', undefined, { id, tillId: value })
      throw new PosError('PARKED_SALE_NOT_FOUND', undefined, { id })
    }
    const sale = saleOf(value)
    await this.land(tillId, sale)
    void this.redis.zrem(listKey, String(id)).catch(() => undefined)
    return sale
  }

  async finishPending(tillId: string): Promise<void> {
    const fields = await guard(this.redis.hgetall(cartKey(tillId)))
    for (const [field, value] of Object.entries(fields)) {
      const parking = /^parking:([0-9]+)$/.exec(field)
      if (parking) await this.settle(tillId, Number(parking[1]), value)
      const recalling = /^recalling:([0-9]+)$/.exec(field)
      if (recalling) await this.finishRecall(tillId, Number(recalling[1]))
    }
  }

  /** Park steps 2 and 3. */
  private async settle(tillId: string, id: number, text: string): Promise<void> {
    const sale = saleOf(text)
    const keepMs = Math.max(sale.expiresAt - sale.parkedAt, 1) + EXPIRED_KEPT_MS
    await guard(this.redis.parkedStore(parkedKey(id), text, sale.expiresAt, keepMs))
    await guard(this.redis.zadd(listKey, sale.parkedAt, String(id)))
    await guard(this.redis.hdel(cartKey(tillId), parkingField(id)))
  }

  /** A recall left after step 1 or 2: landed if this till claimed it, dropped if it cannot be. */
  private async finishRecall(tillId: string, id: number): Promise<void> {
    const [text, holder] = await guard(this.redis.hmget(parkedKey(id), 'sale', 'holder'))
    if (text && holder === tillId) await this.land(tillId, saleOf(text))
    else if (!text || holder) await guard(this.redis.hdel(cartKey(tillId), recallingField(id)))
    // Still waiting, unclaimed: the recall never got to step 2; the field is harmless.
  }

  /** Recall step 3. */
  private async land(tillId: string, sale: ParkedSale): Promise<void> {
    const lines = sale.lines.flatMap((l) => [l.skuId, l.count, l.labelFen, l.labelGrams])
    await guard(this.redis.parkedLand(cartKey(tillId), recallingField(sale.id), MAX_LINE_QUANTITY, ...lines))
  }
}

/**
 * The stored sale: what the till gave at park, and the lines as [sku id, count, label fen, label
 * grams] (a sale parked before scale labels has only the first two).
 */
function saleOf(text: string): ParkedSale {
  const stored = JSON.parse(text) as Omit<ParkedSale, 'lines'> & { lines: [number, number, number?, number?][] }
  const lines: BasketLine[] = stored.lines.map(([skuId, count, labelFen = 0, labelGrams = 0]) => ({
    skuId,
    count,
    labelFen,
    labelGrams,
  }))
  return {
    id: stored.id,
    label: stored.label,
    memberId: stored.memberId ?? null,
    staffId: stored.staffId,
    username: stored.username,
    tillId: stored.tillId,
    parkedAt: stored.parkedAt,
    expiresAt: stored.expiresAt,
    lines, // in scan order, as the cart had them
  }
}
