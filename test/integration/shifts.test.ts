// Shifts and the cash drawer (docs/SHIFTS.md) on both stores: no sale, payment or refund outside
// an open shift; one open shift per till under races; cash in and out with the admin's approval;
// the blind close with its expected figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PosError } from '../../src-shared/errors'
import { type Actor, systemActor } from '../../src-main/core/core'
import { placeOrder } from '../../src-main/orders/checkout.service'
import { createPayments, type Payments } from '../../src-main/payments/payments'
import { closeShift, moveCash, openShift, shiftStatus } from '../../src-main/shifts/shifts.service'
import { updateSettings } from '../../src-main/settings/settings.service'
import { addSku, contractClient, newKey, orderInput, sell, STAFF_PASSWORD, staffWithoutShift } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

const code = async (work: Promise<unknown>) =>
  work.then(
    () => 'ok',
    (error: unknown) => (error instanceof PosError ? error.code : String(error)),
  )

describe.each(testStores)('shifts (%s)', (kind) => {
  let t: TestStore, payments: Payments, cashier: Actor, admin: Actor

  beforeAll(async () => {
    t = await freshStore(kind)
    payments = createPayments(t.core, null)
    cashier = await staffWithoutShift(t.core, 'cashier', 'S1')
    admin = await staffWithoutShift(t.core, 'admin', 'S1')
  })
  afterAll(async () => {
    await payments.close()
    await t.dispose()
  })

  it('no sale, payment or refund outside an open shift: SHIFT_CLOSED, nothing written', async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 500 })
    expect(await code(sell(t.core, cashier, [[sku, 1]]))).toBe('SHIFT_CLOSED')
    await openShift(t.core, cashier, { floatFen: 10_000 })
    const order = await sell(t.core, cashier, [[sku, 1]])
    await closeShift(t.core, cashier, { countedFen: 10_000 })
    expect(await code(payments.service.payCash(cashier, order.id, 500, newKey()))).toBe('SHIFT_CLOSED')
    expect(await code(payments.service.payCard(cashier, order.id, newKey()))).toBe('SHIFT_CLOSED')
    await openShift(t.core, cashier, { floatFen: 0 })
    await payments.service.payCash(cashier, order.id, 1000, newKey())
    await closeShift(t.core, cashier, { countedFen: 500 })
    const refund = { orderId: order.id, amountFen: 500, reason: '退货', restock: false, idempotencyKey: newKey() }
    expect(await code(payments.refunds.refund(admin, refund))).toBe('SHIFT_CLOSED')
    const stored = await t.core.store.db.selectFrom('refunds').selectAll().execute()
    expect(stored).toEqual([])
  })

  it('one open shift per till, even when two opens race', async () => {
    const a = await staffWithoutShift(t.core, 'cashier', 'R1')
    const results = await Promise.all([1, 2, 3, 4].map(() => code(openShift(t.core, a, { floatFen: 100 }))))
    expect(results.filter((r) => r === 'ok')).toHaveLength(1)
    expect(results.filter((r) => r === 'SHIFT_ALREADY_OPEN')).toHaveLength(3)
    const open = await t.core.store.db.selectFrom('shifts').selectAll().where('till_id', '=', 'R1').execute()
    expect(open).toHaveLength(1)
  })

  it('blind close: expected = float + cash taken − change − cash refunds + in − out; difference recorded', async () => {
    const c = await staffWithoutShift(t.core, 'cashier', 'C1')
    const boss = await staffWithoutShift(t.core, 'admin', 'C1')
    await updateSettings(t.core, systemActor('C1'), { cashOutApprovalFen: 20_000 })
    const sku = await addSku(t.core, { stock: 10, priceFen: 1_250 })
    await openShift(t.core, c, { floatFen: 50_000 })
    const first = await sell(t.core, c, [[sku, 2]])
    await payments.service.payCash(c, first.id, 5_000, newKey()) // 2,500 paid, 2,500 change
    const second = await sell(t.core, c, [[sku, 1]])
    await payments.service.payCard(c, second.id, newKey()) // not cash
    const third = await sell(t.core, c, [[sku, 1]])
    await payments.service.payCash(c, third.id, 1_250, newKey())
    await payments.refunds.refund(boss, {
      orderId: third.id,
      amountFen: 1_250,
      reason: '退货',
      restock: true,
      idempotencyKey: newKey(),
    })
    await moveCash(t.core, c, { kind: 'in', amountFen: 3_000, reason: '零钱', idempotencyKey: newKey() })
    // Above the limit: an admin at the till, with their password.
    const big = { kind: 'out' as const, amountFen: 30_000, reason: '存银行', idempotencyKey: newKey() }
    expect(await code(moveCash(t.core, c, big))).toBe('APPROVAL_NEEDED')
    expect(
      await code(moveCash(t.core, c, { ...big, approval: { username: c.username, password: STAFF_PASSWORD } })),
    ).toBe('APPROVAL_NEEDED')
    expect(await code(moveCash(t.core, c, { ...big, approval: { username: boss.username, password: 'wrong' } }))).toBe(
      'LOGIN_FAILED',
    )
    const view = await moveCash(t.core, c, { ...big, approval: { username: boss.username, password: STAFF_PASSWORD } })
    expect(view.cashMoves.map((m) => [m.kind, m.amountFen, m.approvedBy])).toEqual([
      ['in', 3_000, null],
      ['out', 30_000, boss.username],
    ])
    // The same click again is the same move, not a second one.
    await moveCash(t.core, c, { ...big, approval: { username: boss.username, password: STAFF_PASSWORD } })
    // The cashier's screen never shows what the drawer should hold.
    const status = await shiftStatus(t.core, c)
    expect(JSON.stringify(status)).not.toContain('expected')
    await closeShift(t.core, c, { countedFen: 24_000 })
    const shift = await t.core.store.db
      .selectFrom('shifts')
      .selectAll()
      .where('till_id', '=', 'C1')
      .executeTakeFirstOrThrow()
    // 50,000 + (5,000 + 1,250) − 2,500 − 1,250 + 3,000 − 30,000 = 25,500
    expect(Number(shift.expected_fen)).toBe(25_500)
    expect(Number(shift.counted_fen)).toBe(24_000)
    expect(shift.open_till).toBeNull()
    expect((await shiftStatus(t.core, c)).shift).toBeNull()
    expect(await code(closeShift(t.core, c, { countedFen: 0 }))).toBe('SHIFT_CLOSED')
  })

  it('through the contract: validated, session and role checked; the cashier never sees the expected cash', async () => {
    const api = contractClient(t.core)
    const session = await api.login('cashier', { shift: false })
    const boss = await api.login('admin', { shift: false })
    expect((await api.call('shift.open', { floatFen: -1 }, session.token)).ok).toBe(false)
    expect(await api.call('shift.open', { floatFen: 100 }, null)).toMatchObject({
      ok: false,
      error: { code: 'NOT_LOGGED_IN' },
    })
    expect(await api.call('shift.open', { floatFen: 1.5 }, session.token)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    })
    expect(await api.call('shift.open', { floatFen: 100 }, session.token)).toMatchObject({
      ok: true,
      data: { floatFen: 100 },
    })
    expect(await api.call('reports.x', {}, session.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const closed = await api.call('shift.close', { countedFen: 90 }, session.token)
    expect(closed).toMatchObject({ ok: true, data: { countedFen: 90 } })
    expect(JSON.stringify(closed)).not.toContain('expected')
    expect(await api.call('reports.x', {}, boss.token)).toMatchObject({
      ok: true,
      data: { kind: 'X', drawer: { expectedFen: 100, countedFen: 90, differenceFen: -10 } },
    })
  })

  it('a close racing sales: every order written belongs to a shift of its till', async () => {
    const c = await staffWithoutShift(t.core, 'cashier', 'Q1')
    await openShift(t.core, c, { floatFen: 0 })
    // One SKU each: an order takes its own lines out of the till's cart, not the others'.
    const inputs = []
    for (let i = 0; i < 4; i++) inputs.push(await orderInput(t.core, c, [[await addSku(t.core, { stock: 10 }), 1]]))
    const outcomes = await Promise.all([
      ...inputs.map((input) => code(placeOrder(t.core, c, input))),
      code(closeShift(t.core, c, { countedFen: 0 })),
    ])
    for (const outcome of outcomes) expect(['ok', 'SHIFT_CLOSED']).toContain(outcome)
    const orders = await t.core.store.db
      .selectFrom('order_info')
      .select('shift_id')
      .where('till_id', '=', 'Q1')
      .execute()
    const shift = await t.core.store.db
      .selectFrom('shifts')
      .select('id')
      .where('till_id', '=', 'Q1')
      .executeTakeFirstOrThrow()
    expect(orders.every((o) => o.shift_id === shift.id)).toBe(true)
    expect(orders).toHaveLength(outcomes.filter((o) => o === 'ok').length - 1)
  })
})
