// `pos bench mixed`: a busy day — 32 tills selling 1–5-line orders over 1,000 SKUs whose
// popularity is skewed, so the best sellers run out while the long tail does not (docs/BENCHMARKS.md).
// Orders share SKUs in every combination; locking in ascending SKU id order must keep deadlocks
// from ever reaching a cashier, and no SKU may sell more than it had. A third of the shelf is sold
// by weight (per 斤, stock and lines in grams), as on a fresh-food counter, and some baskets carry
// discounts (a line's percent, the order's percent, 抹零), worked out by the quote and again at
// commit (docs/DISCOUNTS.md).
import type { DiscountsInput } from '../../src-shared/contract'
import { PayMethod } from '../../src-shared/order-status'
import { addGoods, type NewSku } from '../catalog/catalog-admin.service'
import type { Config, StockStrategy } from '../config'
import type { Actor, Core } from '../core/core'
import { getQuote, placeOrder } from '../orders/checkout.service'
import { race, type RaceResult, timed } from './race'
import { pick, seededRandom, shuffled, zipf } from './random'
import { withBenchShop, withStrategy, type BenchShop } from './setup'
import { perSecond, round, setRatioToPessimistic } from './stats'
import { checkGoodsStock, type StockCheck } from './stock-check'
import { openTills, type Till } from './tills'

export interface MixedOptions {
  tills: number
  /** Stock of every SKU at the start. */
  stock: number
  orders: number
  strategies: StockStrategy[]
  /** Every SKU by the piece and no discount: the same day as before weight and discounts, to set beside it. */
  plain: boolean
}

export type MixedResult = {
  scenario: 'mixed'
  strategy: StockStrategy
  store: BenchShop['store']
  cart: BenchShop['cart']
  tills: number
  skus: number
  stock_per_sku: number
  /** Placed orders per second over the whole run. */
  throughput: number
  lines_per_order: number
  /** Of the lines attempted, the share of goods sold by weight (grams). */
  weight_line_share: number
  /** Of the orders attempted, those with a discount. */
  discounted_orders: number
  /** `--plain`: every SKU by the piece, no discount. */
  plain: boolean
  /** Refusals other than INSUFFICIENT_STOCK (e.g. the optimistic strategy giving up). */
  errors_surfaced: number
  sold_out_skus: number
  ratio_to_pessimistic: number | null
} & RaceResult &
  StockCheck

const SKUS = 1000
const MAX_LINES = 5
const MAX_COUNT = 3
const SEED = 20250101

/** Every third SKU of the shelf is sold by weight; its stock is the shelf's stock × this many grams. */
const GRAMS_PER_UNIT = 500
/** A weighed line: 300–700 g for each unit a piece line of the same basket would take. */
const MIN_GRAMS = 300
const GRAM_SPREAD = 401

/** One customer's basket: [popularity rank, pieces, grams if that SKU is sold by weight] per line, distinct goods. */
type Basket = [rank: number, count: number, grams: number][]

export async function runMixed(
  config: Config,
  options: MixedOptions,
  signal: AbortSignal,
  note: (line: string) => void,
): Promise<MixedResult[]> {
  const baskets = makeBaskets(options.orders)
  return withBenchShop(config, async (shop) => {
    note(
      `mixed: ${shop.store} store (${shop.name}), ${shop.cart} carts, ${options.tills} tills, ${SKUS} SKUs × ${options.stock} stock, ${options.orders} orders`,
    )
    const tills = await openTills(shop, options.tills)
    await warmUp(shop, tills, options.strategies, baskets, options.plain, signal)
    const results: MixedResult[] = []
    for (const strategy of options.strategies) {
      note(`mixed: ${strategy}…`)
      results.push(await sellDay(shop, tills, strategy, baskets, options, signal))
      await sleep(SETTLE_MS)
    }
    setRatioToPessimistic(results)
    return results
  })
}

/** The same baskets for every strategy, drawn once from a fixed seed. */
export function makeBaskets(orders: number): Basket[] {
  const random = seededRandom(SEED)
  const popular = zipf(random, SKUS)
  const baskets: Basket[] = []
  for (let i = 0; i < orders; i++) {
    const lines = 1 + pick(random, MAX_LINES)
    const ranks = new Set<number>()
    while (ranks.size < lines) ranks.add(popular())
    baskets.push(
      [...ranks].map((rank) => {
        const count = 1 + pick(random, MAX_COUNT)
        return [rank, count, count * (MIN_GRAMS + pick(random, GRAM_SPREAD))]
      }),
    )
  }
  return baskets
}

/**
 * Basket i's discounts, all within a cashier's limit (5 % + 1 % < 10 %): every fourth 5 % off its
 * first line, every seventh 1 % off the order, every third 抹零; the others none.
 */
export function discountsOf(i: number, skuIds: readonly number[]): DiscountsInput | undefined {
  const line = i % 4 === 0
  const order = i % 7 === 0
  const roundDown = i % 3 === 0
  if (!line && !order && !roundDown) return undefined
  return {
    lines: line ? [{ skuId: skuIds[0] as number, kind: 'percent', percent: 5 }] : [],
    ...(order ? { order: { kind: 'percent' as const, percent: 1 } } : {}),
    roundDown,
  }
}

interface Lane {
  core: Core
  actor: Actor
}

const WARM_UP_ORDERS_PER_TILL = 3
/** Lets the previous run's purge and log flushing finish before the next run starts timing. */
const SETTLE_MS = 300

/**
 * A few orders per till and strategy on a shelf of their own with plenty of stock, untimed:
 * otherwise the first strategy measured also pays for JIT, connecting and cold pages.
 */
