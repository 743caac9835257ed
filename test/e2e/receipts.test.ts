// In a real browser: an admin sets the receipt printer in 本机设置 (a local TCP listener plays it,
// 58 mm paper); a cash sale then prints by itself and opens the drawer, F9 prints a copy; the order detail's
// 重打小票 prints a copy marked COPY, 打印 shows it and opens the print dialog at 58 mm; a printer
// that is gone is a notice at once, and the sale stays paid.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeEscPos, type FakePrinter, startFakePrinter, textOf } from '../support/receipt-printer'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { openStaffPage, placeWith, scan } from './session'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50

describe('receipts on a network printer and through the print dialog (browser)', () => {
  let session: TillInBrowser | undefined
  let printer: FakePrinter | undefined
  let admin: Page
  let errors: string[] = []
  let orderNo = ''

  beforeAll(async () => {
    printer = await startFakePrinter()
    session = await openTillInBrowser()
    ;({ page: admin, errors } = await openStaffPage(session.browser, session.till.url, 'admin', {
      viewport: { width: 1366, height: 768 },
    }))
    // The print dialog is the browser's own; the test counts the calls instead of opening it.
    await admin.evaluate(() => {
      const page = globalThis as unknown as { printed: number; print: () => void }
      page.printed = 0
      page.print = () => void (page.printed += 1)
    })
  })

  afterAll(async () => {
    await closeTillInBrowser(session)
    await printer?.close()
  })

  it('本机设置: the printer and 58 mm paper, in effect at once', async () => {
    await admin.getByRole('button', { name: '管理', exact: true }).click()
    await admin.getByRole('tab', { name: '本机设置' }).click()
    const address = admin.getByLabel('小票打印机（网口 ESC/POS） (POS_PRINTER)')
    await address.fill('not a printer:99999')
    await admin.getByRole('button', { name: '保存', exact: true }).click()
    await admin.getByText(/^设置无效：POS_PRINTER: /).waitFor()
    await address.fill(printer!.address)
    await admin.getByLabel('小票纸宽（毫米） (POS_PAPER_WIDTH)').selectOption('58')
    await admin.getByRole('button', { name: '保存', exact: true }).click()
    await admin.getByText('已保存，已生效。').waitFor()
  })

  it('a cash sale prints by itself: lines, total, barcode, the drawer kicked and the paper cut', async () => {
    await admin.getByRole('button', { name: '收银', exact: true }).click()
    await scan(admin, APPLE, 2)
    orderNo = await placeWith(admin, '现金')
    await admin.getByLabel('实收（元）').fill('10')
    await admin.getByLabel('实收（元）').press('Enter')
    await admin.getByTestId('pay-paid').waitFor()
    await admin.getByText(`小票已送到打印机 ${printer!.address}，钱箱已打开。`).waitFor()
    const job = decodeEscPos(await printer!.job(0))
    const lines = textOf(job)
    expect(lines.some((l) => l.startsWith('订单号') && l.endsWith(orderNo))).toBe(true)
    expect(lines.some((l) => l.startsWith('红富士苹果 一个'))).toBe(true)
    expect(lines.some((l) => l.startsWith('应付合计') && l.endsWith('7.00'))).toBe(true)
    expect(lines.some((l) => l.startsWith('找零') && l.endsWith('3.00'))).toBe(true)
    expect(job.barcodes.map((b) => b.data)).toEqual([orderNo])
    expect([job.pulses, job.cuts]).toEqual([1, 1])
    // The ticket number, large, as the pay screen shows it.
    const ticketNo = await admin.getByTestId('ticket-no').textContent()
    expect(job.lines.filter((l) => l.large).map((l) => l.text.trim())).toEqual([`小票号 ${ticketNo}`])
    // The screen's receipt is the same one, at 58 mm.
    const receipt = admin.getByTestId('receipt')
    expect(await receipt.getAttribute('data-paper')).toBe('58')
    expect(await receipt.getByTestId('receipt-order-no').textContent()).toBe(orderNo)
    // The order's barcode is drawn on the page too (an SVG the CSP lets through), its digits under it.
    const bars = receipt.getByTestId('receipt-barcode-bars')
    expect(await bars.getAttribute('alt')).toBe(orderNo)
    await expect
      .poll(() => bars.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(100)
    expect(await receipt.getByTestId('receipt-change').textContent()).toBe('¥3.00')
    await admin.screenshot({ path: join(screenshotDir, 'receipt-printed.png') })

    // R prints it again, now as a copy: the drawer stays shut. P opens the print dialog.
    await admin.keyboard.press('r')
    const again = decodeEscPos(await printer!.job(1))
    expect(textOf(again).map((l) => l.trim())).toContain('重打小票 COPY')
    expect([again.pulses, again.cuts]).toEqual([0, 1])
    await admin.keyboard.press('p')
    await expect.poll(() => admin.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1)
  })

  it('the order detail: 重打小票 prints a COPY without opening the drawer; 打印 opens the dialog at 58 mm', async () => {
    await openDetail(orderNo)
    await admin.getByRole('button', { name: '重打小票' }).click()
    await admin.getByText(`小票已送到打印机 ${printer!.address}。`).waitFor()
    const copy = decodeEscPos(await printer!.job(2))
    expect(textOf(copy).map((l) => l.trim())).toContain('重打小票 COPY')
    expect([copy.pulses, copy.cuts]).toEqual([0, 1])
    expect(copy.barcodes.map((b) => b.data)).toEqual([orderNo])

    await admin.getByRole('button', { name: '打印', exact: true }).click()
    const receipt = admin.getByTestId('receipt')
    await receipt.getByTestId('receipt-copy').waitFor()
    await expect.poll(() => admin.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(2)
    // The page rule print-receipt.ts adopted: as wide as the paper.
    const pageRule = await admin.evaluate(() => {
      type Sheets = { adoptedStyleSheets: { cssRules: { cssText: string }[] }[] }
      const { adoptedStyleSheets } = (globalThis as unknown as { document: Sheets }).document
      return adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join(' ')
    })
    expect(pageRule).toMatch(/@page \{ size: 58mm \d+mm; margin: 2mm; \}/)
    expect(await receipt.getByTestId('receipt-order-no').textContent()).toBe(orderNo)
    // The print stylesheet prints the receipt alone.
    await admin.emulateMedia({ media: 'print' })
    const visibility = (el: unknown) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { visibility: string } }).getComputedStyle(el)
        .visibility
    expect(await admin.locator('.topbar').evaluate(visibility)).toBe('hidden')
    expect(await receipt.evaluate(visibility)).toBe('visible')
    await admin.emulateMedia({ media: 'screen' })
    await admin.screenshot({ path: join(screenshotDir, 'receipt-reprint.png') })
  })

  it('the printer gone: 重打小票 says so at once, the order stays paid', async () => {
    await printer!.close()
    await admin.getByRole('button', { name: '重打小票' }).click()
    await admin.getByText(/^小票打印机 127\.0\.0\.1:\d+ 没有应答/).waitFor()
    expect(await admin.getByTestId('detail-order-no').textContent()).toBe(orderNo)
    await admin.getByText('已完成').first().waitFor()
    expect(errors).toEqual([])
  })

  async function openDetail(no: string) {
    await admin.getByRole('button', { name: '订单', exact: true }).click()
    await admin.getByRole('heading', { name: '订单' }).waitFor()
    await admin.getByLabel('订单号').fill(no)
    await admin.getByLabel('订单号').press('Enter')
    await admin
      .locator(`.order-row[data-order-no="${no}"]`)
      .getByRole('button', { name: `详情 ${no}` })
      .click()
    await admin.getByRole('heading', { name: '订单详情' }).waitFor()
  }
})
