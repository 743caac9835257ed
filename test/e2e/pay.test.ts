// Taking payment in a real browser, the shop's main flow end to end: log in, find goods by search
// and by barcode, submit the order (pickup, 支付宝), the QR on the cashier's screen and on the
// customer display, the sandbox "customer" scans and pays, the cashier's screen turns paid with
// a receipt; the shop asks for ratings, so the order waits for its review, which shows on the
// goods detail. Then cash with change and the customer's stars tapped on the display, a bank
// card, and an admin's refunds (partial, then the rest with restock).
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotDir, closeTillInBrowser, openTillInBrowser, type TillInBrowser, watchPageErrors } from './harness'
import { callPos, isFocused, type Ok, openStaffPage, placeWith, scan } from './session'
import { testId } from '../support/ids'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50
const MILK = '纯牛奶 250ml' // ¥3.50

async function stockOf(page: Page, barcode: string): Promise<number> {
  return (await callPos<Ok<{ stock: number }>>(page, 'catalog.byBarcode', { barcode })).data.stock
}

describe('pay: Alipay QR through the sandbox, cash with change, card, refunds (browser)', () => {
  let session: TillInBrowser | undefined
  let cashierContext: BrowserContext
  let cashier: Page
  let display: Page
  let admin: Page
  const pageErrors: string[][] = []
  let alipayOrder: { id: number; orderNo: string }
  let cashOrderNo = ''
  let sandbox = ''

  beforeAll(async () => {
    session = await openTillInBrowser()
    const { till, browser } = session
    const opened = await openStaffPage(browser, till.url, 'cashier')
    ;({ context: cashierContext, page: cashier } = opened)
    pageErrors.push(opened.errors)
    display = await cashierContext.newPage()
    await display.setViewportSize({ width: 1024, height: 700 })
    pageErrors.push(watchPageErrors(display))
    await display.goto(`${till.url}#/customer`)
    await display.getByText('欢迎光临').first().waitFor()
    // This shop asks its customers for ratings (by default a paid counter sale is finished at once).
    const setter = await openStaffPage(browser, till.url, 'admin')
    expect((await callPos<Ok<unknown>>(setter.page, 'settings.update', { askForRatings: true })).ok).toBe(true)
    await setter.context.close()
    // A page in the background has its timers throttled; the cashier's window is the one in front.
    await cashier.bringToFront()
  })

  afterAll(() => closeTillInBrowser(session))

  it('sells by search and by barcode, places a pickup order with 支付宝 and shows the QR', async () => {
    const scanInput = cashier.getByLabel('扫码或搜索商品')
    await scanInput.waitFor()
    await scanInput.fill('牛奶')
    await cashier.locator('.goods-card', { hasText: MILK }).click()
    await cashier.getByRole('button', { name: `增加 ${MILK}` }).waitFor()
    await scan(cashier, APPLE)
    await expect.poll(() => cashier.getByTestId('cart-total').textContent()).toBe('¥7.00')

    const orderNo = await placeWith(cashier, '支付宝')
    const qr = cashier.getByTestId('pay-qr')
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    expect(await cashier.getByTestId('qr-amount').textContent()).toBe('¥7.00')
    expect(await cashier.getByTestId('qr-countdown').textContent()).toMatch(/^\d+:\d\d 后失效$/)
    expect(await cashier.getByTestId('order-status').textContent()).toBe('待支付')
    const list = await callPos<Ok<{ orders: { id: number; orderNo: string }[] }>>(cashier, 'orders.list', {
      tab: 'all',
    })
    alipayOrder = list.data.orders.find((o) => o.orderNo === orderNo)!
    expect(alipayOrder).toBeDefined()
    await cashier.screenshot({ path: join(screenshotDir, 'pay-qr.png') })
  })

  it('the customer display shows the same QR and the amount', async () => {
    const shown = display.getByTestId('customer-qr')
    await shown.waitFor()
    expect(await shown.getAttribute('src')).toBe(await cashier.getByTestId('pay-qr').getAttribute('src'))
    expect(await display.getByTestId('customer-due').textContent()).toBe('¥7.00')
    await display.screenshot({ path: join(screenshotDir, 'customer-display-qr.png') })
    await cashier.bringToFront()
  })

  it('the sandbox customer scans and pays; the cashier sees 收款成功 and the receipt within seconds', async () => {
    const link = cashier.getByTestId('demo-scan-link')
    expect(await link.textContent()).toBe('DEMO：打开顾客扫码付款页')
    const qrText = (await link.getAttribute('href')) ?? ''
    expect(qrText).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/qr\//)
    sandbox = new URL(qrText).origin
    const status = await callPos<Ok<{ payment: { outTradeNo: string; status: string } }>>(cashier, 'payments.status', {
      orderId: alipayOrder.id,
    })
    expect(status.data.payment.status).toBe('pending')
    const outTradeNo = status.data.payment.outTradeNo

    expect((await fetch(`${sandbox}/sandbox/scan/${outTradeNo}`, { method: 'POST' })).ok).toBe(true)
    // The trade exists now (WAIT_BUYER_PAY): the cashier sees the customer is paying.
    await expect
      .poll(() => cashier.getByTestId('qr-panel').getByRole('status').textContent(), { timeout: 15_000 })
      .toContain('顾客已扫码，等待付款')
    await cashier.screenshot({ path: join(screenshotDir, 'pay-qr-scanned.png') })
    expect((await fetch(`${sandbox}/sandbox/pay/${outTradeNo}`, { method: 'POST' })).ok).toBe(true)

    await cashier.getByTestId('pay-paid').waitFor({ timeout: 15_000 })
    expect(await cashier.getByTestId('pay-paid').textContent()).toBe('收款成功')
    expect(await cashier.getByTestId('order-status').textContent()).toBe('待评价')
    const receipt = cashier.getByTestId('receipt')
    expect(await receipt.getByTestId('receipt-order-no').textContent()).toBe(alipayOrder.orderNo)
    expect(await receipt.getByTestId('receipt-pay').textContent()).toBe('¥7.00')
    expect(await receipt.getByTestId('receipt-method').textContent()).toBe('支付宝')
    expect(await receipt.textContent()).toContain(MILK)
    expect(await receipt.textContent()).toContain('红富士苹果 一个')
    await cashier.getByRole('button', { name: '打印小票' }).waitFor()
    // The print stylesheet prints the receipt alone.
    await cashier.emulateMedia({ media: 'print' })
    const visibility = (el: unknown) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { visibility: string } }).getComputedStyle(el)
        .visibility
    expect(await cashier.locator('.topbar').evaluate(visibility)).toBe('hidden')
    expect(await receipt.evaluate(visibility)).toBe('visible')
    await cashier.emulateMedia({ media: 'screen' })
    await cashier.screenshot({ path: join(screenshotDir, 'paid-receipt.png') })

    await display.getByTestId('customer-thanks').waitFor()
    expect(await display.getByTestId('customer-qr').count()).toBe(0)
  })

  it('the order is 待评价 in the list; the review finishes it and shows on the goods detail', async () => {
    await cashier.getByRole('button', { name: '继续收银' }).click()
    await cashier.getByLabel('扫码或搜索商品').waitFor()
    await cashier.getByRole('button', { name: '订单', exact: true }).click()
    await cashier.getByRole('tab', { name: '待评价' }).click()
    const card = cashier.locator(`.order-row[data-order-no="${alipayOrder.orderNo}"]`)
    await card.waitFor()
    expect(await card.getByTestId('order-status').textContent()).toBe('待评价')
    expect(await card.getByRole('button', { name: '去评价' }).count()).toBe(0)
    await card.getByRole('button', { name: `详情 ${alipayOrder.orderNo}` }).click()
    await cashier.getByRole('heading', { name: '订单详情' }).waitFor()
    await cashier.getByRole('button', { name: '去评价' }).click()
    await cashier.getByRole('heading', { name: '评价订单' }).waitFor()
    const groups = cashier.getByRole('radiogroup')
    await expect.poll(() => groups.count()).toBe(2)
    await groups.nth(0).getByRole('radio', { name: '4 星' }).check()
    await cashier.locator('.review-comment textarea').nth(0).fill('付款很快，东西新鲜')
    await cashier.getByRole('button', { name: '提交评价' }).click()
    await cashier.getByRole('heading', { name: '订单详情' }).waitFor()
    await expect.poll(() => cashier.locator('.detail-head').getByTestId('order-status').textContent()).toBe('已完成')
    const events = await cashier.getByTestId('timeline').locator('li').allTextContents()
    expect(events.join('|')).toContain('已支付')

    const firstLine = (await cashier.locator('table.lines tbody tr').first().locator('button.link').textContent()) ?? ''
    await cashier.getByRole('button', { name: `商品详情 ${firstLine}` }).click()
    await cashier.getByRole('heading', { name: '商品详情' }).waitFor()
    await cashier.getByText('付款很快，东西新鲜').waitFor()
    await cashier.getByRole('button', { name: '← 返回' }).click()
    await cashier.getByRole('heading', { name: '订单详情' }).waitFor()
  })

  it('cash: ¥50.00 tendered for ¥17.50 gives ¥32.50 change, on screen, receipt and customer display', async () => {
    await cashier.getByRole('button', { name: '收银', exact: true }).click()
    await cashier.getByLabel('扫码或搜索商品').waitFor()
    await scan(cashier, APPLE, 5)
    await expect.poll(() => cashier.getByTestId('cart-total').textContent()).toBe('¥17.50')
    cashOrderNo = await placeWith(cashier, '现金')
    // Keyboard first: the tendered amount has the focus.
    const tendered = cashier.getByLabel('实收（元）')
    await expect.poll(() => isFocused(tendered)).toBe(true)
    await display.getByTestId('customer-due').waitFor()
    expect(await display.getByTestId('customer-due').textContent()).toBe('¥17.50')
    expect(await display.getByTestId('customer-qr').count()).toBe(0)

    await cashier.keyboard.type('10')
    await cashier.keyboard.press('Enter')
    expect(await cashier.getByRole('alert').textContent()).toBe('实收不能少于应付金额 ¥17.50。')
    await tendered.fill('50')
    expect(await cashier.getByTestId('change-preview').textContent()).toBe('¥32.50')
    await tendered.press('Enter')
    await cashier.getByTestId('pay-paid').waitFor()
    expect(await cashier.getByTestId('change-due').textContent()).toBe('¥32.50')
    expect(await cashier.getByTestId('receipt-tendered').textContent()).toBe('¥50.00')
    expect(await cashier.getByTestId('receipt-change').textContent()).toBe('¥32.50')
    expect(await cashier.getByTestId('receipt-method').textContent()).toBe('现金')
    expect(await cashier.getByTestId('order-status').textContent()).toBe('待评价')
    await display.getByTestId('customer-change').waitFor()
    expect(await display.getByTestId('customer-change').textContent()).toContain('¥32.50')
    // The customer taps five stars on the display: the order is reviewed and finished.
    await display.getByRole('button', { name: '5 ★' }).click()
    await display.getByTestId('customer-rated').waitFor()
    await expect.poll(() => cashier.getByTestId('order-status').textContent()).toBe('已完成')
    expect(await display.getByTestId('customer-rated').textContent()).toContain('★★★★★')
    expect(await display.getByTestId('customer-rate').count()).toBe(0)
    await display.screenshot({ path: join(screenshotDir, 'customer-display-rating.png') })
  })

  it('card: recorded as paid by the card terminal', async () => {
    await cashier.getByRole('button', { name: '继续收银' }).click()
    await scan(cashier, APPLE)
    await placeWith(cashier, '银行卡')
    // The pay screen speaks English too.
    await cashier.getByRole('button', { name: 'English' }).click()
    await cashier.getByRole('heading', { name: 'Order placed' }).waitFor()
    await cashier.getByRole('radio', { name: 'Alipay payment code' }).waitFor()
    await cashier.screenshot({ path: join(screenshotDir, 'pay-card-en.png') })
    await cashier.getByRole('button', { name: '中文' }).click()
    await cashier.getByRole('button', { name: '已刷卡，确认收款' }).click()
    await cashier.getByTestId('pay-paid').waitFor()
    expect(await cashier.getByTestId('receipt-method').textContent()).toBe('银行卡')
    expect(await cashier.getByTestId('order-status').textContent()).toBe('待评价')
  })

  it('去支付 on an unpaid order in the list opens the pay page; switching to cash pays it', async () => {
    await cashier.getByRole('button', { name: '继续收银' }).click()
    await scan(cashier, APPLE)
    const orderNo = await placeWith(cashier, '支付宝')
    await cashier.getByTestId('pay-qr').waitFor()
    await cashier.getByRole('button', { name: '继续收银' }).click()
    await cashier.getByRole('button', { name: '订单', exact: true }).click()
    const card = cashier.locator(`.order-row[data-order-no="${orderNo}"]`)
    await card.getByRole('button', { name: '去支付' }).click()
    await cashier.getByRole('heading', { name: '收款' }).waitFor()
    // The code already shown is still good: the same one again.
    await cashier.getByTestId('pay-qr').waitFor()
    await cashier.getByRole('radio', { name: '现金' }).check()
    await cashier.getByLabel('实收（元）').fill('3.5')
    await cashier.getByRole('button', { name: '确认收现金' }).click()
    await cashier.getByTestId('pay-paid').waitFor()
    expect(await cashier.getByTestId('change-due').textContent()).toBe('¥0.00')
    await cashier.getByRole('button', { name: '继续收银' }).click()
  })

  it('barcode: a refused code says so; a code waiting for the password is followed until paid', async () => {
    await scan(cashier, APPLE)
    const orderNo = await placeWith(cashier, '支付宝')
    await cashier.getByTestId('pay-qr').waitFor()
    await cashier.getByRole('radio', { name: '支付宝付款码' }).check()
    const code = cashier.getByLabel('扫描顾客付款码')
    await expect.poll(() => isFocused(code)).toBe(true)
    // The QR left the customer display with the QR panel.
    await expect.poll(() => display.getByTestId('customer-qr').count()).toBe(0)
    await cashier.keyboard.type('1234')
    await cashier.keyboard.press('Enter')
    expect(await cashier.getByRole('alert').textContent()).toBe('付款码应为 16–24 位数字。')
    await cashier.keyboard.type('270000000000000001') // the sandbox: not enough balance
    await cashier.keyboard.press('Enter')
    await expect
      .poll(() => cashier.getByRole('alert').textContent())
      .toBe('支付宝拒绝：顾客的支付宝余额不足，请让顾客充值或换一种方式付款。')
    await cashier.screenshot({ path: join(screenshotDir, 'pay-barcode-refused.png') })
    await expect.poll(() => isFocused(code)).toBe(true)
    await cashier.keyboard.type('290000000000000001') // the sandbox: waits for the buyer's password
    await cashier.keyboard.press('Enter')
    await cashier.getByTestId('waiting-password').waitFor()
    const status = await callPos<Ok<{ orderId: number; payment: { outTradeNo: string; status: string } }>>(
      cashier,
      'payments.status',
      {
        orderId: (
          await callPos<Ok<{ orders: { id: number; orderNo: string }[] }>>(cashier, 'orders.list', { tab: 1 })
        ).data.orders.find((o) => o.orderNo === orderNo)!.id,
      },
    )
    expect(status.data.payment.status).toBe('pending')
    expect((await fetch(`${sandbox}/sandbox/pay/${status.data.payment.outTradeNo}`, { method: 'POST' })).ok).toBe(true)
    await cashier.getByTestId('pay-paid').waitFor({ timeout: 15_000 })
    expect(await cashier.getByTestId('receipt-method').textContent()).toBe('支付宝')
    await cashier.getByRole('button', { name: '继续收银' }).click()
  })

  it('a cashier does not see 退款 on a paid order', async () => {
    await cashier.getByRole('button', { name: '订单', exact: true }).click()
    await cashier
      .locator(`.order-row[data-order-no="${cashOrderNo}"]`)
      .getByRole('button', { name: `详情 ${cashOrderNo}` })
      .click()
    await cashier.getByRole('heading', { name: '订单详情' }).waitFor()
    await cashier.getByTestId('timeline').waitFor()
    expect(await cashier.getByRole('button', { name: /退款/ }).count()).toBe(0)
  })

  it('an admin refunds part, then the rest with restock: 已退款 and the stock is back', async () => {
    const opened = await openStaffPage(session!.browser, session!.till.url, 'admin', {
      viewport: { width: 1280, height: 900 },
    })
    admin = opened.page
    pageErrors.push(opened.errors)
    const appleBefore = await stockOf(admin, APPLE)

    await admin.getByRole('button', { name: '订单', exact: true }).click()
    await admin
      .locator(`.order-row[data-order-no="${alipayOrder.orderNo}"]`)
      .getByRole('button', { name: `详情 ${alipayOrder.orderNo}` })
      .click()
    await admin.getByRole('heading', { name: '订单详情' }).waitFor()
    await admin.getByRole('button', { name: `退款 ${alipayOrder.orderNo}` }).click()
    const form = admin.getByRole('form', { name: '退款' })
    await form.waitFor()
    const amount = form.getByLabel('退款金额（元）')
    expect(await amount.inputValue()).toBe('7.00')
    // More than is left, and restock with a partial refund, are refused with a clear message.
    await amount.fill('8')
    await form.getByRole('button', { name: '确认退款' }).click()
    expect(await form.getByRole('alert').textContent()).toBe('退款金额不能超过可退金额 ¥7.00。')
    await amount.fill('2.00')
    await form.getByLabel('退款原因').fill('牛奶破损')
    await form.getByRole('checkbox').check()
    await form.getByRole('button', { name: '确认退款' }).click()
    expect(await form.getByRole('alert').textContent()).toBe('只有退还全部剩余金额时才能退回库存。')
    await form.getByRole('checkbox').uncheck()
    await form.getByRole('button', { name: '确认退款' }).click()
    await admin.getByText('已退款 ¥2.00。').waitFor()
    await expect.poll(() => admin.getByTestId('detail-refunded').textContent()).toBe('¥2.00')
    expect(await admin.locator('.detail-head').getByTestId('order-status').textContent()).toBe('已完成')

    await admin.getByRole('button', { name: `退款 ${alipayOrder.orderNo}` }).click()
    await form.waitFor()
    expect(await amount.inputValue()).toBe('5.00')
    await form.getByLabel('退款原因').fill('顾客退货')
    await form.getByRole('checkbox').check()
    await admin.screenshot({ path: join(screenshotDir, 'refund.png'), fullPage: true })
    await form.getByRole('button', { name: '确认退款' }).click()
    await admin.getByText('已退款 ¥5.00。').waitFor()
    await expect.poll(() => admin.locator('.detail-head').getByTestId('order-status').textContent()).toBe('已退款')
    expect(await admin.getByTestId('detail-refunded').textContent()).toBe('¥7.00')
    expect(await admin.getByRole('button', { name: `退款 ${alipayOrder.orderNo}` }).count()).toBe(0)
    expect(await stockOf(admin, APPLE)).toBe(appleBefore + 1)
  })

  it('a code paid after cash paid the order is refunded by itself: 已自动退款 with the amount in the payments', async () => {
    await cashier.getByRole('button', { name: '收银', exact: true }).click()
    await scan(cashier, APPLE)
    const orderNo = await placeWith(cashier, '支付宝')
    await cashier.getByTestId('pay-qr').waitFor()
    const unpaid = await callPos<Ok<{ orders: { id: number; orderNo: string }[] }>>(cashier, 'orders.list', { tab: 1 })
    const orderId = unpaid.data.orders.find((o) => o.orderNo === orderNo)!.id
    const status = await callPos<Ok<{ payment: { paymentId: number; outTradeNo: string } }>>(
      cashier,
      'payments.status',
      { orderId },
    )
    const { paymentId, outTradeNo } = status.data.payment
    expect((await fetch(`${sandbox}/sandbox/scan/${outTradeNo}`, { method: 'POST' })).ok).toBe(true)
    // Queries answer 3 s late, so the cash below pays the order before the till learns the code was paid too.
    const fault = { kind: 'latency', ms: 3000, method: 'alipay.trade.query' }
    expect((await fetch(`${sandbox}/sandbox/faults`, { method: 'POST', body: JSON.stringify(fault) })).ok).toBe(true)
    expect((await fetch(`${sandbox}/sandbox/pay/${outTradeNo}`, { method: 'POST' })).ok).toBe(true)
    expect(
      (
        await callPos<{ ok: boolean }>(cashier, 'payments.payCash', {
          orderId,
          tenderedFen: 350,
          idempotencyKey: testId(),
        })
      ).ok,
    ).toBe(true)
    type Detail = Ok<{ payments: { id: number; autoRefund: { amountFen: number; status: string } | null }[] }>
    await expect
      .poll(
        async () =>
          (await callPos<Detail>(admin, 'orders.get', { orderId })).data.payments.find((p) => p.id === paymentId)
            ?.autoRefund,
        { timeout: 20_000 },
      )
      .toEqual({ amountFen: 350, status: 'succeeded' })
    expect((await fetch(`${sandbox}/sandbox/faults`, { method: 'DELETE' })).ok).toBe(true)

    await admin.getByRole('button', { name: '订单', exact: true }).click()
    await admin.getByRole('tab', { name: /全部/ }).click()
    await admin
      .locator(`.order-row[data-order-no="${orderNo}"]`)
      .getByRole('button', { name: `详情 ${orderNo}` })
      .click()
    await admin.getByRole('heading', { name: '订单详情' }).waitFor()
    expect(await admin.getByTestId(`payment-status-${paymentId}`).textContent()).toBe('已自动退款 ¥3.50')
    expect(await admin.getByTestId('timeline').textContent()).toContain('退款成功')
    await admin.screenshot({ path: join(screenshotDir, 'order-auto-refunded.png'), fullPage: true })
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(pageErrors.flat()).toEqual([])
  })
})
