// Split tender in a real browser at 1366×768 (docs/PAYMENTS.md, "Split tender"): ¥10.00 of a
// ¥17.50 sale in cash as a part (F5, the amount, Enter, Enter), the screen showing what is paid
// and still due, then the rest by an Alipay QR code the sandbox customer pays; the receipt lists
// both payments. A part given back when the customer cannot pay the rest (the cancel). Then an
// admin refunds the cash part of the split order, choosing it on the order detail.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser, watchPageErrors } from './harness'
import { callPos, isFocused, type Ok, openStaffPage, placeWith, scan } from './session'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50

describe('pay: a split tender, cash then Alipay (browser)', () => {
  let session: TillInBrowser | undefined
  let cashier: Page
  let display: Page
  let errors: string[] = []
  let displayErrors: string[] = []

  beforeAll(async () => {
    session = await openTillInBrowser()
    const opened = await openStaffPage(session.browser, session.till.url, 'cashier', {
      viewport: { width: 1366, height: 768 },
    })
    ;({ page: cashier, errors } = opened)
    display = await opened.context.newPage()
    displayErrors = watchPageErrors(display)
    await display.goto(`${session.till.url}#/customer`)
    await display.getByText('欢迎光临').first().waitFor()
    await cashier.bringToFront()
  })
  afterAll(() => closeTillInBrowser(session))

  it('¥10.00 in cash as a part, the rest by QR code: paid once, both payments on the receipt', async () => {
    await cashier.getByLabel('扫码或搜索商品').waitFor()
    await scan(cashier, APPLE, 5)
    await expect.poll(() => cashier.getByTestId('cart-total').textContent()).toBe('¥17.50')
    const orderNo = await placeWith(cashier, '现金')
    await expect.poll(() => isFocused(cashier.getByLabel('实收（元）'))).toBe(true)

    // F5: the part this cash pays; Enter sets it and hands the focus back to the tender.
    expect(await cashier.getByTestId('part-payment').textContent()).toContain('F5')
    await cashier.keyboard.press('F5')
    const part = cashier.getByTestId('part-amount')
    await expect.poll(() => isFocused(part)).toBe(true)
    await cashier.keyboard.type('10')
    await cashier.keyboard.press('Enter')
    await expect.poll(() => cashier.getByTestId('part-payment').textContent()).toContain('¥10.00')
    expect(await cashier.getByTestId('cash-amount').textContent()).toBe('¥10.00')
    await expect.poll(() => isFocused(cashier.getByLabel('实收（元）'))).toBe(true)
    // Change comes only with the last payment: ¥20 for a ¥10 part is refused on the spot.
    await cashier.keyboard.type('20')
    await cashier.keyboard.press('Enter')
    expect(await cashier.getByRole('alert').textContent()).toBe(
      '部分付款的现金须与本次金额相同；找零只在付清最后一笔时给。',
    )
    await cashier.getByLabel('实收（元）').fill('')
    await cashier.keyboard.press('Enter')

    await cashier.getByTestId('part-received').waitFor()
    expect(await cashier.getByTestId('part-received').textContent()).toBe('已收 ¥10.00（现金），还需 ¥7.50。')
    expect(await cashier.getByTestId('paid-so-far').textContent()).toBe('¥10.00')
    expect(await cashier.getByTestId('still-due').textContent()).toBe('¥7.50')
    expect(await cashier.getByTestId('order-status').textContent()).toBe('待支付')

    // F1: the rest by Alipay QR code.
    await cashier.keyboard.press('F1')
    await cashier.getByTestId('pay-qr').waitFor()
    expect(await cashier.getByTestId('qr-amount').textContent()).toBe('¥7.50')
    // The customer display asks for the rest too, with the same code.
    await expect.poll(() => display.getByTestId('customer-due').textContent()).toBe('¥7.50')
    await display.getByTestId('customer-qr').waitFor()
    await cashier.screenshot({ path: join(screenshotDir, 'pay-split.png') })

    const href = (await cashier.getByTestId('demo-scan-link').getAttribute('href')) ?? ''
    const sandbox = new URL(href).origin
    const list = await callPos<Ok<{ orders: { id: number; orderNo: string }[] }>>(cashier, 'orders.list', {
      tab: 'all',
    })
    const orderId = list.data.orders.find((o) => o.orderNo === orderNo)?.id
    const status = await callPos<Ok<{ payment: { outTradeNo: string; amountFen: number } }>>(
      cashier,
      'payments.status',
      { orderId },
    )
    expect(status.data.payment.amountFen).toBe(750)
    expect((await fetch(`${sandbox}/sandbox/pay/${status.data.payment.outTradeNo}`, { method: 'POST' })).ok).toBe(true)

    await cashier.getByTestId('pay-paid').waitFor({ timeout: 15_000 })
    const receipt = cashier.getByTestId('receipt')
    expect(await receipt.getByTestId('receipt-pay').textContent()).toBe('¥17.50')
    expect(await receipt.getByTestId('receipt-method').allTextContents()).toEqual(['现金', '支付宝'])
    expect(await receipt.getByTestId('receipt-tendered').textContent()).toBe('¥10.00')
    expect(await receipt.getByTestId('receipt-change').textContent()).toBe('¥0.00')
    const paid = await callPos<Ok<{ paidFen: number; payments: { amountFen: number; status: string }[] }>>(
      cashier,
      'payments.status',
      { orderId },
    )
    expect(paid.data.paidFen).toBe(1750)
    expect(paid.data.payments.map((p) => [p.amountFen, p.status])).toEqual([
      [1000, 'paid'],
      [750, 'paid'],
    ])
    expect([...errors, ...displayErrors]).toEqual([])
  })

  it('a customer who cannot pay the rest: the cancel gives the part back, and says so', async () => {
    await cashier.getByRole('button', { name: '继续收银' }).click()
    await scan(cashier, APPLE)
    await placeWith(cashier, '现金')
    await expect.poll(() => isFocused(cashier.getByLabel('实收（元）'))).toBe(true)
    await cashier.keyboard.press('F5')
    await expect.poll(() => isFocused(cashier.getByTestId('part-amount'))).toBe(true)
    await cashier.keyboard.type('1')
    await cashier.keyboard.press('Enter')
    await expect.poll(() => isFocused(cashier.getByLabel('实收（元）'))).toBe(true)
    await cashier.keyboard.press('Enter')
    await cashier.getByTestId('part-received').waitFor()
    await cashier.getByRole('button', { name: '取消订单，退回已付 ¥1.00' }).click()
    await cashier.getByTestId('parts-given-back').waitFor()
    expect(await cashier.getByTestId('order-status').textContent()).toBe('已取消')
    expect(await cashier.getByTestId('parts-given-back').textContent()).toContain('¥1.00')
  })

  it('an admin refunds the cash part as cash, choosing it on the order detail', async () => {
    const opened = await openStaffPage(session!.browser, session!.till.url, 'admin', {
      viewport: { width: 1366, height: 768 },
    })
    const admin = opened.page
    const list = await callPos<Ok<{ orders: { orderNo: string; paidFen: number }[] }>>(admin, 'orders.list', {
      tab: 'all',
    })
    const orderNo = list.data.orders.find((o) => o.paidFen === 1750)?.orderNo ?? ''
    await admin.getByRole('button', { name: '订单', exact: true }).click()
    await admin
      .locator(`.order-row[data-order-no="${orderNo}"]`)
      .getByRole('button', { name: `详情 ${orderNo}` })
      .click()
    await admin.getByRole('heading', { name: '订单详情' }).waitFor()
    await admin.getByRole('button', { name: `退款 ${orderNo}` }).click()
    const form = admin.getByRole('form', { name: '退款' })
    await form.waitFor()
    // All of it at once fits no one payment: each is refunded on its own.
    await form.getByRole('button', { name: '确认退款' }).click()
    expect(await form.getByRole('alert').textContent()).toBe(
      '没有一笔付款剩余这么多：请在“退回到”中选一笔付款，分笔退款。',
    )
    await form.getByTestId('refund-payment').selectOption({ label: '现金 ¥10.00' })
    await form.getByLabel('退款金额（元）').fill('10')
    await form.getByRole('button', { name: '确认退款' }).click()
    await admin.getByText('已退款 ¥10.00。').waitFor()
    await expect.poll(() => admin.getByTestId('detail-refunded').textContent()).toBe('¥10.00')
    expect(opened.errors).toEqual([])
  })
})
