// A discounted sale as the shop reads it afterwards (docs/DISCOUNTS.md), on both stores: the
// receipt (list amounts, each line's discount, the discounts and 抹零 before the total), the CSV
// export's discount column and lines, the daily report's discount total and best sellers at
// what was paid, and a return that gives back what the line paid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DayReport, DiscountsInput, ExportedCsv, OrderView, SessionView } from '../../src-shared/contract'
import type { ReceiptView } from '../../src-shared/receipt'
import { PayMethod } from '../../src-shared/order-status'
import { ok } from '../support/results'
import { addSku, type ContractClient, contractClient, markPaid, newKey } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('a discounted sale shown on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let cashier: SessionView
  let admin: SessionView
  let order: OrderView
  let pears: number

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    cashier = await api.login('cashier')
    admin = await api.login('admin')
    pears = await addSku(t.core, { stock: 10, priceFen: 899, name: '库尔勒香梨' })
    const melon = await addSku(t.core, { stock: 10, priceFen: 1555, name: '哈密瓜' })
    ok(await api.call('cart.set', { skuId: pears, count: 2 }, cashier.token))
    ok(await api.call('cart.set', { skuId: melon, count: 1 }, cashier.token))
    // 1798 − 5 % (90) = 1708; 1555; 3263 → 抹零 3 fen over 1708 / 1555: 2 / 1; 3260.
    const discounts: DiscountsInput = { lines: [{ skuId: pears, kind: 'percent', percent: 5 }], roundDown: true }
    const input = { skuIds: [pears, melon], fulfilment: 'pickup', discounts }
    const quote = ok(await api.call('orders.quote', input, cashier.token)) as { fingerprint: string }
    order = ok(
      await api.call(
        'orders.place',
        { ...input, payMethod: PayMethod.CASH, fingerprint: quote.fingerprint, idempotencyKey: newKey() },
        cashier.token,
      ),
    ) as OrderView
    await markPaid(t.core, order.id)
  })
  afterAll(async () => t?.dispose())

  it('the receipt prints the list amounts, each line discount, the discounts and 抹零, and the total', async () => {
    const { receipt } = ok(await api.call('receipts.get', { orderNo: order.orderNo }, cashier.token)) as ReceiptView
    expect(receipt.lines.map((l) => [l.name, l.amountFen, l.discountFen])).toEqual([
      ['库尔勒香梨', 1798, 92],
      ['哈密瓜', 1555, 1],
    ])
    expect(receipt.goodsFen).toBe(3353)
    expect(receipt.discounts).toEqual([
      { kind: 'discount', fen: 90 },
      { kind: 'roundDown', fen: 3 },
    ])
    expect(receipt.totalFen).toBe(3260)
    expect(receipt.goodsFen - receipt.discounts.reduce((sum, d) => sum + d.fen, 0)).toBe(receipt.totalFen)
  })

  it('the CSV export has the discount beside the goods, and each discounted line says so', async () => {
    const { csv } = ok(await api.call('orders.exportCsv', {}, admin.token)) as ExportedCsv
    const [header, row] = csv.slice(1).trim().split('\r\n')
    const cells = Object.fromEntries((header ?? '').split(',').map((c, i) => [c, (row ?? '').split(',')[i]]))
    expect(cells).toMatchObject({ goods: '32.60', discount: '0.93', pay: '32.60' })
    expect(cells.lines).toBe('库尔勒香梨×2 -0.92; 哈密瓜×1 -0.01')
  })

  it("the day's report totals the discounts and counts the best sellers at what was paid", async () => {
    const report = ok(await api.call('reports.day', {}, admin.token)) as DayReport
    expect(report.discounts).toEqual({ orders: 1, discountFen: 93 })
    expect(report.topSkus.find((s) => s.skuId === pears)?.salesFen).toBe(1798 - 92)
  })

  it('a return of a discounted line gives back its share of what the line paid, not its list amount', async () => {
    ok(await api.call('cart.set', { skuId: pears, count: 2 }, cashier.token))
    const discounts: DiscountsInput = { lines: [{ skuId: pears, kind: 'amount', amountFen: 99 }], roundDown: false }
    const input = { skuIds: [pears], fulfilment: 'pickup', discounts }
    const quote = ok(await api.call('orders.quote', input, cashier.token)) as { fingerprint: string }
    const sale = ok(
      await api.call(
        'orders.place',
        { ...input, payMethod: PayMethod.CASH, fingerprint: quote.fingerprint, idempotencyKey: newKey() },
        cashier.token,
      ),
    ) as OrderView
    expect(sale.payFen).toBe(1798 - 99)
    ok(
      await api.call(
        'payments.payCash',
        { orderId: sale.id, tenderedFen: 2000, idempotencyKey: newKey() },
        cashier.token,
      ),
    )
    const line = sale.lines[0]!
    const returned = ok(
      await api.call(
        'returns.fromOrder',
        { orderId: sale.id, lines: [{ lineId: line.id, count: 1, restock: true }], idempotencyKey: newKey() },
        cashier.token,
      ),
    ) as { refundFen: number }
    // One of two pears: half of the ¥16.99 paid, half up.
    expect(returned.refundFen).toBe(850)
  })
})
