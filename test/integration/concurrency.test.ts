// Many tills at once (docs/STOCK.md): each till is a core of its own — its own connection pool (MySQL)
// or its own connection to the same file (SQLite), its own till id and its own cart — racing the
// others for the same stock. Nothing is mocked: the databases decide who wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OrderView } from '../../src-shared/contract'
import { type ErrorCode, PosError } from '../../src-shared/errors'
import type { StockStrategy } from '../../src-main/config'
import type { Actor } from '../../src-main/core/core'
import { placeOrder } from '../../src-main/orders/checkout.service'
import { watchDeadlocks } from '../support/deadlocks'
import {
  addSku,
  addWeightSku,
  countRows,
  describeError,
  orderInput,
  orderTotalsProblems,
  staffActor,
  stockOf,
} from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { openTills, type Till, type Tills } from '../support/tills'

type Outcome = { ok: true; order: OrderView } | { ok: false; error: unknown }

const settle = (attempt: Promise<OrderView>): Promise<Outcome> =>
  attempt.then(
    (order) => ({ ok: true as const, order }),
    (error: unknown) => ({ ok: false as const, error }),
  )

/** A small seeded generator, so that a failing random order can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function shuffle<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

const strategies: StockStrategy[] = ['atomic', 'pessimistic', 'optimistic']

describe.each(testStores)('concurrent tills on %s', (kind) => {
  // MySQL: 32 tills, each its own connection pool. SQLite: 8 tills, each its own thread and
  // connection to the one file (see test/support/tills.ts), trying more often.
  const shape = kind === 'mysql' ? { tills: 32, tries: 2, lineTills: 16 } : { tills: 8, tries: 8, lineTills: 8 }

  describe.each(strategies)('with the %s stock strategy', (strategy) => {
    let t: TestStore
    let opened: Tills | undefined
    let tills: Till[]
    /** Refusals a caller may meet when demand is larger than stock. */
    const allowedRefusals: ErrorCode[] =
      strategy === 'optimistic' ? ['INSUFFICIENT_STOCK', 'STOCK_CONTENDED'] : ['INSUFFICIENT_STOCK']
    /** atomic and pessimistic never give up while stock is left; optimistic may (STOCK_CONTENDED). */
    const sellsOut = strategy !== 'optimistic'

    beforeAll(async () => {
      t = await freshStore(kind, { strategy })
      opened = await openTills(t, shape.tills, 'C')
      tills = opened.tills
    })
    afterAll(async () => {
      await opened?.close()
      await t?.dispose()
    })

    /**
     * Every till tries `asks[i]` units of `sku` in turn (its own cart, its own connection), all
     * tills at once. Checks what every sale and every refusal must satisfy, and returns them.
     */
    async function race(sku: number, initial: number, asks: (tillIndex: number) => number[]) {
      const before = await countRows(t.core)
      const perTill = await Promise.all(
        tills.map(async (till, index) => {
          const results: { asked: number; outcome: Outcome }[] = []
          for (const asked of asks(index)) results.push({ asked, outcome: await settle(till.sell([[sku, asked]])) })
          return { till, results }
        }),
      )
      const all = perTill.flatMap((p) => p.results)
      const sold = all.flatMap((r) => (r.outcome.ok ? [{ asked: r.asked, order: r.outcome.order }] : []))
      const refused = all.flatMap((r) => (r.outcome.ok ? [] : [{ asked: r.asked, error: r.outcome.error }]))

      // Every refusal is a named PosError a cashier can act on — never a raw driver error.
      const unexpected = refused
        .filter((r) => !(r.error instanceof PosError) || !allowedRefusals.includes(r.error.code))
        .map((r) => describeError(r.error))
      expect(unexpected).toEqual([])

      const after = await stockOf(t.core, sku)
      const unitsSold = sold.reduce((sum, s) => sum + s.asked, 0)
      expect(after.stock).toBeGreaterThanOrEqual(0)
      expect(unitsSold).toBeLessThanOrEqual(initial)
      expect(after).toEqual({ stock: initial - unitsSold, sales: unitsSold })

      // Each successful call made exactly one order of exactly what was asked, and nothing else was written.
      for (const s of sold) {
        expect(s.order.lines.map((l) => [l.skuId, l.count])).toEqual([[sku, s.asked]])
        expect(s.order.payFen).toBe(s.order.goodsFen + s.order.freightFen)
      }
      const orderIds = sold.map((s) => s.order.id)
      expect(new Set(orderIds).size).toBe(sold.length)
      const rows = await countRows(t.core)
      expect(rows.orders - before.orders).toBe(sold.length)
      expect(rows.lines - before.lines).toBe(sold.length)
      expect(rows.events - before.events).toBe(sold.length)
      expect(await orderTotalsProblems(t.core, orderIds)).toEqual([])
      const stored = await t.core.store.db
        .selectFrom('order_goods')
        .select((eb) => eb.fn.sum<number>('count').as('units'))
        .where('sku_id', '=', sku)
        .executeTakeFirstOrThrow()
      expect(Number(stored.units ?? 0)).toBe(unitsSold)

      // A refusal for lack of stock tells the truth: stock only falls during the race, so what is
      // left at the end is less than what any refused till asked for.
      for (const r of refused) {
        const error = r.error as PosError
        if (error.code !== 'INSUFFICIENT_STOCK') continue
        expect(error.details).toMatchObject({ skuId: sku, asked: r.asked })
        expect(error.details?.left as number).toBeLessThan(r.asked)
        expect(after.stock).toBeLessThan(r.asked)
      }

      // Bought lines left their till's cart; refused ones are still there to try again.
      for (const { till, results } of perTill) {
        const last = results[results.length - 1]
        const cart = await till.cartLines()
        expect(cart.get(sku)).toBe(last?.outcome.ok ? undefined : last?.asked)
        await till.clearCart()
      }
      return { unitsSold, sold, refused, after }
    }

    it(`${shape.tills} tills × ${shape.tries} tries of one unit against a stock of 20: never oversold, every refusal named`, async () => {
      const initial = 20
      const demand = shape.tills * shape.tries
      const sku = await addSku(t.core, { stock: initial, priceFen: 350 })
      const { unitsSold, sold, refused } = await race(sku, initial, () => Array.from({ length: shape.tries }, () => 1))
      expect(sold.length + refused.length).toBe(demand)
      if (sellsOut) {
        // Demand is far above 20: every unit is sold and no till was turned away while any was left.
        expect(unitsSold).toBe(initial)
        expect(refused).toHaveLength(demand - initial)
      }
    })

    it(`${shape.tills} tills × ${shape.tries} tries of 1–3 units against a stock of 30: totals and stock stay exact`, async () => {
      const initial = 30
      const sku = await addSku(t.core, { stock: initial, priceFen: 1299 })
      const asks = (till: number) => Array.from({ length: shape.tries }, (_, k) => 1 + ((till + k) % 3))
      const { unitsSold, refused, after } = await race(sku, initial, asks)
      expect(refused.length).toBeGreaterThan(0)
      if (sellsOut) {
        // Refused tills asked for more than was left; so whatever stays is less than the smallest refused ask.
        const smallestRefused = Math.min(...refused.map((r) => r.asked))
        expect(after.stock).toBeLessThan(smallestRefused)
        expect(unitsSold).toBeGreaterThan(initial - 3)
      }
    })

    it(`${shape.tills} tills weighing 250–749 g each of one weight SKU down to its last grams: never oversold, every line priced half up`, async () => {
      // 4,321 g of tomatoes at ¥5.20 / 斤: the asks differ by the gram, so the last grams are fought over.
      const initial = 4_321
      const sku = await addWeightSku(t.core, { stock: initial, priceFen: 520 })
      const asks = (till: number) => Array.from({ length: shape.tries }, (_, k) => 250 + ((till * 97 + k * 31) % 500))
      const { unitsSold, sold, refused, after } = await race(sku, initial, asks)
      expect(refused.length).toBeGreaterThan(0)
      for (const s of sold) {
        const [line] = s.order.lines
        expect(line).toMatchObject({ unitGrams: 500, lineFen: Math.floor((520 * s.asked * 2 + 500) / 1000) })
        expect(s.order.totalCount).toBe(1)
      }
      if (sellsOut) {
        const smallestRefused = Math.min(...refused.map((r) => r.asked))
        expect(after.stock).toBeLessThan(smallestRefused)
        expect(unitsSold).toBeGreaterThan(initial - 750)
      }
    })

    it(`${shape.lineTills} tills placing 3–5 line orders over 6 shared SKUs in random order: no error reaches a caller`, async () => {
      const seed = Date.now() >>> 0
      const next = random(seed)
      const initial = 10_000
      const skus: number[] = []
      for (let i = 0; i < 6; i++) skus.push(await addSku(t.core, { stock: initial, priceFen: 100 + i * 37 }))
      const before = await countRows(t.core)
      const deadlocks = await watchDeadlocks(t)
      // Each till places 3 orders one after the other; its lines arrive in a random order.
      const plans = tills.slice(0, shape.lineTills).map((till) => ({
        till,
        orders: [0, 1, 2].map(() => {
          const size = 3 + Math.floor(next() * 3)
          return shuffle(skus, next)
            .slice(0, size)
            .map((sku): [number, number] => [sku, 1 + Math.floor(next() * 4)])
        }),
      }))
      const outcomes = await Promise.all(
        plans.map(async ({ till, orders }) => {
          const results: { lines: [number, number][]; outcome: Outcome }[] = []
          for (const lines of orders) results.push({ lines, outcome: await settle(till.sell(lines)) })
          return results
        }),
      )
      const all = outcomes.flat()
      // atomic and pessimistic take SKUs in ascending id order and retry deadlocks: nobody sees an
      // error. Optimistic may give up with the retryable STOCK_CONTENDED, and nothing else.
      const failures = all.filter((r) => !r.outcome.ok).map((r) => (r.outcome.ok ? '' : describeError(r.outcome.error)))
      if (strategy === 'optimistic') {
        expect(
          failures.filter((f) => !f.startsWith('PosError STOCK_CONTENDED')),
          `seed ${seed}`,
        ).toEqual([])
      } else {
        expect(failures, `seed ${seed}`).toEqual([])
      }

      // Nor did any of them deadlock and get retried out of sight: SKUs are locked in ascending id order.
      expect(await deadlocks.newDeadlock(), `seed ${seed}`).toBeNull()

      const placed = all.flatMap((r) => (r.outcome.ok ? [{ lines: r.lines, order: r.outcome.order }] : []))
      for (const p of placed) {
        const expected = [...p.lines].sort((a, b) => a[0] - b[0])
        expect(p.order.lines.map((l) => [l.skuId, l.count])).toEqual(expected)
      }
      for (const sku of skus) {
        const units = placed.reduce((sum, p) => sum + (p.lines.find(([id]) => id === sku)?.[1] ?? 0), 0)
        expect(await stockOf(t.core, sku), `sku ${sku}, seed ${seed}`).toEqual({ stock: initial - units, sales: units })
      }
      const rows = await countRows(t.core)
      expect(rows.orders - before.orders).toBe(placed.length)
      expect(rows.lines - before.lines).toBe(placed.reduce((sum, p) => sum + p.lines.length, 0))
      expect(
        await orderTotalsProblems(
          t.core,
          placed.map((p) => p.order.id),
        ),
      ).toEqual([])
      for (const { till } of plans) await till.clearCart()
    })
  })

  describe('idempotency', () => {
    let t: TestStore
    let cashier: Actor

    beforeAll(async () => {
      t = await freshStore(kind)
      cashier = await staffActor(t.core)
    })
    afterAll(() => t?.dispose())

    it('the same key sent twice in a row gives the same order, one row, the stock taken once', async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 420 })
      const input = await orderInput(t.core, cashier, [[sku, 3]])
      const before = await countRows(t.core)
      const first = await placeOrder(t.core, cashier, input)
      const second = await placeOrder(t.core, cashier, input)
      expect(second.id).toBe(first.id)
      expect(second.orderNo).toBe(first.orderNo)
      expect(second.payFen).toBe(3 * 420)
      expect(await countRows(t.core)).toEqual({
        orders: before.orders + 1,
        lines: before.lines + 1,
        events: before.events + 1,
      })
      expect(await stockOf(t.core, sku)).toEqual({ stock: 7, sales: 3 })
    })

    it('the same key sent at once from two connections of one till gives both callers the same single order', async () => {
      // Two tills with the same till id share one cart, like a double click that reached two workers.
      const pair = await openTills(t, 2, '', { tillIds: [cashier.tillId, cashier.tillId] })
      const [first, second] = pair.tills as [Till, Till]
      try {
        for (let round = 0; round < 8; round++) {
          const sku = await addSku(t.core, { stock: 5, priceFen: 260 })
          const input = await orderInput(t.core, cashier, [[sku, 2]])
          const before = await countRows(t.core)
          const outcomes = await Promise.all([
            settle(first.placeOrder(input, cashier)),
            settle(second.placeOrder(input, cashier)),
          ])
          const failures = outcomes.flatMap((o) => (o.ok ? [] : [describeError(o.error)]))
          expect(failures, `round ${round}`).toEqual([])
          const [a, b] = outcomes.map((o) => (o.ok ? o.order : undefined))
          expect(a?.id).toBeDefined()
          expect(b?.id).toBe(a?.id)
          const rows = await t.core.store.db
            .selectFrom('order_info')
            .select('id')
            .where('idempotency_key', '=', input.idempotencyKey)
            .execute()
          expect(rows.map((r) => r.id)).toEqual([a?.id])
          expect(await countRows(t.core)).toEqual({
            orders: before.orders + 1,
            lines: before.lines + 1,
            events: before.events + 1,
          })
          expect(await stockOf(t.core, sku)).toEqual({ stock: 3, sales: 2 })
          expect((await t.core.cart.lines(cashier.tillId)).has(sku)).toBe(false)
        }
      } finally {
        await pair.close()
      }
    })

    it('the same key with a different payload is IDEMPOTENCY_CONFLICT and writes nothing', async () => {
      const sku = await addSku(t.core, { stock: 10, priceFen: 990 })
      const input = await orderInput(t.core, cashier, [[sku, 1]], { payMethod: 3 })
      const order = await placeOrder(t.core, cashier, input)
      // The cashier fills the cart again and, by a bug or a replayed request, reuses the key for cash.
      const again = await orderInput(t.core, cashier, [[sku, 1]], {
        payMethod: 1,
        idempotencyKey: input.idempotencyKey,
      })
      const before = await countRows(t.core)
      const attempt = placeOrder(t.core, cashier, again)
      await expect(attempt).rejects.toBeInstanceOf(PosError)
      await expect(attempt).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' })
      expect(await countRows(t.core)).toEqual(before)
      expect(await stockOf(t.core, sku)).toEqual({ stock: 9, sales: 1 })
      expect((await t.core.cart.lines(cashier.tillId)).get(sku)).toBe(1)
      const stored = await t.core.store.db
        .selectFrom('order_info')
        .selectAll()
        .where('idempotency_key', '=', input.idempotencyKey)
        .execute()
      expect(stored.map((o) => [o.id, o.pay_method])).toEqual([[order.id, 3]])
      await t.core.cart.clear(cashier.tillId)
    })
  })
})
