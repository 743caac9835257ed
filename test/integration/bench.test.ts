// `pos bench` end to end, small: the real command line on MariaDB + Redis, its JSON lines, its
// exit code, and that it leaves no bench database or cart keys behind.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { createConnection } from 'mysql2/promise'
import { afterAll, describe, expect, it } from 'vitest'
import { failures } from '../../src-main/bench/report'
import { testId } from '../support/ids'
import { MYSQL_ROOT, REDIS_URL } from '../support/stores'

type Line = Record<string, unknown>

const tag = testId()
const dbName = `ftbt_${tag}`
const redisPrefix = `ftbt:${tag}:`
const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-bench-test-'))

/** Runs `pos bench …` as an operator would, with the store and Redis in the environment. */
function bench(args: string[]): Promise<{ code: number; lines: Line[]; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/pos.ts', 'bench', ...args], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: {
        ...process.env,
        POS_DB: `${MYSQL_ROOT}/${dbName}`,
        POS_REDIS: REDIS_URL,
        POS_REDIS_PREFIX: redisPrefix,
        POS_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const lines = stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Line)
      resolve({ code: code ?? -1, lines, stdout, stderr })
    })
  })
}

/** Databases the runs created (the bench's are named `<configured db>_bench_<random>`). */
async function leftoverDatabases(): Promise<string[]> {
  const conn = await createConnection({ uri: MYSQL_ROOT })
  try {
    const [rows] = await conn.query(`SHOW DATABASES LIKE '${dbName}%'`)
    return (rows as Record<string, string>[]).map((r) => Object.values(r)[0] as string)
  } finally {
    await conn.end()
  }
}

async function leftoverKeys(): Promise<string[]> {
  const redis = new Redis(REDIS_URL)
  try {
    return await redis.keys(`${redisPrefix}*`)
  } finally {
    redis.disconnect()
  }
}

async function expectCleanedUp() {
  expect(await leftoverDatabases()).toEqual([])
  expect(await leftoverKeys()).toEqual([])
}

