// CSV export of the filtered order list: the list's filters and role scope, every
// page, Excel-friendly UTF-8 with BOM, CSV escaping, a formula-injection guard, and a cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportedCsv, SessionView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Actor } from '../../src-main/core/core'
import { addMember } from '../../src-main/members/members.service'
import { cancelOrder, noOrderHooks } from '../../src-main/orders/order-lifecycle.service'
import { csvCell, exportColumns, exportOrdersCsv } from '../../src-main/orders/order-export.service'
import { failed, ok } from '../support/results'
import { addSku, type ContractClient, contractClient, markPaid, sell, askForRatings } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

/** A small RFC 4180 reader: quoted fields with doubled quotes, commas and line breaks inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  expect(cell, 'the file ends with CRLF').toBe('')
  return rows
}

const TRICKY = '菠菜, "有机"\n特价'
const FORMULA = '=HYPERLINK("http://evil","点我")'

describe.each(testStores)('order CSV export on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let apiT2: ContractClient
  let admin: SessionView
  let cashierT1: SessionView
  let cashierT2: SessionView
  let actorT1: Actor
  let adminActor: Actor
  const orders: Record<string, { id: number; orderNo: string; createdAt: number }> = {}

  beforeAll(async () => {
    t = await freshStore(kind)
    // Paid counter sales wait for their review here, as when the shop asks for ratings.
    await askForRatings(t.core)
    t.clock.now = Date.UTC(2026, 2, 1, 2, 3, 4)
    api = contractClient(t.core)
    admin = await api.login('admin')
    cashierT1 = await api.login('cashier')
    const actorOf = (s: SessionView): Actor => ({
      staffId: s.staffId,
      username: s.username,
      role: s.role,
      tillId: s.tillId,
    })
    adminActor = actorOf(admin)
    actorT1 = actorOf(cashierT1)
    const t2Core = await t.openAnother({ tillId: 'T2' })
    apiT2 = contractClient(t2Core)
    cashierT2 = await apiT2.login('cashier')
    const member = await addMember(t.core, { phone: '13900001111', name: '导出会员' })
    const tricky = await addSku(t.core, { stock: 100, priceFen: 1230, name: TRICKY })
    const formula = await addSku(t.core, { stock: 100, priceFen: 5, name: FORMULA })
    const plain = await addSku(t.core, { stock: 100, priceFen: 350, name: '红富士苹果' })

    const first = await sell(
      t.core,
      actorT1,
      [
        [tricky, 2],
        [formula, 1],
      ],
      { memberId: member.id, payMethod: 1 },
    )
    await markPaid(t.core, first.id)
    orders.first = first
    t.clock.advance(60_000)
    orders.cancelled = await sell(t.core, actorT1, [[plain, 1]])
    await cancelOrder(t.core, noOrderHooks, actorT1, orders.cancelled.id)
    t.clock.advance(60_000)
    orders.otherTill = await sell(t2Core, actorOf(cashierT2), [[plain, 3]])
  })
  afterAll(() => t.dispose())

  const exportAs = async (session: SessionView, input: Record<string, unknown> = {}) =>
    ok(await (session === cashierT2 ? apiT2 : api).call('orders.exportCsv', input, session.token)) as ExportedCsv
  const orderNos = (file: ExportedCsv) =>
    parseCsv(file.csv.slice(1))
      .slice(1)
      .map((r) => r[0])

  it('is a UTF-8 CSV with BOM, a header and one CRLF line per order, newest first', async () => {
    const file = await exportAs(admin)
    expect(file.filename).toMatch(/^orders-\d{8}-\d{6}\.csv$/)
    expect(file.csv.charCodeAt(0)).toBe(0xfeff)
    expect(file.rows).toBe(3)
    const rows = parseCsv(file.csv.slice(1))
    expect(rows[0]).toEqual([...exportColumns])
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      orders.otherTill!.orderNo,
      orders.cancelled!.orderNo,
      orders.first!.orderNo,
    ])
    for (const row of rows) expect(row).toHaveLength(exportColumns.length)
  })

  it('writes the paid order in full: local time, names in Chinese, yuan amounts, lines; escaped and guarded', async () => {
    const rows = parseCsv((await exportAs(admin)).csv.slice(1))
    const row = Object.fromEntries(
      exportColumns.map((c, i) => [c, rows.find((r) => r[0] === orders.first!.orderNo)![i]]),
    )
    expect(row).toEqual({
      order_no: orders.first!.orderNo,
      // TZ is Asia/Shanghai in the tests (vitest.config.ts): 02:03:04 UTC is 10:03:04 there.
      created: '2026-03-01 10:03:04',
      till: 'T1',
      staff_id: String(cashierT1.staffId),
      member_phone: '13900001111',
      fulfilment: '到店自提',
      pay_method: '现金',
      status: '待评价',
      total_count: '3',
      goods: '24.65',
      discount: '0.00',
      freight: '0.00',
      pay: '24.65',
      paid: '24.65',
      refunded: '0.00',
      // The formula's cell starts with the line's name, not '=': only a leading = is guarded.
      lines: `${TRICKY}×2; ${FORMULA}×1`,
    })
    const cancelled = rows.find((r) => r[0] === orders.cancelled!.orderNo)!
    expect(cancelled[exportColumns.indexOf('status')]).toBe('已取消')
    expect(cancelled[exportColumns.indexOf('member_phone')]).toBe('')
  })

  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+86 139')).toBe("'+86 139")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\t=1')).toBe("'\t=1")
    expect(csvCell(FORMULA)).toBe(`"'=HYPERLINK(""http://evil"",""点我"")"`)
    expect(csvCell('')).toBe('')
  })

  it('guards a formula that starts a cell', async () => {
    const sku = await addSku(t.core, { stock: 10, priceFen: 100, name: FORMULA })
    t.clock.advance(60_000)
    const order = await sell(t.core, actorT1, [[sku, 1]])
    const file = await exportAs(admin, { orderNo: order.orderNo })
    expect(file.csv).toContain(`"'${FORMULA.replace(/"/g, '""')}×1"`)
    expect(parseCsv(file.csv.slice(1))[1]![exportColumns.indexOf('lines')]).toBe(`'${FORMULA}×1`)
    await cancelOrder(t.core, noOrderHooks, actorT1, order.id)
  })

  it('keeps the role scope: a cashier gets their till only, an admin every till', async () => {
    expect(orderNos(await exportAs(cashierT2))).toEqual([orders.otherTill!.orderNo])
    const t1 = orderNos(await exportAs(cashierT1))
    expect(t1).not.toContain(orders.otherTill!.orderNo)
    expect(t1).toContain(orders.first!.orderNo)
    expect(orderNos(await exportAs(admin))).toContain(orders.otherTill!.orderNo)
    failed(await api.call('orders.exportCsv', {}, null), 'NOT_LOGGED_IN')
  })

  it("applies the list's filters: tab, member phone, order number, date range", async () => {
    expect(orderNos(await exportAs(admin, { tab: 4 }))).toEqual([orders.first!.orderNo])
    expect(orderNos(await exportAs(admin, { memberPhone: '13900001111' }))).toEqual([orders.first!.orderNo])
    expect(orderNos(await exportAs(admin, { memberPhone: '13900009999' }))).toEqual([])
    expect(orderNos(await exportAs(admin, { orderNo: orders.cancelled!.orderNo }))).toEqual([orders.cancelled!.orderNo])
    const { createdAt } = orders.cancelled!
    expect(orderNos(await exportAs(admin, { from: createdAt, to: createdAt + 1 }))).toEqual([orders.cancelled!.orderNo])
    const empty = await exportAs(admin, { from: createdAt + 10 * 60_000 })
    expect(empty.rows).toBe(0)
    expect(empty.csv).toBe(`\uFEFF${exportColumns.join(',')}\r\n`)
    // Bad filters are refused like the list's.
    failed(await api.call('orders.exportCsv', { from: -1 }, admin.token), 'INVALID_INPUT')
    failed(
      await api.call('orders.exportCsv', { memberPhone: "1'; DROP TABLE order_info; --" }, admin.token),
      'INVALID_INPUT',
    )
  })

  it('pages through with the keyset query: page size 1 gives the same file', async () => {
    const filters = { tab: 'all' as const }
    const whole = await exportOrdersCsv(t.core, adminActor, filters)
    const paged = await exportOrdersCsv(t.core, adminActor, filters, { pageSize: 1 })
    expect(paged.csv).toBe(whole.csv)
  })

  it('refuses more rows than the cap with a clear INVALID_INPUT', async () => {
    const filters = { tab: 'all' as const }
    const all = (await exportOrdersCsv(t.core, adminActor, filters)).rows
    expect((await exportOrdersCsv(t.core, adminActor, filters, { maxRows: all })).rows).toBe(all)
    const refused = await exportOrdersCsv(t.core, adminActor, filters, { maxRows: all - 1 }).then(
      () => null,
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(PosError)
    expect((refused as PosError).code).toBe('INVALID_INPUT')
    expect((refused as PosError).message).toMatch(/narrow the date range/)
    expect((refused as PosError).details).toMatchObject({ maxRows: all - 1 })
  })
})
