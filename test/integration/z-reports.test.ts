// X and Z reports and the audit chain (docs/SHIFTS.md) on both stores: the Z's figures, its number
// per till, its chain; `pos audit verify` names an order, an event and a Z changed in SQL.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { commands } from '../../src-main/cli/commands'
import type { Actor } from '../../src-main/core/core'
import { createPayments, type Payments } from '../../src-main/payments/payments'
import { verifyAuditChain } from '../../src-main/reports/audit-chain'
import { listZReports, takeZReport, xReport } from '../../src-main/reports/z-reports.service'
import { cancelOrder, noOrderHooks } from '../../src-main/orders/order-lifecycle.service'
import { closeShift, moveCash, openShift } from '../../src-main/shifts/shifts.service'
import { PosError } from '../../src-shared/errors'
import { addSku, newKey, sell, staffWithoutShift } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('X and Z reports, audit chain (%s)', (kind) => {
  let t: TestStore, payments: Payments, cashier: Actor, other: Actor, admin: Actor
  const orderIds: number[] = []

  beforeAll(async () => {
    t = await freshStore(kind)
    payments = createPayments(t.core, null)
    cashier = await staffWithoutShift(t.core, 'cashier', 'T1')
    other = await staffWithoutShift(t.core, 'cashier', 'T1')
    admin = await staffWithoutShift(t.core, 'admin', 'T1')
  })
  afterAll(async () => {
    await payments.close()
    await t.dispose()
  })

  const verify = () => verifyAuditChain(t.core.store.db)

  async function auditCli(): Promise<{ code: number; out: string }> {
    let out = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true))
    try {
      return { code: await (commands.audit as NonNullable<typeof commands.audit>)(['verify'], () => t.config), out }
    } finally {
      vi.restoreAllMocks()
    }
  }

  it('an X any time, read-only; the Z closes the day with totals, cashiers, cash expected and counted', async () => {
    const sku = await addSku(t.core, { stock: 100, priceFen: 1_000 })
    await openShift(t.core, cashier, { floatFen: 20_000 })
    const a = await sell(t.core, cashier, [[sku, 2]])
    await payments.service.payCash(cashier, a.id, 5_000, newKey())
    const b = await sell(t.core, other, [[sku, 1]])
    await payments.service.payCard(other, b.id, newKey())
    const c = await sell(t.core, cashier, [[sku, 1]])
    await cancelOrder(t.core, noOrderHooks, cashier, c.id)
    await payments.refunds.refund(admin, {
      orderId: b.id,
      amountFen: 400,
      reason: '坏果',
      restock: false,
      idempotencyKey: newKey(),
    })
    await moveCash(t.core, cashier, { kind: 'out', amountFen: 1_000, reason: '买袋子', idempotencyKey: newKey() })
    orderIds.push(a.id, b.id, c.id)

    const x = await xReport(t.core, admin)
    expect(x).toMatchObject({
      kind: 'X',
      nextZ: 1,
      paidOrders: 2,
      paidFen: 3_000,
      byChannel: [
        { channel: 'card', payments: 1, fen: 1_000 },
        { channel: 'cash', payments: 1, fen: 2_000 },
      ],
      refunds: { count: 1, fen: 400 },
      cancelledOrders: { count: 1, payFen: 1_000 },
      discountsFen: 0,
      returnsFen: 0,
      drawer: {
        floatFen: 20_000,
        takenFen: 5_000,
        changeFen: 3_000,
        refundsFen: 0,
        outFen: 1_000,
        expectedFen: 21_000,
        countedFen: null,
      },
    })
    expect(x.byCashier.map((k) => [k.username, k.orders, k.paidFen]).sort()).toEqual(
      [
        [cashier.username, 1, 2_000],
        [other.username, 1, 1_000],
      ].sort(),
    )
    expect(await t.core.store.db.selectFrom('z_reports').selectAll().execute()).toEqual([])
    await expect(takeZReport(t.core, admin)).rejects.toMatchObject({ code: 'SHIFT_STILL_OPEN' })
    await expect(xReport(t.core, cashier)).rejects.toMatchObject({ code: 'FORBIDDEN' })

    await closeShift(t.core, cashier, { countedFen: 20_900 })
    const z = await takeZReport(t.core, admin)
    expect(z).toMatchObject({ kind: 'Z', number: 1, paidFen: 3_000, prevHash: '0'.repeat(64) })
    expect(z.drawer).toMatchObject({ expectedFen: 21_000, countedFen: 20_900, differenceFen: -100 })
    expect(z.hash).toMatch(/^[0-9a-f]{64}$/)
    // Every event of the day's orders, and the three orders' money.
    const events = await t.core.store.db.selectFrom('order_events').select('id').execute()
    expect(z.coveredRows).toBe(events.length + 3)
    expect(await verify()).toEqual({ ok: true, zReports: 1, rows: events.length + 3 })
  })

  it('numbered per till and chained; a later refund of a covered order keeps the chain whole', async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 700 })
    await openShift(t.core, cashier, { floatFen: 0 })
    const d = await sell(t.core, cashier, [[sku, 1]])
    await payments.service.payCash(cashier, d.id, 700, newKey())
    // An order of yesterday's Z, refunded today: its money changes, with an event the next Z covers.
    await payments.refunds.refund(admin, {
      orderId: orderIds[0] as number,
      amountFen: 500,
      reason: '退款',
      restock: false,
      idempotencyKey: newKey(),
    })
    expect((await verify()).ok).toBe(true)
    await closeShift(t.core, cashier, { countedFen: 200 })
    const z2 = await takeZReport(t.core, admin)
    const [latest, first] = await listZReports(t.core, admin)
    expect([latest?.number, first?.number]).toEqual([2, 1])
    expect(z2.prevHash).toBe(first?.hash)
    expect(z2.drawer).toMatchObject({ takenFen: 700, refundsFen: 500, expectedFen: 200, differenceFen: 0 })
    // A day with no sale still closes, as number 3.
    expect((await takeZReport(t.core, admin)).number).toBe(3)
    expect(await verify()).toMatchObject({ ok: true, zReports: 3 })
    expect(await auditCli()).toMatchObject({ code: 0 })
  })

  const db = () => t.core.store.db

  it('names an order whose money was changed in SQL, then an event, then a Z; exit code 1', async () => {
    const order = orderIds[1] as number
    await sql`update order_info set paid_fen = paid_fen + 1 where id = ${order}`.execute(db())
    expect(await verify()).toMatchObject({ ok: false, table: 'order_info', rowId: order })
    const cli = await auditCli()
    expect(cli.code).toBe(1)
    expect(cli.out).toContain(`order_info row ${order}`)
    await sql`update order_info set paid_fen = paid_fen - 1 where id = ${order}`.execute(db())
    expect((await verify()).ok).toBe(true)

    const event = await db()
      .selectFrom('order_events')
      .selectAll()
      .where('order_id', '=', order)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    await sql`update order_events set actor = ${'someone else'} where id = ${event.id}`.execute(db())
    expect(await verify()).toMatchObject({ ok: false, table: 'order_events', rowId: event.id })
    expect((await auditCli()).out).toContain(`order_events row ${event.id}`)
    await sql`update order_events set actor = ${event.actor} where id = ${event.id}`.execute(db())
    expect((await verify()).ok).toBe(true)

    const [, , z1] = await db().selectFrom('z_reports').selectAll().orderBy('number', 'desc').execute()
    if (!z1) throw new Error('no first Z')
    await sql`update z_reports set figures = ${z1.figures.replace('"paidFen":3000', '"paidFen":2000')} where id = ${z1.id}`.execute(
      db(),
    )
    expect(await verify()).toMatchObject({ ok: false, table: 'z_reports', rowId: z1.id })
    const broken = await auditCli()
    expect(broken.code).toBe(1)
    expect(broken.out).toContain(`z_reports row ${z1.id}`)
    await sql`update z_reports set figures = ${z1.figures} where id = ${z1.id}`.execute(db())

    // A deleted covered event is named too.
    await sql`delete from order_events where id = ${event.id}`.execute(db())
    expect(await verify()).toMatchObject({ ok: false, table: 'order_events', rowId: event.id })
  })

  it('the Z is refused while the shift is open: SHIFT_STILL_OPEN, nothing written', async () => {
    await openShift(t.core, cashier, { floatFen: 0 })
    const before = await db().selectFrom('z_reports').select('id').execute()
    const error: unknown = await takeZReport(t.core, admin).catch((e: unknown) => e)
    expect(error instanceof PosError && error.code).toBe('SHIFT_STILL_OPEN')
    expect(await db().selectFrom('z_reports').select('id').execute()).toEqual(before)
  })
})
