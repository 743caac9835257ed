// Receipts on a network printer: a local TCP listener plays the printer, and what arrives is
// decoded back into lines, barcodes, cuts and drawer pulses. A cash sale opens the drawer, a card
// sale and a reprint do not; a reprint says COPY; 58 and 80 mm paper have their own widths; a
// printer that is not there, does not answer or is offline is reported as PRINTER_OFFLINE within
// the print deadline, and the sale stays paid. Only the payments that paid the order are on it, and
// a reprint after a refund says so. On both stores.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { OrderView, PrintedReceipt, ReceiptView, SessionView } from '../../src-shared/contract'
import { OrderStatus } from '../../src-shared/order-status'
import type { Actor } from '../../src-main/core/core'
import { addMember } from '../../src-main/members/members.service'
import type { Payments } from '../../src-main/payments/payments'
import { layOutReceipt, printedWidth } from '../../src-main/receipts/receipt-layout'
import { writeTillSettings } from '../../src-main/till-settings'
import { closedPort, decodeEscPos, type FakePrinter, startFakePrinter, textOf } from '../support/receipt-printer'
import { failed, ok } from '../support/results'
import { addSku, type ContractClient, contractClient, newKey, sell } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { type AlipayRig, orderRow, paymentsShopHooks } from '../support/payments'

/** Non-ASCII characters (汉字, ×) print two columns wide in Chinese mode. */
const columnsOf = (text: string) => [...text].reduce((n, c) => n + (c.charCodeAt(0) < 0x80 ? 1 : 2), 0)