async function warmUp(
  shop: BenchShop,
  tills: readonly Till[],
  strategies: readonly StockStrategy[],
  baskets: readonly Basket[],
  plain: boolean,
  signal: AbortSignal,
) {
  const attempts = Math.min(baskets.length, tills.length * WARM_UP_ORDERS_PER_TILL)
  const { skuOfRank, byWeight } = await stockShelves(shop, 'warm-up', attempts * strategies.length * MAX_COUNT, plain)
  for (const strategy of strategies) {
    const lanes: Lane[] = tills.map((t) => ({ core: withStrategy(t.core, strategy), actor: t.actor }))
    await race(
      lanes,
      attempts,
      (lane, i) => sellBasket(lane, baskets[i] as Basket, i, skuOfRank, byWeight, plain, `warmup_${strategy}_${i}`),
      signal,
    )
  }
}

/**
 * A cashier scans the basket into an empty cart, opens the submit page (the quote) and submits; only the submit is
 * timed.
 */
async function sellBasket(
  lane: Lane,
  basket: Basket,
  index: number,
  skuOfRank: readonly number[],
  byWeight: ReadonlySet<number>,
  plain: boolean,
  idempotencyKey: string,
) {
  const skuIds = basket.map(([rank]) => skuOfRank[rank] as number)
  await lane.core.cart.clear(lane.actor.tillId)
  for (const [k, [, count, grams]] of basket.entries()) {
    const skuId = skuIds[k] as number
    await lane.core.cart.set(lane.actor.tillId, skuId, byWeight.has(skuId) ? grams : count)
  }
  const discounts = plain ? undefined : discountsOf(index, skuIds)
  const quote = await getQuote(lane.core, lane.actor, { skuIds, fulfilment: 'pickup', discounts })
  return timed(() =>
    placeOrder(lane.core, lane.actor, {
      skuIds,
      fulfilment: 'pickup',
      discounts,
      payMethod: PayMethod.ALIPAY,
      fingerprint: quote.fingerprint,
      idempotencyKey,
    }),
  )
}

async function sellDay(
  shop: BenchShop,
  tills: readonly Till[],
  strategy: StockStrategy,
  baskets: readonly Basket[],
  options: MixedOptions,
  signal: AbortSignal,
): Promise<MixedResult> {
  const { goodsId, skuOfRank, byWeight } = await stockShelves(shop, strategy, options.stock, options.plain)
  const lanes: Lane[] = tills.map((t) => ({ core: withStrategy(t.core, strategy), actor: t.actor }))
  const raced = await race(
    lanes,
    baskets.length,
    (lane, i) =>
      sellBasket(lane, baskets[i] as Basket, i, skuOfRank, byWeight, options.plain, `mixed_${strategy}_${i}`),
    signal,
  )
  const { sold_out_skus, oversold, ...stock } = await checkGoodsStock(shop.office, goodsId, (skuId) =>
    byWeight.has(skuId) ? options.stock * GRAMS_PER_UNIT : options.stock,
  )
  const discounted = options.plain
    ? 0
    : Array.from({ length: raced.attempts }, (_, i) => discountsOf(i, [0])).filter(Boolean).length
  const attempted = baskets.slice(0, raced.attempts).flat()
  const lines = attempted.length
  const weightLines = attempted.filter(([rank]) => byWeight.has(skuOfRank[rank] as number)).length
  const { attempts, placed, refused, refusals, deadlocks_surfaced, ...timing } = raced
  return {
    scenario: 'mixed',
    strategy,
    store: shop.store,
    cart: shop.cart,
    tills: options.tills,
    skus: SKUS,
    stock_per_sku: options.stock,
    attempts,
    placed,
    refused,
    refusals,
    throughput: perSecond(placed, raced.wall_s * 1000),
    ratio_to_pessimistic: null,
    oversold,
    deadlocks_surfaced,
    errors_surfaced: refused - (refusals.INSUFFICIENT_STOCK ?? 0),
    lines_per_order: round(lines / Math.max(1, attempts), 2),
    weight_line_share: round(weightLines / Math.max(1, lines), 2),
    discounted_orders: discounted,
    plain: options.plain,
    sold_out_skus,
    ...timing,
    ...stock,
  }
}

/**
 * A fresh shelf of 1,000 SKUs per strategy, so that each strategy starts from the same stock
 * and its sales can be checked on their own. Popularity ranks are shuffled over the ids, so the
 * figures do not hang on where the best sellers happen to sit in the ascending-id lock order.
 */
async function stockShelves(shop: BenchShop, label: string, stock: number, plain: boolean) {
  const skus: NewSku[] = Array.from({ length: SKUS }, (_, k) => ({
    name: `鲜货 ${k + 1}`,
    barcode: `BENCH-MIX-${label}-${k + 1}`,
    priceFen: 100 + ((k * 37) % 1900),
    ...(!plain && k % 3 === 0
      ? { unit: '斤', saleMode: 'by_weight' as const, unitGrams: GRAMS_PER_UNIT, stock: stock * GRAMS_PER_UNIT }
      : { unit: '份', stock }),
  }))
  const ids = await addGoods(shop.office, { name: `混合货架 ${label}`, description: 'bench mixed shelf', skus })
  const skuOfRank = shuffled(seededRandom(SEED + 1), ids)
  const first = await shop.office.store.db
    .selectFrom('goods_sku')
    .select('goods_id')
    .where('id', '=', ids[0] as number)
    .executeTakeFirstOrThrow()
  const byWeight = new Set(ids.filter((_, k) => !plain && k % 3 === 0))
  return { goodsId: first.goods_id, skuOfRank, byWeight }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
