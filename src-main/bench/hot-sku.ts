// `pos bench hot-sku`: N tills race to sell one SKU whose stock runs out (docs/BENCHMARKS.md). Every
// strategy sells its own fresh SKU with the same stock through the real placeOrder; then the raw
// ceiling — a bare autocommit conditional UPDATE on one row — shows what the database alone can do.
// With `--grams G` the SKU is sold by weight: each sale weighs G grams, the stock is `stock` sales
// of G grams, and every count below is in grams.
// Two phases can be timed. `flow` (the default) is the whole cashier's work per customer: the line
// into the basket through the cart service, the quote, then placing the order. `place` is the
// flash-sale moment: every customer's basket is filled and quoted before the clock starts, and
// only placeOrder is timed — everyone presses pay at once. `--profile` writes a CPU profile of
// each strategy's race and sums it by cost (profile.ts).
import { sql } from 'kysely'
import { addGoods } from '../catalog/catalog-admin.service'
import type { Config, StockStrategy } from '../config'
import { profileLines, profiled, type ProfileSummary } from './profile'
import { raceInWorkers, type TillsAs } from './worker-tills'
import { type Basket, fillBaskets, placeBasket, placeOne, quoteLanes, serveCustomer } from './hot-sku-sales'
import { type Outcome, race, type RaceResult, refusalOf } from './race'
import { withBenchShop, type BenchShop } from './setup'
import { perSecond, round, setRatioToPessimistic } from './stats'
import { checkGoodsStock, type StockCheck } from './stock-check'
import { openTills, type Till } from './tills'

export interface HotSkuOptions {
  tills: number
  stock: number
  /** Attempts in all, each for 1 unit; more than the stock, so that it runs out. */
  orders: number
  strategies: StockStrategy[]
  /** Grams per sale of a SKU sold by weight; 0 for one piece per sale. */
  grams: number
  /** What is timed: the whole cashier flow, or placeOrder alone on baskets filled beforehand. */
  phase: HotSkuPhase
  /** Write a CPU profile of each strategy's race into this folder, or null. */
  profileDir: string | null
  /** The tills on this event loop, or each in a worker thread of its own. */
  tillsAs: TillsAs
}

export const hotSkuPhases = ['flow', 'place'] as const
export type HotSkuPhase = (typeof hotSkuPhases)[number]

export type HotSkuResult = {
  scenario: 'hot-sku'
  strategy: StockStrategy | 'raw-ceiling'
  store: BenchShop['store']
  cart: BenchShop['cart']
  tills: number
  stock: number
  /** Grams weighed per sale (a SKU sold by weight), or 0: one piece per sale. */
  grams: number
  timed_phase: HotSkuPhase
  tills_as: TillsAs
  /** CPU time of the bench process per placed order (the tills' client work, whatever was refused too). */
  client_cpu_ms_per_order: number
  profile?: ProfileSummary
  /** Placed orders per second, from the start until the last order was placed. */
  throughput: number
  ratio_to_pessimistic: number | null
  spurious_refusals: number
} & RaceResult &
  StockCheck

const WARM_UP_ORDERS_PER_TILL = 3
/** Lets the previous run's purge and log flushing finish before the next run starts timing. */
const SETTLE_MS = 300

export async function runHotSku(
  config: Config,
  options: HotSkuOptions,
  signal: AbortSignal,
  note: (line: string) => void,
): Promise<HotSkuResult[]> {
  return withBenchShop(config, async (shop) => {
    note(
      `hot-sku: ${shop.store} store (${shop.name}), ${shop.cart} carts, ${options.tills} tills, stock ${options.stock}, ${options.orders} attempts` +
        (options.grams > 0 ? `, by weight: ${options.grams} g a sale` : '') +
        `, timing the ${options.phase === 'place' ? 'place phase (baskets filled beforehand)' : 'whole cashier flow'}` +
        (options.tillsAs === 'workers' ? ', each till in a worker thread of its own' : ''),
    )
    const tills = await openTills(shop, options.tills)
    await warmUp(shop, tills, options, signal)
    const results: HotSkuResult[] = []
    for (const strategy of options.strategies) {
      note(`hot-sku: ${strategy}…`)
      const sold = await sellOut(shop, tills, strategy, options, signal)
      if (sold.profile) for (const line of profileLines(strategy, sold.profile)) note(line)
      results.push(sold)
      await sleep(SETTLE_MS)
    }
    note('hot-sku: raw ceiling…')
    results.push(await rawCeiling(shop, tills, options, signal))
    setRatioToPessimistic(results)
    return results
  })
}

/** Until every till has placed a few orders, the first strategy would also pay for JIT and connecting. */
async function warmUp(shop: BenchShop, tills: readonly Till[], options: HotSkuOptions, signal: AbortSignal) {
  const attempts = tills.length * WARM_UP_ORDERS_PER_TILL
  const skuId = await newHotSku(shop, 'warm-up', attempts * options.strategies.length, options.grams)
  for (const strategy of options.strategies) {
    const lanes = await quoteLanes(tills, strategy, skuId, options.grams)
    await race(lanes, attempts, (lane, i) => placeOne(lane, skuId, `warmup_${strategy}_${i}`), signal)
  }
}