describe('pos bench (MariaDB + Redis)', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('hot-sku: one line per strategy plus the raw ceiling; nothing oversold, nothing refused while stock was left', async () => {
    const run = await bench(['hot-sku', '--tills', '4', '--stock', '20', '--orders', '40', '--json'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.lines.map((l) => l.strategy)).toEqual(['atomic', 'pessimistic', 'optimistic', 'raw-ceiling'])
    for (const line of run.lines) {
      expect(line).toMatchObject({
        scenario: 'hot-sku',
        store: 'mysql',
        cart: 'redis',
        tills: 4,
        stock: 20,
        attempts: 40,
        oversold: 0,
        conserved: true,
        deadlocks_surfaced: 0,
      })
      for (const field of [
        'placed',
        'refused',
        'throughput',
        'attempts_per_s',
        'p50_ms',
        'p99_ms',
        'spurious_refusals',
        'ratio_to_pessimistic',
      ]) {
        expect(typeof line[field], field).toBe('number')
      }
      expect(line.placed as number).toBeLessThanOrEqual(20)
      expect((line.placed as number) + (line.refused as number)).toBe(40)
      const refusals = line.refusals as Record<string, number>
      expect(Object.values(refusals).reduce((a, b) => a + b, 0)).toBe(line.refused)
      expect(line.p50_ms as number).toBeLessThanOrEqual(line.p99_ms as number)
    }
    for (const strategy of ['atomic', 'pessimistic', 'raw-ceiling']) {
      const line = run.lines.find((l) => l.strategy === strategy) as Line
      expect(line, strategy).toMatchObject({
        placed: 20,
        refused: 20,
        spurious_refusals: 0,
        refusals: { INSUFFICIENT_STOCK: 20 },
        units_sold: 20,
        stock_left: 0,
      })
    }
    expect(run.lines.find((l) => l.strategy === 'pessimistic')?.ratio_to_pessimistic).toBe(1)
    await expectCleanedUp()
  })

  it('hot-sku --grams: a SKU sold by weight, 250 g a sale, sells out to the gram and never oversells', async () => {
    const run = await bench(['hot-sku', '--tills', '4', '--stock', '10', '--orders', '20', '--grams', '250', '--json'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    for (const strategy of ['atomic', 'pessimistic', 'raw-ceiling']) {
      const line = run.lines.find((l) => l.strategy === strategy) as Line
      expect(line, strategy).toMatchObject({
        grams: 250,
        placed: 10,
        refused: 10,
        oversold: 0,
        conserved: true,
        spurious_refusals: 0,
        units_sold: 2500,
        stock_left: 0,
      })
    }
    await expectCleanedUp()
  })

  it('hot-sku --phase place --profile: only placeOrder timed on baskets filled beforehand; a CPU profile per strategy', async () => {
    const run = await bench([
      'hot-sku',
      '--tills',
      '4',
      '--stock',
      '10',
      '--orders',
      '20',
      '--phase',
      'place',
      '--profile',
      '--strategy',
      'atomic',
      '--json',
    ])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const atomic = run.lines.find((l) => l.strategy === 'atomic') as Line & {
      profile: { file: string; us_per_order: Record<string, number> }
    }
    expect(atomic).toMatchObject({
      timed_phase: 'place',
      placed: 10,
      refused: 10,
      oversold: 0,
      conserved: true,
      spurious_refusals: 0,
    })
    expect(atomic.client_cpu_ms_per_order).toBeGreaterThan(0)
    // The profile is a real .cpuprofile, and its costs name where an order's client time went.
    const written = JSON.parse(readFileSync(atomic.profile.file, 'utf8')) as { nodes: unknown[]; samples: number[] }
    expect(written.nodes.length).toBeGreaterThan(10)
    expect(written.samples.length).toBeGreaterThan(0)
    expect(Object.keys(atomic.profile.us_per_order)).toEqual(expect.arrayContaining(['statement building', 'driver']))
    expect(atomic.profile.us_per_order).not.toHaveProperty('idle')
    // The default phase is the whole cashier flow, and says so.
    const flow = await bench([
      'hot-sku',
      '--tills',
      '2',
      '--stock',
      '5',
      '--orders',
      '10',
      '--strategy',
      'atomic',
      '--json',
    ])
    expect(flow.lines.find((l) => l.strategy === 'atomic')).toMatchObject({
      timed_phase: 'flow',
      placed: 5,
      oversold: 0,
    })
    const wrong = await bench(['hot-sku', '--phase', 'pay'])
    expect(wrong.code).not.toBe(0)
    expect(wrong.stderr).toContain('--phase: one of flow, place')
    await expectCleanedUp()
  })

  // Each thread loads the TypeScript sources afresh: a run takes tens of seconds on a busy machine.
  it('hot-sku --tills-as workers: each till in a worker thread of its own, in both phases; the same guarantees', async () => {
    const runs = [
      { phase: 'place', strategies: ['atomic', 'pessimistic'], tills: '3', stock: 10 },
      { phase: 'flow', strategies: ['atomic'], tills: '2', stock: 5 },
    ]
    for (const { phase, strategies, tills, stock } of runs) {
      const run = await bench([
        'hot-sku',
        '--tills',
        tills,
        '--stock',
        String(stock),
        '--orders',
        String(2 * stock),
        '--tills-as',
        'workers',
        '--phase',
        phase,
        '--strategy',
        strategies.join(','),
        '--json',
      ])
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      for (const strategy of strategies) {
        expect(
          run.lines.find((l) => l.strategy === strategy),
          `${phase} ${strategy}`,
        ).toMatchObject({
          tills_as: 'workers',
          timed_phase: phase,
          attempts: 2 * stock,
          placed: stock,
          refused: stock,
          oversold: 0,
          conserved: true,
          spurious_refusals: 0,
          deadlocks_surfaced: 0,
        })
      }
    }
    const profiled = await bench(['hot-sku', '--tills-as', 'workers', '--profile'])
    expect(profiled.code).not.toBe(0)
    expect(profiled.stderr).toContain('--profile profiles one event loop')
    await expectCleanedUp()
  }, 240_000)

  it('mixed: skewed multi-line orders, a third of the goods by weight; no deadlock reaches a cashier and every SKU adds up', async () => {
    const run = await bench(['mixed', '--tills', '6', '--stock', '15', '--orders', '150', '--json'])
    expect(run.code).toBe(0)
    expect(run.lines.map((l) => l.strategy)).toEqual(['atomic', 'pessimistic', 'optimistic'])
    for (const line of run.lines) {
      expect(line).toMatchObject({
        scenario: 'mixed',
        store: 'mysql',
        tills: 6,
        skus: 1000,
        stock_per_sku: 15,
        attempts: 150,
        oversold: 0,
        conserved: true,
        deadlocks_surfaced: 0,
      })
      expect(line.placed as number).toBeGreaterThan(0)
      expect((line.placed as number) + (line.refused as number)).toBe(150)
      // A third of the shelf is sold by weight: its lines are in grams, and they add up too.
      expect(line.weight_line_share as number).toBeGreaterThan(0.1)
      expect(line.weight_line_share as number).toBeLessThan(0.6)
      // Every third basket at least with a discount (docs/DISCOUNTS.md).
      expect(line.discounted_orders as number).toBeGreaterThanOrEqual(50)
      // Stock this small runs out on the best sellers: refusals happen, and they are honest ones.
      expect(line.refusals).toHaveProperty('INSUFFICIENT_STOCK')
      for (const code of Object.keys(line.refusals as object))
        expect(['INSUFFICIENT_STOCK', 'STOCK_CONTENDED']).toContain(code)
    }
    await expectCleanedUp()
  })

  it('mixed --plain: the same day by the piece and without discounts, to set beside it', async () => {
    const run = await bench([
      'mixed',
      '--tills',
      '4',
      '--stock',
      '15',
      '--orders',
      '60',
      '--strategy',
      'atomic',
      '--plain',
      '--json',
    ])
    expect(run.code).toBe(0)
    expect(run.lines).toEqual([
      expect.objectContaining({
        plain: true,
        weight_line_share: 0,
        discounted_orders: 0,
        oversold: 0,
        conserved: true,
        attempts: 60,
      }),
    ])
    await expectCleanedUp()
  })

  it('history: loads in bulk (and says so), then times each order-list query', async () => {
    const run = await bench(['history', '--orders', '2000', '--runs', '20', '--json'])
    expect(run.code).toBe(0)
    const [load, ...queries] = run.lines
    expect(load).toMatchObject({ scenario: 'history', phase: 'load', orders: 2000, store: 'mysql' })
    expect(load?.via).toMatch(/not through placeOrder/)
    expect(load?.order_lines as number).toBeGreaterThanOrEqual(2000)
    expect(load?.order_lines as number).toBeLessThanOrEqual(6000)
    expect(queries.map((q) => `${String(q.query)}/${String(q.role)}/${String(q.tab)}`)).toEqual([
      'orders-first-page/admin/all',
      'orders-first-page/admin/4',
      'orders-first-page/cashier/all',
      'orders-first-page/cashier/4',
      'orders-deep-page/admin/all',
      'orders-deep-page/cashier/all',
      'member-orders/admin/all',
      'order-no-lookup/admin/all',
    ])
    for (const q of queries) {
      expect(q).toMatchObject({ scenario: 'history', runs: 20, orders: 2000 })
      expect(q.rows as number, String(q.query)).toBeGreaterThan(0)
      expect(q.p50_ms as number).toBeLessThanOrEqual(q.p99_ms as number)
    }
    expect(queries.find((q) => q.query === 'order-no-lookup')?.rows).toBe(1)
    expect(queries.find((q) => q.query === 'orders-deep-page' && q.role === 'admin')?.page).toBe(51)
    await expectCleanedUp()
  })

  it('refuses bad options before creating anything', async () => {
    const run = await bench(['hot-sku', '--strategy', 'atomic,greedy'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/INVALID_INPUT: --strategy/)
    expect(run.lines).toEqual([])
    await expectCleanedUp()
  })

  it('fails the command when a result oversold or no longer adds up', () => {
    expect(
      failures([{ scenario: 'hot-sku', strategy: 'atomic', oversold: 0, conserved: true, deadlocks_surfaced: 0 }]),
    ).toEqual([])
    expect(failures([{ scenario: 'hot-sku', strategy: 'optimistic', oversold: 2, conserved: true }])).toHaveLength(1)
    expect(
      failures([{ scenario: 'mixed', strategy: 'atomic', oversold: 0, conserved: false, deadlocks_surfaced: 1 }]),
    ).toHaveLength(2)
  })
})
