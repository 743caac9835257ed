// Returns by line: chosen lines and quantities back from a paid order, each line's paid amount
// refunded pro rata in fen that add up, through the order's own payments (cash over the counter,
// Alipay through the sandbox), restocked or written off; never more than sold less returned, not
// even when two tills return the last piece at once; a retried click is the same return; an
// admin's return without an order at today's price, in cash. Nothing is written by a refusal.
import { describe, expect, it } from 'vitest'
import { OrderStatus } from '../../src-shared/order-status'
import { closeCore } from '../../src-main/app'
import type { Actor, Core } from '../../src-main/core/core'
import type { Payments } from '../../src-main/payments/payments'
import { createPayments } from '../../src-main/payments/payments'
import type { ReturnFromOrderInput } from '../../src-main/returns/returns.service'
import { closeShift, openShift } from '../../src-main/shifts/shifts.service'
import { xReport } from '../../src-main/reports/z-reports.service'
import {
  describeError,
  addSku,
  addWeightSku,
  contractClient,
  newKey,
  sell,
  staffActor,
  staffWithoutShift,
  stockOf,
} from '../support/shop'
import { type TestStore, testStores } from '../support/stores'
import { type AlipayRig, orderRow, paymentsShopHooks } from '../support/payments'
import { fenToYuanString } from '../../src-shared/money'