async function sellOut(
  shop: BenchShop,
  tills: readonly Till[],
  strategy: StockStrategy,
  options: HotSkuOptions,
  signal: AbortSignal,
): Promise<HotSkuResult> {
  const skuId = await newHotSku(shop, strategy, options.stock, options.grams)
  // Keys only need to be unique in the bench's own fresh database.
  const key = (i: number) => `hot_${strategy}_${i}`
  let run: () => Promise<RaceResult>
  if (options.tillsAs === 'workers') {
    // Each thread warms up on its own: a thread's JIT is its own.
    const warmUpSkuId = await newHotSku(shop, `warm-${strategy}`, tills.length * WARM_UP_ORDERS_PER_TILL, options.grams)
    run = () =>
      raceInWorkers(
        shop,
        tills,
        {
          strategy,
          skuId,
          warmUpSkuId,
          warmUps: WARM_UP_ORDERS_PER_TILL,
          quantity: Math.max(options.grams, 1),
          phase: options.phase,
          attempts: options.orders,
        },
        signal,
      )
  } else if (options.phase === 'place') {
    const lanes = await quoteLanes(tills, strategy, skuId, options.grams)
    const baskets = await fillBaskets(
      lanes,
      skuId,
      Array.from({ length: options.orders }, (_, i) => i),
    )
    run = () => race(lanes, options.orders, (lane, i) => placeBasket(lane, baskets[i] as Basket, skuId, key(i)), signal)
  } else {
    const lanes = await quoteLanes(tills, strategy, skuId, options.grams)
    run = () => race(lanes, options.orders, (lane, i) => serveCustomer(lane, skuId, key(i)), signal)
  }
  const { result: raced, profile } = options.profileDir
    ? await profiled(options.profileDir, strategy, run, (r) => r.placed)
    : { result: await run(), profile: undefined }
  return {
    ...result(
      shop,
      strategy,
      options,
      raced,
      await checkGoodsStock(shop.office, await goodsOf(shop, skuId), stockOf(options)),
    ),
    ...(profile ? { profile } : {}),
  }
}

/** The SKU's stock: `stock` sales, of one piece or of the grams weighed. */
const stockOf = (options: HotSkuOptions) => options.stock * Math.max(options.grams, 1)

/** The database's own ceiling: the guarded decrement alone, one autocommit statement per sale. */
async function rawCeiling(
  shop: BenchShop,
  tills: readonly Till[],
  options: HotSkuOptions,
  signal: AbortSignal,
): Promise<HotSkuResult> {
  const skuId = await newHotSku(shop, 'raw-ceiling', options.stock, options.grams)
  const take = Math.max(options.grams, 1)
  const raced = await race(
    tills,
    options.orders,
    async (till) => {
      const start = performance.now()
      try {
        const updated =
          await sql`update goods_sku set stock = stock - ${take}, sales = sales + ${take} where id = ${skuId} and stock >= ${take}`.execute(
            till.core.store.db,
          )
        const outcome: Outcome =
          Number(updated.numAffectedRows ?? 0n) === 1
            ? { placed: true }
            : { placed: false, refusal: { code: 'INSUFFICIENT_STOCK', deadlock: false } }
        return { ms: performance.now() - start, outcome }
      } catch (error) {
        return { ms: performance.now() - start, outcome: { placed: false, refusal: refusalOf(error) } }
      }
    },
    signal,
  )
  return result(
    shop,
    'raw-ceiling',
    options,
    raced,
    await checkGoodsStock(shop.office, await goodsOf(shop, skuId), stockOf(options), false),
  )
}

function result(
  shop: BenchShop,
  strategy: HotSkuResult['strategy'],
  options: HotSkuOptions,
  raced: RaceResult,
  check: StockCheck & { sold_out_skus?: number },
): HotSkuResult {
  const { sold_out_skus: _soldOut, oversold, ...stock } = check
  // Each attempt asks for 1 unit, so at most (attempts − stock) refusals are honest; any more
  // were refused while stock was left (a STOCK_CONTENDED counts: the customer went without).
  const honest = Math.max(0, raced.attempts - options.stock)
  const { attempts, placed, refused, refusals, ...timing } = raced
  return {
    scenario: 'hot-sku',
    strategy,
    store: shop.store,
    cart: shop.cart,
    tills: options.tills,
    stock: options.stock,
    grams: options.grams,
    timed_phase: options.phase,
    tills_as: options.tillsAs,
    client_cpu_ms_per_order: round(raced.client_cpu_ms / Math.max(1, placed)),
    attempts,
    placed,
    refused,
    refusals,
    throughput: perSecond(placed, raced.sellout_s * 1000),
    ratio_to_pessimistic: null,
    oversold,
    spurious_refusals: Math.max(0, refused - honest),
    ...timing,
    ...stock,
  }
}

/** A fresh SKU with `sales` sales' worth of stock: eggs by the box, or pork by weight at ¥23.80 / 斤. */
async function newHotSku(shop: BenchShop, label: string, sales: number, grams: number): Promise<number> {
  const byWeight = grams > 0
  const name = byWeight ? `热卖五花肉 ${label}` : `热卖鸡蛋 ${label}`
  const sku = byWeight
    ? { saleMode: 'by_weight' as const, unitGrams: 500, unit: '斤', priceFen: 2380, stock: sales * grams }
    : { unit: '盒', priceFen: 1280, stock: sales }
  const [skuId] = await addGoods(shop.office, {
    name,
    description: 'bench hot SKU',
    skus: [{ name, barcode: `BENCH-HOT-${label}`, ...sku }],
  })
  return skuId as number
}

async function goodsOf(shop: BenchShop, skuId: number): Promise<number> {
  const row = await shop.office.store.db
    .selectFrom('goods_sku')
    .select('goods_id')
    .where('id', '=', skuId)
    .executeTakeFirstOrThrow()
  return row.goods_id
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
