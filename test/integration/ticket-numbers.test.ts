// Ticket numbers (T1-0042) count each till's orders per shop day in China time, on both stores;
// a refused sale leaves no gap, a second process of the same till never repeats a number, and
// the order search finds an order by its ticket, by the tail of its number or by the whole of it.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listOrdersInput, type OrderView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Actor, Core } from '../../src-main/core/core'
import { migrateToLatest } from '../../src-main/db/migrator'
import { listOrders } from '../../src-main/orders/order-query.service'
import { storeBeforeMigration } from '../support/migrated-store'
import { addSku, sell, staffActor } from '../support/shop'
import { freshStore, type StoreKind, type TestStore, testStores } from '../support/stores'

// 2026-03-01 09:00 in China (01:00 UTC): the shop day 20260301.
const MORNING = Date.UTC(2026, 2, 1, 1, 0, 0)
const HOUR = 3600_000

describe.each(testStores)('ticket numbers on %s', (kind) => {
  let t: TestStore
  let t1: Actor
  let t2: Actor
  let admin: Actor
  let sku: number
  const placed: OrderView[] = []

  const sellOne = async (core: Core, actor: Actor) => {
    const order = await sell(core, actor, [[sku, 1]])
    placed.push(order)
    return order
  }
  const search = async (actor: Actor, orderNo: string) =>
    (await listOrders(t.core, actor, listOrdersInput.parse({ orderNo }))).orders.map((o) => o.id)

  beforeAll(async () => {
    t = await freshStore(kind)
    t.clock.now = MORNING
    t1 = await staffActor(t.core, 'cashier', 'T1')
    t2 = await staffActor(t.core, 'cashier', 'T2')
    admin = await staffActor(t.core, 'admin', 'T1')
    sku = await addSku(t.core, { stock: 100, priceFen: 300 })
  })
  afterAll(() => t.dispose())

  it('counts each till on its own, from 1, and shows the till with four digits', async () => {
    const a = await sellOne(t.core, t1)
    const b = await sellOne(t.core, t1)
    const c = await sellOne(t.core, t2)
    expect([a.ticketNo, b.ticketNo, c.ticketNo]).toEqual(['T1-0001', 'T1-0002', 'T2-0001'])
  })

  it('leaves no gap after a refused sale', async () => {
    const scarce = await addSku(t.core, { stock: 1, priceFen: 100 })
    await expect(sell(t.core, t1, [[scarce, 2]])).rejects.toBeInstanceOf(PosError)
    expect((await sellOne(t.core, t1)).ticketNo).toBe('T1-0003')
  })

  it('starts again at 1 when the shop day turns at midnight in China, not in UTC', async () => {
    t.clock.now = MORNING + 14 * HOUR // 23:00 in China, still 2026-03-01
    expect((await sellOne(t.core, t1)).ticketNo).toBe('T1-0004')
    t.clock.now = MORNING + 15 * HOUR + 1 // 00:00 the next day in China, 16:00 UTC the same day
    expect((await sellOne(t.core, t1)).ticketNo).toBe('T1-0001')
    expect((await sellOne(t.core, t1)).ticketNo).toBe('T1-0002')
  })

  it('goes on from the stored count in a new process, and two processes of one till never share a number', async () => {
    const other = await t.openAnother()
    // The other process reads the count (2) at its first sale; then this one sells.
    expect((await sellOne(other, t1)).ticketNo).toBe('T1-0003')
    expect((await sellOne(t.core, t1)).ticketNo).toBe('T1-0004')
    // The other process still believes 3 was its last: the unique index refuses 4, it counts again.
    expect((await sellOne(other, t1)).ticketNo).toBe('T1-0005')
    const tickets = placed.filter((o) => o.createdAt > MORNING + 15 * HOUR).map((o) => o.ticketNo)
    expect(new Set(tickets).size).toBe(tickets.length)
  })

  it('finds an order by its ticket: T1-0002 on any day, digits alone on any till', async () => {
    const byTicket = (ticket: string) =>
      placed
        .filter((o) => o.ticketNo === ticket)
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
        .map((o) => o.id)
    expect(byTicket('T1-0002')).toHaveLength(2)
    expect(await search(admin, 'T1-0002')).toEqual(byTicket('T1-0002'))
    expect(await search(admin, 'T1-2')).toEqual(byTicket('T1-0002'))
    const ones = [...byTicket('T1-0001'), ...byTicket('T2-0001')].sort((a, b) => b - a)
    expect((await search(admin, '0001')).sort((a, b) => b - a)).toEqual(ones)
    // A cashier's search stays within the till.
    expect(await search(t2, 'T1-0002')).toEqual([])
    expect(await search(t2, '1')).toEqual(byTicket('T2-0001'))
    expect(await search(admin, 'T9-0001')).toEqual([])
  })

  it('finds an order by the tail of its number, in either case, or by the whole number', async () => {
    const target = placed[2] as OrderView
    for (const length of [5, 6, 8]) {
      expect(await search(admin, target.orderNo.slice(-length))).toEqual([target.id])
      expect(await search(admin, target.orderNo.slice(-length).toUpperCase())).toEqual([target.id])
    }
    expect(await search(admin, target.orderNo)).toEqual([target.id])
    // One character wrong at the left end of the tail: nothing.
    const tail = target.orderNo.slice(-6)
    expect(await search(admin, `${tail.startsWith('0') ? '1' : '0'}${tail.slice(1)}`)).toEqual([])
    expect(await search(t2, target.orderNo.slice(-6))).toEqual(target.tillId === 'T2' ? [target.id] : [])
  })

  it('refuses what cannot be a number at the boundary', () => {
    for (const orderNo of ['T1 0001', "1' or '1'='1", '订单', '%a', 'x'.repeat(33)])
      expect(listOrdersInput.safeParse({ orderNo }).success, orderNo).toBe(false)
  })
})

describe.each(testStores)('migration 020 on %s', (kind: StoreKind) => {
  const before = storeBeforeMigration(kind, 'm020')

  it('fills the reversed number of every earlier order and gives them no ticket', async () => {
    const store = await before.open('017_order_amount_index')
    try {
      const numbers = Array.from(
        { length: 1203 },
        (_, i) => `20260301090000${String(i).padStart(3, '0')}T1ab${i % 10}cD`,
      )
      for (let i = 0; i < numbers.length; i += 400) {
        const values = numbers
          .slice(i, i + 400)
          .map((no, j) => sql`(${no}, 1, 'T1', 'pickup', 3, 1, 100, 0, 100, 1, ${`key${i + j}`}, 'h', 1, 1)`)
        await sql`insert into order_info (order_no, staff_id, till_id, fulfilment, pay_method, total_count, goods_fen,
          freight_fen, pay_fen, status, idempotency_key, request_hash, created_at, updated_at)
          values ${sql.join(values)}`.execute(store.db)
      }
      expect((await migrateToLatest(store)).error).toBeUndefined()
      const rows = await store.db
        .selectFrom('order_info')
        .select(['order_no', 'order_no_reversed', 'ticket_seq', 'ticket_day'])
        .orderBy('id')
        .execute()
      expect(rows).toHaveLength(numbers.length)
      for (const row of rows) {
        expect(row.order_no_reversed).toBe([...row.order_no].reverse().join('').toLowerCase())
        expect([row.ticket_seq, row.ticket_day]).toEqual([null, null])
      }
    } finally {
      await store.close()
    }
  })
})