describe.each(testStores)('returns by line (%s)', (kind) => {
  let t: TestStore, rig: AlipayRig, payments: Payments, cashier: Actor, admin: Actor
  paymentsShopHooks(kind, (shop) => ({ t, rig, payments, cashier, admin } = shop))

  type Lines = ReturnFromOrderInput['lines']
  const giveBack = (orderId: number, lines: Lines, idempotencyKey = newKey(), actor = cashier) =>
    payments.returns.fromOrder(actor, { orderId, lines, reason: '', idempotencyKey })

  /** A paid cash sale: `pieces` at ¥12.50 and, if asked, 734 g of a ¥5.20/斤 SKU (¥7.63). */
  const cashSale = async (pieces = 3, grams = 0) => {
    const apple = await addSku(t.core, { stock: 10, priceFen: 1250 })
    const tomato = await addWeightSku(t.core, { stock: 5000, priceFen: 520 })
    const order = await sell(t.core, cashier, [
      [apple, pieces],
      ...(grams ? [[tomato, grams] as [number, number]] : []),
    ])
    await payments.service.payCash(cashier, order.id, order.payFen, newKey())
    const lineOf = (sku: number) => order.lines.find((l) => l.skuId === sku)?.id as number
    return { apple, tomato, order, appleLine: lineOf(apple), tomatoLine: lineOf(tomato) }
  }

  const rowsOf = async (core: Core, orderId: number) => ({
    returns: await core.store.db.selectFrom('returns').selectAll().where('order_id', '=', orderId).execute(),
    refunds: await core.store.db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).execute(),
  })

  it('one piece back to the shelf: its paid amount in cash, the stock back, the order still paid', async () => {
    const { apple, order, appleLine } = await cashSale(3)
    const before = await stockOf(t.core, apple)
    const back = await giveBack(order.id, [{ lineId: appleLine, count: 1, restock: true }])
    expect(back).toMatchObject({
      orderId: order.id,
      refundFen: 1250,
      cashFen: 1250,
      lines: [{ skuId: apple, count: 1, refundFen: 1250, restock: true }],
      refunds: [{ method: 1, amountFen: 1250, status: 'succeeded' }],
    })
    expect(await stockOf(t.core, apple)).toEqual({ stock: before.stock + 1, sales: before.sales - 1 })
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, refunded_fen: 1250 })
    // The rest comes back too: the order is then refunded in full.
    await giveBack(order.id, [{ lineId: appleLine, count: 2, restock: true }])
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.REFUNDED, refunded_fen: 3750 })
    const view = await payments.returns.ofOrder(cashier, order.id)
    expect(view.lines).toEqual([expect.objectContaining({ soldCount: 3, returnedCount: 3, refundedFen: 3750 })])
    expect(view.returns.map((r) => r.refundFen)).toEqual([1250, 2500])
  })

  it('grams of a weighed line, in parts: pro rata, rounded half up, adding up to what was paid; a loss keeps stock', async () => {
    const { tomato, order, tomatoLine } = await cashSale(1, 734)
    const line = order.lines.find((l) => l.id === tomatoLine)
    expect(line?.lineFen).toBe(763) // 0.734 × 2 斤… = 1.468 斤 × ¥5.20 = ¥7.63
    const stock = await stockOf(t.core, tomato)
    const first = await giveBack(order.id, [{ lineId: tomatoLine, count: 250, restock: false }])
    expect(first.refundFen).toBe(260) // 763 × 250 ÷ 734 = 259.9
    await expect(giveBack(order.id, [{ lineId: tomatoLine, count: 485, restock: false }])).rejects.toMatchObject({
      code: 'RETURN_EXCEEDS_SOLD',
      details: { left: 484, grams: true },
    })
    const rest = await giveBack(order.id, [{ lineId: tomatoLine, count: 484, restock: false }])
    expect(first.refundFen + rest.refundFen).toBe(763)
    // Written off: the shelf has no more tomatoes than before.
    expect((await stockOf(t.core, tomato)).stock).toBe(stock.stock)
    expect(rest.lines).toEqual([expect.objectContaining({ count: 484, restock: false, unitGrams: 500 })])
  })

  it('never beyond what was sold, less what came back; a refusal writes nothing', async () => {
    const { apple, order, appleLine } = await cashSale(2)
    await giveBack(order.id, [{ lineId: appleLine, count: 1, restock: true }])
    const rows = await rowsOf(t.core, order.id)
    const stock = await stockOf(t.core, apple)
    for (const lines of [
      [{ lineId: appleLine, count: 2, restock: true }],
      // The second line is fine alone; the first makes the whole return refused.
      [
        { lineId: appleLine, count: 5, restock: true },
        { lineId: appleLine + 100000, count: 1, restock: true },
      ],
    ])
      await expect(giveBack(order.id, lines)).rejects.toMatchObject({
        code: lines.length === 1 ? 'RETURN_EXCEEDS_SOLD' : expect.stringMatching(/RETURN_EXCEEDS_SOLD|INVALID_INPUT/),
      })
    await expect(
      giveBack(order.id, [
        { lineId: appleLine, count: 1, restock: true },
        { lineId: appleLine, count: 1, restock: true },
      ]),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(await rowsOf(t.core, order.id)).toEqual(rows)
    expect(await stockOf(t.core, apple)).toEqual(stock)
  })

  it('goods of an unpaid order, or of another till for a cashier, cannot come back', async () => {
    const apple = await addSku(t.core, { stock: 5, priceFen: 100 })
    const unpaid = await sell(t.core, cashier, [[apple, 1]])
    await expect(
      giveBack(unpaid.id, [{ lineId: unpaid.lines[0]?.id as number, count: 1, restock: true }]),
    ).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    })
    const { order, appleLine } = await cashSale(1)
    const elsewhere = await staffActor(t.core, 'cashier', 'T2')
    await expect(
      giveBack(order.id, [{ lineId: appleLine, count: 1, restock: true }], newKey(), elsewhere),
    ).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
    })
    expect((await rowsOf(t.core, order.id)).returns).toEqual([])
  })

  it('an Alipay sale: the line goes back through Alipay, not from the drawer', async () => {
    const apple = await addSku(t.core, { stock: 5, priceFen: 880 })
    const order = await sell(t.core, cashier, [[apple, 2]])
    const paid = await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey())
    const outTradeNo = paid.payment?.outTradeNo as string
    const back = await giveBack(order.id, [{ lineId: order.lines[0]?.id as number, count: 1, restock: true }])
    expect(back).toMatchObject({
      refundFen: 880,
      cashFen: 0,
      refunds: [{ method: 3, amountFen: 880, status: 'succeeded' }],
    })
    expect(rig.sandbox.trade(outTradeNo)).toMatchObject({ refundedFen: 880 })
    expect(fenToYuanString(back.refundFen)).toBe('8.80')
  })

  it('a split sale (cash, then Alipay for the rest): a line back refunds both payments pro rata, in fen that add up', async () => {
    const apple = await addSku(t.core, { stock: 5, priceFen: 999 })
    const order = await sell(t.core, cashier, [[apple, 3]]) // ¥29.97
    await payments.service.payCash(cashier, order.id, 1000, newKey(), 1000)
    const alipay = await payments.service.payAlipayBarcode(cashier, order.id, '281234567890123456', newKey())
    expect(await orderRow(t.core, order.id)).toMatchObject({ paid_fen: 2997 })
    const back = await giveBack(order.id, [{ lineId: order.lines[0]?.id as number, count: 1, restock: true }])
    // ¥9.99 over ¥10.00 cash and ¥19.97 Alipay: 999 × 1000 ÷ 2997 = 333.3 and 666.6 → 333 + 666.
    expect(back.refundFen).toBe(999)
    expect(back.refunds.map((r) => [r.method, r.amountFen, r.status])).toEqual([
      [1, 333, 'succeeded'],
      [3, 666, 'succeeded'],
    ])
    expect(back.cashFen).toBe(333)
    expect(rig.sandbox.trade(alipay.payment?.outTradeNo as string)).toMatchObject({ refundedFen: 666 })
    // The rest comes back too: every payment is refunded exactly, the order in full.
    await giveBack(order.id, [{ lineId: order.lines[0]?.id as number, count: 2, restock: true }])
    expect(await orderRow(t.core, order.id)).toMatchObject({ refunded_fen: 2997, status: OrderStatus.REFUNDED })
    const refunds = (await rowsOf(t.core, order.id)).refunds
    const byPayment = new Map<number, number>()
    for (const r of refunds) byPayment.set(r.payment_id, (byPayment.get(r.payment_id) ?? 0) + Number(r.amount_fen))
    expect([...byPayment.values()].sort((a, b) => a - b)).toEqual([1000, 1997])
  })

  it('within the till\u2019s shift: none open is SHIFT_CLOSED; the X shows the returns and discounts, the drawer pays their cash', async () => {
    const till = 'T7'
    const cashier7 = await staffWithoutShift(t.core, 'cashier', till)
    const admin7 = await staffWithoutShift(t.core, 'admin', till)
    await openShift(t.core, cashier7, { floatFen: 10_000 })
    const apple = await addSku(t.core, { stock: 10, priceFen: 1000 })
    // ¥30.00 less 10 % off the order: ¥27.00, paid in cash.
    const order = await sell(t.core, cashier7, [[apple, 3]], {
      discounts: { lines: [], order: { kind: 'percent', percent: 10 }, roundDown: false },
    })
    expect(order.payFen).toBe(2700)
    await payments.service.payCash(cashier7, order.id, 2700, newKey())
    const lineId = order.lines[0]?.id as number
    // One apple back: what it was paid after the discount, ¥9.00, from the drawer.
    const back = await giveBack(order.id, [{ lineId, count: 1, restock: true }], newKey(), cashier7)
    expect(back).toMatchObject({ refundFen: 900, cashFen: 900 })
    await payments.returns.withoutOrder(admin7, {
      lines: [{ skuId: apple, count: 1, restock: true }],
      reason: '无小票',
      idempotencyKey: newKey(),
    })
    const x = await xReport(t.core, admin7)
    expect(x).toMatchObject({ discountsFen: 300, returnsFen: 900 + 1000 })
    // float 100 + cash 27 − refunds 9 − the return without an order 10 = ¥108.
    expect(x.drawer).toMatchObject({ floatFen: 10_000, takenFen: 2700, refundsFen: 1900, expectedFen: 10_800 })
    await closeShift(t.core, cashier7, { countedFen: 10_800 })
    const rows = await rowsOf(t.core, order.id)
    await expect(giveBack(order.id, [{ lineId, count: 1, restock: true }], newKey(), cashier7)).rejects.toMatchObject({
      code: 'SHIFT_CLOSED',
    })
    await expect(
      payments.returns.withoutOrder(admin7, {
        lines: [{ skuId: apple, count: 1, restock: true }],
        reason: '无小票',
        idempotencyKey: newKey(),
      }),
    ).rejects.toMatchObject({ code: 'SHIFT_CLOSED' })
    expect(await rowsOf(t.core, order.id)).toEqual(rows)
  })

  it('a retried click is the same return; the key with other lines is refused', async () => {
    const { order, appleLine } = await cashSale(3)
    const key = newKey()
    const lines = [{ lineId: appleLine, count: 1, restock: true }]
    const first = await giveBack(order.id, lines, key)
    const again = await giveBack(order.id, lines, key)
    expect(again.returnId).toBe(first.returnId)
    expect((await rowsOf(t.core, order.id)).refunds).toHaveLength(1)
    await expect(giveBack(order.id, [{ lineId: appleLine, count: 2, restock: true }], key)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    })
  })

  it('two tills (one till twice, on the embedded store) return the last piece at once: one gives it back, the other hears there is none left', async () => {
    const { apple, order, appleLine } = await cashSale(1)
    // The embedded store is one till's: there, the two requests race on the till's own store.
    const other = kind === 'mysql' ? await t.openAnother() : t.core
    try {
      const admin2 = await staffActor(t.core, 'admin', 'T2')
      const there = createPayments(other, null)
      const stock = await stockOf(t.core, apple)
      const results = await Promise.allSettled([
        giveBack(order.id, [{ lineId: appleLine, count: 1, restock: true }]),
        there.returns.fromOrder(admin2, {
          orderId: order.id,
          lines: [{ lineId: appleLine, count: 1, restock: true }],
          reason: '',
          idempotencyKey: newKey(),
        }),
      ])
      const outcomes = results.map((r) => (r.status === 'rejected' ? describeError(r.reason) : r.status))
      expect(outcomes.filter((o) => o === 'fulfilled')).toHaveLength(1)
      expect(outcomes.find((o) => o !== 'fulfilled')).toContain('RETURN_EXCEEDS_SOLD')
      expect(await stockOf(t.core, apple)).toEqual({ stock: stock.stock + 1, sales: stock.sales - 1 })
      expect(await orderRow(t.core, order.id)).toMatchObject({ refunded_fen: 1250, status: OrderStatus.REFUNDED })
      await there.close()
    } finally {
      if (other !== t.core) await closeCore(other)
    }
  })

  it('without an order: admins only, at today\u2019s price, in cash, with a reason', async () => {
    const apple = await addSku(t.core, { stock: 5, priceFen: 640 })
    const tomato = await addWeightSku(t.core, { stock: 1000, priceFen: 1000, unitGrams: 1000 })
    const input = {
      lines: [
        { skuId: apple, count: 2, restock: true },
        { skuId: tomato, count: 333, restock: false },
      ],
      reason: '顾客无小票',
      idempotencyKey: newKey(),
    }
    await expect(payments.returns.withoutOrder(cashier, input)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const before = await stockOf(t.core, apple)
    const back = await payments.returns.withoutOrder(admin, input)
    expect(back).toMatchObject({
      orderId: null,
      refundFen: 1280 + 333,
      cashFen: 1613,
      refunds: [],
      reason: '顾客无小票',
    })
    expect(await stockOf(t.core, apple)).toEqual({ stock: before.stock + 2, sales: 0 })
    expect((await stockOf(t.core, tomato)).stock).toBe(1000)
    await expect(
      payments.returns.withoutOrder(admin, {
        ...input,
        lines: [{ skuId: 2_000_000_000, count: 1, restock: true }],
        idempotencyKey: newKey(),
      }),
    ).rejects.toMatchObject({ code: 'SKU_NOT_FOUND' })
  })

  it('through the contract: bad counts and a missing reason are refused at the boundary, nothing written', async () => {
    const { order, appleLine } = await cashSale(2)
    const client = contractClient(t.core)
    const session = await client.login('cashier')
    const adminSession = await client.login('admin')
    for (const count of [0, -1, 1.5, 1_000_000, Number.MAX_SAFE_INTEGER])
      expect(
        await client.call(
          'returns.fromOrder',
          { orderId: order.id, lines: [{ lineId: appleLine, count, restock: true }], idempotencyKey: newKey() },
          session.token,
        ),
      ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(
      await client.call(
        'returns.withoutOrder',
        { lines: [{ skuId: 1, count: 1, restock: true }], reason: '', idempotencyKey: newKey() },
        adminSession.token,
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(
      await client.call(
        'returns.withoutOrder',
        { lines: [{ skuId: 1, count: 1, restock: true }], reason: 'x', idempotencyKey: newKey() },
        session.token,
      ),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect((await rowsOf(t.core, order.id)).returns).toEqual([])
    const ok = await client.call(
      'returns.fromOrder',
      { orderId: order.id, lines: [{ lineId: appleLine, count: 1, restock: true }], idempotencyKey: newKey() },
      session.token,
    )
    expect(ok).toMatchObject({ ok: true, data: { refundFen: 1250 } })
  })
})
