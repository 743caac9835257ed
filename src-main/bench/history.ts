// `pos bench history`: how the order list feels at a million orders (docs/BENCHMARKS.md). Loads the
// history in bulk (history-load.ts — not through placeOrder), then times the real query services
// the order screens call: the first page of the list, a deep page, a member's orders and a lookup
// by order number, as an admin (all tills) and as a cashier (own till).
import { randomBytes } from 'node:crypto'
import type { Config } from '../config'
import { type Actor, type Core, systemActor } from '../core/core'
import { listOrders, ordersOfMember } from '../orders/order-query.service'
import { addStaff } from '../staff/staff.service'
import { HISTORY_DAYS, historyMembers, historyOrderNo, loadHistory } from './history-load'
import { pick, seededRandom } from './random'
import type { ResultLine } from './report'
import { withBenchShop } from './setup'
import { round, summarize } from './stats'

export interface HistoryOptions {
  orders: number
  tills: number
  runs: number
}

const PAGE = 20
const DEEP_PAGE = 51
/** Untimed runs first: the first touches of a query read cold pages and parse plans. */
const WARM_UP_RUNS = 5
/** The target in docs/BENCHMARKS.md: order-list page p99 ≤ 20 ms at 1M orders. */
const TARGET_P99_MS = 20

export async function runHistory(
  config: Config,
  options: HistoryOptions,
  signal: AbortSignal,
  note: (line: string) => void,
): Promise<ResultLine[]> {
  return withBenchShop(config, async (shop) => {
    note(
      `history: ${shop.store} store (${shop.name}), loading ${options.orders} orders over ${options.tills} tills and ${HISTORY_DAYS} days…`,
    )
    const core = shop.office
    const staff = async (role: 'admin' | 'cashier', tillId: string, no: number): Promise<Actor> => {
      const s = await addStaff(core, systemActor(tillId), {
        username: `bench_${role}_${no}`,
        password: randomBytes(12).toString('base64url'),
        role,
      })
      return { staffId: s.id, username: s.username, role, tillId }
    }
    const cashiers: Actor[] = []
    for (let k = 1; k <= options.tills; k++) cashiers.push(await staff('cashier', `T${k}`, k))
    const admin = await staff('admin', 'T1', 0)
    const cashier = cashiers[0] as Actor

    const loaded = await loadHistory(
      core,
      { orders: options.orders, staffIds: cashiers.map((c) => c.staffId), now: core.now() },
      signal,
      note,
    )
    const common = { scenario: 'history', store: shop.store, orders: options.orders }
    const results: ResultLine[] = [
      {
        ...common,
        phase: 'load',
        via: 'bulk INSERT … SELECT straight into order_info/order_goods, not through placeOrder',
        ...loaded,
        tills: options.tills,
        days: HISTORY_DAYS,
      },
    ]
    const random = seededRandom(7)
    const members = historyMembers(options.orders)

    const time = async (
      query: string,
      actor: Actor,
      tab: string | number,
      page: number,
      run: (i: number) => Promise<number>,
    ) => {
      if (signal.aborted) throw new Error('bench interrupted')
      note(`history: ${query} (${actor.role}, tab ${tab}, page ${page})…`)
      for (let i = 0; i < WARM_UP_RUNS; i++) await run(i)
      const samples: number[] = []
      let rows = 0
      for (let i = 0; i < options.runs; i++) {
        const start = performance.now()
        rows += await run(i)
        samples.push(performance.now() - start)
      }
      const latency = summarize(samples)
      results.push({
        ...common,
        query,
        role: actor.role,
        tab,
        page,
        runs: options.runs,
        ...latency,
        rows: round(rows / options.runs, 1),
        target_p99_ms: TARGET_P99_MS,
        within_target: latency.p99_ms <= TARGET_P99_MS,
      })
    }

    for (const actor of [admin, cashier]) {
      for (const tab of ['all', 4] as const) {
        await time(
          'orders-first-page',
          actor,
          tab,
          1,
          async () => (await listOrders(core, actor, { tab, limit: PAGE })).orders.length,
        )
      }
    }
    for (const actor of [admin, cashier]) {
      const { cursor, page } = await cursorOfPage(core, actor, DEEP_PAGE)
      await time(
        'orders-deep-page',
        actor,
        'all',
        page,
        async () => (await listOrders(core, actor, { tab: 'all', cursor, limit: PAGE })).orders.length,
      )
    }
    await time(
      'member-orders',
      admin,
      'all',
      1,
      async () =>
        (await ordersOfMember(core, admin, { memberId: 1 + pick(random, members), limit: PAGE })).orders.length,
    )
    await time('order-no-lookup', admin, 'all', 1, async () => {
      const orderNo = historyOrderNo(1 + pick(random, options.orders))
      return (await listOrders(core, admin, { tab: 'all', orderNo, limit: PAGE })).orders.length
    })
    return results
  })
}

/** Follows the list's own cursors, as a user paging on would; stops early if the list ends. */
async function cursorOfPage(
  core: Core,
  actor: Actor,
  page: number,
): Promise<{ cursor: string | undefined; page: number }> {
  let cursor: string | undefined
  let reached = 1
  while (reached < page) {
    const next = (await listOrders(core, actor, { tab: 'all', cursor, limit: PAGE })).nextCursor
    if (!next) break
    cursor = next
    reached++
  }
  return { cursor, page: reached }
}
