// The receipt's layout, by itself: the ticket number large or not at all, widths as a printer in
// Chinese mode counts them, long names wrapped, CODE128 data with the digits paired; and the
// printer's address and paper width as settings.
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src-main/config'
import { code128Data } from '../../src-main/receipts/escpos'
import { layOutReceipt, printedWidth, wrap } from '../../src-main/receipts/receipt-layout'
import { type ReceiptModel, receiptLineText } from '../../src-shared/receipt'
import { configError } from '../support/failure'

const receipt: ReceiptModel = {
  shopName: '鲜果铺 西湖店',
  ticketNo: null,
  orderNo: '20261203093015123T1k3x9q',
  time: '2026-12-03 17:30:15',
  tillId: 'T1',
  cashier: 'alice',
  member: null,
  lines: [
    {
      name: '新疆阿克苏冰糖心红富士苹果 特级大果 约五斤装',
      count: 3,
      unitGrams: null,
      unitPriceFen: 1290,
      amountFen: 3870,
      discountFen: 0,
    },
  ],
  goodsFen: 3870,
  freightFen: 0,
  discounts: [],
  totalFen: 3870,
  payments: [{ method: 3, amountFen: 3870, tenderedFen: null }],
  changeFen: 0,
  refundedFen: 0,
  sandbox: false,
  copy: false,
  barcode: '20261203093015123T1k3x9q',
}

const texts = (r: ReceiptModel, width: 58 | 80 = 58) =>
  layOutReceipt(r, width, 'zh').flatMap((b) => (b.kind === 'text' ? [b] : []))

describe('the receipt layout', () => {
  it('writes a weighed line as its weight in its unit times the price per unit, a piece line as a count', () => {
    const weighed = { name: '西红柿', count: 367, unitGrams: 500, unitPriceFen: 520, amountFen: 382, discountFen: 0 }
    expect(receiptLineText(weighed)).toEqual({ name: '西红柿', quantity: '0.734 斤 × 5.20', amount: '3.82' })
    const byKg = { name: '基围虾', count: 1250, unitGrams: 1000, unitPriceFen: 8800, amountFen: 11000, discountFen: 0 }
    expect(receiptLineText(byKg).quantity).toBe('1.250 kg × 88.00')
    const pieces = { name: '纯牛奶', count: 2, unitGrams: null, unitPriceFen: 350, amountFen: 700, discountFen: 0 }
    expect(receiptLineText(pieces).quantity).toBe('2 × 3.50')
  })

  it("prints a line's discount under it and the order's discounts and 抹零 before the total", () => {
    const discounted: ReceiptModel = {
      ...receipt,
      lines: [{ ...receipt.lines[0]!, discountFen: 389 }],
      discounts: [
        { kind: 'discount', fen: 387 },
        { kind: 'roundDown', fen: 2 },
      ],
      totalFen: 3870 - 389,
    }
    const printed = texts(discounted).map((b) => b.text)
    expect(printed).toContain(`  优惠${' '.repeat(32 - 6 - 5)}-3.89`)
    expect(printed.some((t) => t.startsWith('优惠') && t.endsWith('-3.87'))).toBe(true)
    expect(printed.some((t) => t.startsWith('抹零') && t.endsWith('-0.02'))).toBe(true)
    const total = printed.findIndex((t) => t.startsWith('应付合计'))
    expect(printed.findIndex((t) => t.startsWith('抹零'))).toBeLessThan(total)
    expect(printed[total]?.endsWith('34.81')).toBe(true)
  })

  it('prints a ticket number large when the order has one, and nothing for it when it has none', () => {
    expect(texts(receipt).filter((b) => b.style === 'large')).toEqual([])
    expect(texts(receipt).some((b) => b.text.includes('小票号'))).toBe(false)
    const large = texts({ ...receipt, ticketNo: 'T1-0042' }).filter((b) => b.style === 'large')
    // Double width: centred in half the columns.
    expect(large).toEqual([{ kind: 'text', text: ' 小票号 T1-0042', style: 'large' }])
    expect(printedWidth(large[0]?.text ?? '') * 2).toBeLessThanOrEqual(32)
  })

  it('counts 汉字 and × two columns wide, and wraps a long name without breaking a character', () => {
    expect(printedWidth('苹果 2 × 3.50')).toBe(4 + 1 + 1 + 1 + 2 + 1 + 4)
    expect(printedWidth('abc')).toBe(3)
    const lines = wrap(receipt.lines[0]?.name ?? '', 32)
    expect(lines.length).toBe(2)
    expect(lines.join('').replaceAll(' ', '')).toBe(receipt.lines[0]?.name.replaceAll(' ', ''))
    for (const line of lines) expect(printedWidth(line)).toBeLessThanOrEqual(32)
    for (const width of [58, 80] as const)
      for (const b of texts(receipt, width)) expect(printedWidth(b.text)).toBeLessThanOrEqual(width === 58 ? 32 : 48)
  })

  it('puts the leading digits of the order number in code set C, two to a bar pattern', () => {
    expect(code128Data('20261203093015123T1k3x9q')).toBe(
      `{C${String.fromCharCode(20, 26, 12, 3, 9, 30, 15, 12)}{B3T1k3x9q`,
    )
    expect(code128Data('ABC123')).toBe('{BABC123')
    expect(code128Data('123456')).toBe(`{C${String.fromCharCode(12, 34, 56)}`)
  })
})

describe('the printer settings', () => {
  const base = { POS_DATA_DIR: '/tmp/freshtill-config-test' }

  it('take host:port, the port 9100 unless given, and 58 or 80 mm paper (80 unless given)', () => {
    expect(loadConfig(base)).toMatchObject({ printer: null, paperWidth: 80 })
    expect(loadConfig({ ...base, POS_PRINTER: '192.168.1.50:9101', POS_PAPER_WIDTH: '58' })).toMatchObject({
      printer: { host: '192.168.1.50', port: 9101 },
      paperWidth: 58,
    })
    expect(loadConfig({ ...base, POS_PRINTER: 'printer.shop.lan' }).printer).toEqual({
      host: 'printer.shop.lan',
      port: 9100,
    })
    expect(loadConfig({ ...base, POS_PRINTER: '[fe80::1]:9100' }).printer).toEqual({ host: 'fe80::1', port: 9100 })
  })

  it.each(['http://192.168.1.50', '192.168.1.50:0', '192.168.1.50:70000', 'a b', '-host', 'host:', 'host:9100/x'])(
    'refuse POS_PRINTER=%s with one line naming it',
    (value) => {
      expect(configError(() => loadConfig({ ...base, POS_PRINTER: value })).message).toMatch(/^POS_PRINTER: /)
    },
  )

  it.each(['57', '80mm', '0'])('refuse POS_PAPER_WIDTH=%s', (value) => {
    expect(configError(() => loadConfig({ ...base, POS_PAPER_WIDTH: value })).message).toMatch(
      /^POS_PAPER_WIDTH: must be 58 or 80/,
    )
  })
})