describe.each(testStores)('receipts on a network printer (%s)', (kind) => {
  let t: TestStore, client: ContractClient, session: SessionView, cashier: Actor
  let printer: FakePrinter
  const extraPrinters: FakePrinter[] = []

  beforeAll(async () => {
    t = await freshStore(kind)
    // The environment sets no printer: the till's settings file does, as the settings screen writes it.
    client = contractClient(t.core, {})
    session = await client.login('cashier')
    cashier = { staffId: session.staffId, username: session.username, role: 'cashier', tillId: session.tillId }
    printer = await startFakePrinter()
  })
  afterEach(async () => {
    for (const p of extraPrinters.splice(0)) await p.close()
    // A job still arriving belongs to this test, not to the next one's count.
    await printer.idle()
  })
  afterAll(async () => {
    await printer?.close()
    await t?.dispose()
  })

  const usePrinter = (address: string | null, paperWidth: '58' | '80' = '80') =>
    writeTillSettings(t.config.dataDir, address ? { POS_PRINTER: address, POS_PAPER_WIDTH: paperWidth } : {})

  const call = (method: string, input: unknown) => client.call(method, input, session.token)

  /** A sale of 2 × ¥3.50 apples and 1 × ¥12.80 melon, paid by `how`. */
  async function paidSale(how: 'cash' | 'card', memberId?: number): Promise<OrderView> {
    const apple = await addSku(t.core, { stock: 10, priceFen: 350, name: `红富士苹果 ${newKey()}` })
    const melon = await addSku(t.core, { stock: 10, priceFen: 1280, name: `麒麟西瓜 ${newKey()}` })
    const order = await sell(
      t.core,
      cashier,
      [
        [apple, 2],
        [melon, 1],
      ],
      { payMethod: how === 'cash' ? 1 : 4, memberId },
    )
    const paid =
      how === 'cash'
        ? await client.call(
            'payments.payCash',
            { orderId: order.id, tenderedFen: 5000, idempotencyKey: newKey() },
            session.token,
          )
        : await client.call('payments.payCard', { orderId: order.id, idempotencyKey: newKey() }, session.token)
    return (ok(paid) as { order: OrderView }).order
  }

  /** A label and a value meeting the right edge of `columns`, as a printer in Chinese mode counts them. */
  const edge = (label: string, value: string, columns = 48) =>
    label + ' '.repeat(columns - columnsOf(label) - columnsOf(value)) + value

  const print = (orderNo: string, copy = false) => client.call('receipts.print', { orderNo, copy }, session.token)

  it('a cash sale: shop, order, cashier, lines, totals, cash and change, the barcode, the drawer kicked, then the cut', async () => {
    usePrinter(printer.address)
    const order = await paidSale('cash')
    const before = printer.jobs.length
    const printed = ok(await print(order.orderNo)) as PrintedReceipt
    expect(printed).toEqual({ printer: printer.address, drawerOpened: true })
    const job = decodeEscPos(await printer.job(before))
    const lines = textOf(job)
    expect(job.chineseMode).toBe(true)
    expect(lines[0]?.trim()).toBe('FreshTill T1')
    expect(job.lines[0]?.bold).toBe(true)
    // The ticket number, large: double width and height, centred in half the columns.
    expect(order.ticketNo).toMatch(/^T1-\d{4}$/)
    expect(job.lines.filter((l) => l.large)).toEqual([
      { text: `${' '.repeat((24 - 14) / 2)}小票号 ${order.ticketNo}`, bold: false, large: true },
    ])
    expect(lines).toContain(edge('订单号', order.orderNo))
    expect(lines.some((l) => l.startsWith('收银员') && l.endsWith(session.username))).toBe(true)
    expect(lines.some((l) => l.startsWith('收银台') && l.endsWith('T1'))).toBe(true)
    expect(lines.some((l) => l.startsWith('红富士苹果'))).toBe(true)
    expect(lines).toContain(edge('  2 × 3.50', '7.00'))
    expect(lines).toContain(edge('  1 × 12.80', '12.80'))
    expect(lines).toContain(edge('商品合计', '19.80'))
    const total = job.lines.find((l) => l.text.startsWith('应付合计'))
    expect(total).toEqual({ text: edge('应付合计', '19.80'), bold: true, large: false })
    expect(lines).toContain(edge('现金', '19.80'))
    expect(lines).toContain(edge('  实收', '50.00'))
    expect(lines).toContain(edge('找零', '30.20'))
    expect(lines.some((l) => l.includes('COPY') || l.includes('SANDBOX'))).toBe(false)
    expect(job.barcodes).toEqual([{ symbology: 'code128', data: order.orderNo, moduleWidth: 2 }])
    expect(job.pulses).toBe(1)
    expect(job.cuts).toBe(1)
    // Everything printed, the drawer kicked, then the cut.
    expect(job.sequence.filter((s) => s !== 'text')).toEqual(['barcode', 'pulse', 'cut'])
    // 80 mm paper: 48 columns, Chinese characters two each; none longer.
    expect(Math.max(...lines.map(printedWidth))).toBe(48)
  })

  it('a card sale prints without opening the drawer; the reprint says COPY and opens nothing either', async () => {
    usePrinter(printer.address)
    const order = await paidSale('card')
    const before = printer.jobs.length
    expect(ok(await print(order.orderNo))).toEqual({ printer: printer.address, drawerOpened: false })
    const first = decodeEscPos(await printer.job(before))
    expect(first.pulses).toBe(0)
    expect(textOf(first)).toContain(edge('银行卡', '19.80'))
    expect(textOf(first).some((l) => l.startsWith('找零'))).toBe(false)

    const cash = await paidSale('cash')
    expect(ok(await print(cash.orderNo, true))).toEqual({ printer: printer.address, drawerOpened: false })
    const copy = decodeEscPos(await printer.job(before + 1))
    expect(copy.pulses).toBe(0)
    expect(copy.cuts).toBe(1)
    const mark = copy.lines.find((l) => l.text.includes('COPY'))
    expect(mark?.text.trim()).toBe('重打小票 COPY')
    expect(mark?.bold).toBe(true)
    expect(copy.barcodes.map((b) => b.data)).toEqual([cash.orderNo])
  })

  it('58 mm paper: 32 columns, long names wrapped, the barcode in one-dot bars to fit the narrower head', async () => {
    usePrinter(printer.address, '58')
    const order = await paidSale('cash')
    const before = printer.jobs.length
    ok(await print(order.orderNo))
    const job = decodeEscPos(await printer.job(before))
    const lines = textOf(job)
    expect(Math.max(...lines.map(printedWidth))).toBe(32)
    expect(lines).toContain('-'.repeat(32))
    expect(lines).toContain(edge('  2 × 3.50', '7.00', 32))
    expect(lines).toContain(edge('订单号', order.orderNo, 32))
    expect(job.barcodes).toEqual([{ symbology: 'code128', data: order.orderNo, moduleWidth: 1 }])
    expect(job.pulses).toBe(1)
    const view = ok(await call('receipts.get', { orderNo: order.orderNo })) as ReceiptView
    expect(view.paperWidth).toBe(58)
    expect(view.printerSet).toBe(true)
  })

  it("a member's receipt names them with the phone masked", async () => {
    usePrinter(printer.address)
    const phone = `139${String(Date.now()).slice(-8)}`
    const member = await addMember(t.core, { phone, name: '王小明' })
    const order = await paidSale('card', member.id)
    const view = ok(await call('receipts.get', { orderNo: order.orderNo })) as ReceiptView
    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`
    expect(view.receipt.member).toBe(`王小明 ${masked}`)
    const before = printer.jobs.length
    ok(await print(order.orderNo))
    expect(textOf(decodeEscPos(await printer.job(before)))).toContain(edge('会员', `王小明 ${masked}`))
  })

  it('no printer set: the receipt is still there for the print dialog; printing says PRINTER_NOT_SET', async () => {
    usePrinter(null)
    const order = await paidSale('cash')
    const view = ok(await call('receipts.get', { orderNo: order.orderNo, copy: true })) as ReceiptView
    expect(view).toMatchObject({ paperWidth: 80, printerSet: false })
    expect(view.receipt).toMatchObject({
      orderNo: order.orderNo,
      barcode: order.orderNo,
      copy: true,
      totalFen: 1980,
      changeFen: 3020,
      payments: [{ method: 1, amountFen: 1980, tenderedFen: 5000 }],
      lines: [
        { count: 2, unitPriceFen: 350, amountFen: 700 },
        { count: 1, unitPriceFen: 1280, amountFen: 1280 },
      ],
      ticketNo: order.ticketNo,
      sandbox: false,
    })
    expect(view.receipt.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    failed(await print(order.orderNo), 'PRINTER_NOT_SET')
  })

  it('only paid orders of this till have receipts', async () => {
    usePrinter(printer.address)
    const sku = await addSku(t.core, { stock: 5 })
    const unpaid = await sell(t.core, cashier, [[sku, 1]])
    failed(await print(unpaid.orderNo), 'ILLEGAL_TRANSITION')
    failed(await call('receipts.get', { orderNo: unpaid.orderNo }), 'ILLEGAL_TRANSITION')
    failed(await print('20260101000000000T9nope0'), 'ORDER_NOT_FOUND')
    // Another till's order looks like it does not exist to a cashier.
    // T2 is set up first: its cashier logs in and opens its shift, then sells.
    const t2 = await otherTill()
    const other: Actor = { ...cashier, tillId: 'T2' }
    const elsewhere = await sell(t.core, other, [[sku, 1]])
    ok(await t2.client.call('payments.payCard', { orderId: elsewhere.id, idempotencyKey: newKey() }, t2.session.token))
    failed(await print(elsewhere.orderNo), 'ORDER_NOT_FOUND')
    failed(await print('not a number!'), 'INVALID_INPUT')
    failed(await client.call('receipts.print', { orderNo: unpaid.orderNo }, null), 'NOT_LOGGED_IN')
  })

  /** A cashier logged in at T2 on the same store. */
  async function otherTill(): Promise<{ client: ContractClient; session: SessionView }> {
    const other = contractClient(await t.openAnother({ tillId: 'T2' }), {})
    return { client: other, session: await other.login('cashier') }
  }

  it.each([
    ['nothing listens at the address', async () => `127.0.0.1:${await closedPort()}`, /cannot be reached/],
    [
      'the printer takes the connection and never answers',
      async () => (await extra('silent')).address,
      /did not answer in time/,
    ],
    ['the printer says it is offline', async () => (await extra('offline')).address, /offline/],
  ])('PRINTER_OFFLINE when %s; the sale stays paid and nothing was printed', async (_case, address, reason) => {
    const at = await address()
    usePrinter(at)
    const order = await paidSale('cash')
    const error = failed(await print(order.orderNo), 'PRINTER_OFFLINE')
    expect(error.details).toMatchObject({ printer: at })
    expect(String(error.details?.reason)).toMatch(reason)
    expect(await orderRow(t.core, order.id)).toMatchObject({ status: OrderStatus.FINISHED, paid_fen: 1980 })
    for (const p of extraPrinters) expect(p.jobs).toEqual([])
    // The printer back: the same receipt prints.
    usePrinter(printer.address)
    const before = printer.jobs.length
    ok(await print(order.orderNo))
    expect(decodeEscPos(await printer.job(before)).barcodes[0]?.data).toBe(order.orderNo)
  })

  async function extra(mode: 'silent' | 'offline'): Promise<FakePrinter> {
    const p = await startFakePrinter(mode)
    extraPrinters.push(p)
    return p
  }
})

describe.each(testStores)('receipts against the Alipay sandbox (%s)', (kind) => {
  let t: TestStore

  beforeAll(async () => {
    t = await freshStore(kind, { alipaySandbox: true })
  })
  afterAll(async () => {
    await t?.dispose()
  })

  it('say SANDBOX, on the printer and for the print dialog', async () => {
    const printer = await startFakePrinter()
    try {
      writeTillSettings(t.config.dataDir, { POS_PRINTER: printer.address })
      const client = contractClient(t.core, {})
      const session = await client.login('cashier')
      const actor: Actor = { staffId: session.staffId, username: session.username, role: 'cashier', tillId: 'T1' }
      const order = await sell(t.core, actor, [[await addSku(t.core, { stock: 3 }), 1]])
      ok(await client.call('payments.payCard', { orderId: order.id, idempotencyKey: newKey() }, session.token))
      const view = ok(await client.call('receipts.get', { orderNo: order.orderNo }, session.token)) as ReceiptView
      expect(view.receipt.sandbox).toBe(true)
      ok(await client.call('receipts.print', { orderNo: order.orderNo }, session.token))
      const lines = textOf(decodeEscPos(await printer.job(0)))
      expect(lines.map((l) => l.trim())).toContain('SANDBOX 沙箱交易 · 非真实付款')
    } finally {
      await printer.close()
    }
  })
})

describe.each(testStores)('what a receipt counts as paid (%s)', (kind) => {
  let t: TestStore, rig: AlipayRig, payments: Payments, cashier: Actor, admin: Actor
  paymentsShopHooks(kind, (shop) => ({ t, rig, payments, cashier, admin } = shop))

  const receiptOf = async (orderNo: string, role: 'cashier' | 'admin' = 'cashier') => {
    const client = contractClient(t.core, {})
    const session = await client.login(role)
    return (ok(await client.call('receipts.get', { orderNo, copy: true }, session.token)) as ReceiptView).receipt
  }

  it('a QR code paid just as the cash was taken went back by itself: only the cash is on the receipt', async () => {
    const order = await sell(t.core, cashier, [[await addSku(t.core, { stock: 5, priceFen: 1250 }), 2]])
    const qr = await payments.service.startAlipayQr(cashier, order.id)
    rig.sandbox.pay(qr.outTradeNo)
    await payments.service.payCash(cashier, order.id, 3000, newKey())
    await payments.service.idle()
    const receipt = await receiptOf(order.orderNo)
    expect(receipt.payments).toEqual([{ method: 1, amountFen: 2500, tenderedFen: 3000 }])
    expect(receipt.changeFen).toBe(500)
  })

  it('a reprint after a refund says how much went back', async () => {
    const order = await sell(t.core, cashier, [[await addSku(t.core, { stock: 5, priceFen: 1250 }), 2]])
    await payments.service.payCard(cashier, order.id, newKey())
    await payments.refunds.refund(admin, {
      orderId: order.id,
      amountFen: 1250,
      reason: '坏了一个',
      restock: false,
      idempotencyKey: newKey(),
    })
    const receipt = await receiptOf(order.orderNo, 'admin')
    expect(receipt).toMatchObject({ refundedFen: 1250, totalFen: 2500, copy: true })
    const refunded = layOutReceipt(receipt, 80, 'zh').flatMap((b) => (b.kind === 'text' ? [b.text] : []))
    expect(refunded).toContain(`已退款${' '.repeat(48 - 6 - 5)}12.50`)
  })
})
