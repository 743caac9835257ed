// The order desk in a real browser: two tills on one demo store (T1 and T2 share the SQLite file),
// the cashier sees T1's orders and the admin both; tabs, search, keyset pages, cancel with its
// timeline, a review that finishes an order and shows on the goods detail, and the customer display.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshotDir, serveDemoTill, type ServedTill, watchPageErrors } from './harness'
import { callPos, type Ok, openStaffPage, placeOrder } from './session'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50
const MILK = '纯牛奶 250ml'
const PAGE_SIZE = 15 // the orders page's page size: rows a 1366×768 screen shows at once

const cards = (page: Page) => page.locator('.order-row')
const cardOf = (page: Page, orderNo: string) => page.locator(`.order-row[data-order-no="${orderNo}"]`)

describe('orders, order detail, review, goods detail, customer display (browser, two tills)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-orders-e2e-'))
  const dbFile = join(dataDir, 'shop.db')
  let t1: ServedTill | undefined
  let t2: ServedTill | undefined
  let browser: Browser | undefined
  let cashierContext: BrowserContext
  let cashier: Page
  let admin: Page
  // watchPageErrors fills its array as errors happen: keep the arrays, read them at the end.
  const pageErrors: string[][] = []
  let skuIds: number[] = []
  let toCancel: { id: number; orderNo: string }
  let toReview: { id: number; orderNo: string }
  let fromT2: { id: number; orderNo: string }

  beforeAll(async () => {
    // T1 first: it migrates and seeds the demo store that T2 then opens.
    t1 = await serveDemoTill({ POS_DB: `sqlite:${dbFile}` })
    ;[t2, browser] = await Promise.all([
      serveDemoTill({ POS_DB: `sqlite:${dbFile}`, POS_TILL_ID: 'T2' }),
      launchChromium(),
    ])
    const opened = await openStaffPage(browser, t1.url, 'cashier')
    ;({ context: cashierContext, page: cashier } = opened)
    pageErrors.push(opened.errors)
  })

  afterAll(async () => {
    await browser?.close()
    const codes = await Promise.all([t1?.stop(), t2?.stop()])
    rmSync(dataDir, { recursive: true, force: true })
    expect(codes, `pos serve should stop cleanly:\n${t1?.output()}\n${t2?.output()}`).toEqual([0, 0])
  })

  it('places orders at T1 (cashier) and T2 (admin) through window.pos', async () => {
    const search = await callPos<Ok<{ skus: { id: number; stock: number }[] }>>(cashier, 'catalog.search', {
      query: '',
      limit: 20,
    })
    skuIds = search.data.skus.filter((s) => s.stock > 50).map((s) => s.id)
    expect(skuIds.length).toBeGreaterThanOrEqual(4)
    toReview = await placeOrder(cashier, [skuIds[0]!, skuIds[1]!])
    toCancel = await placeOrder(cashier, [skuIds[2]!])

    const t2Page = await browser!.newPage()
    await t2Page.goto(t2!.url)
    expect((await callPos<Ok<unknown>>(t2Page, 'auth.login', { username: 'admin', password: 'demo1234' })).ok).toBe(
      true,
    )
    // T2's shift, opened as its first staff member of the day would.
    expect((await callPos<Ok<unknown>>(t2Page, 'shift.open', { floatFen: 0 })).ok).toBe(true)
    fromT2 = await placeOrder(t2Page, [skuIds[3]!])
    await t2Page.close()
  })

  it('the cashier sees only their till’s orders; the admin sees both tills’', async () => {
    await cashier.getByRole('button', { name: '订单', exact: true }).click()
    await cashier.getByRole('heading', { name: '订单' }).waitFor()
    await expect.poll(() => cards(cashier).count()).toBe(2)
    expect(await cardOf(cashier, toCancel.orderNo).count()).toBe(1)
    expect(await cardOf(cashier, fromT2.orderNo).count()).toBe(0)
    expect(await cardOf(cashier, toReview.orderNo).getByTestId('order-status').textContent()).toBe('待支付')

    const opened = await openStaffPage(browser!, t1!.url, 'admin')
    admin = opened.page
    pageErrors.push(opened.errors)
    await admin.getByRole('button', { name: '订单', exact: true }).click()
    await expect.poll(() => cards(admin).count()).toBe(3)
    expect(await cardOf(admin, fromT2.orderNo).textContent()).toContain('收银台 T2')
    // The cashier searching for T2's order by its number finds nothing.
    await cashier.getByLabel('订单号').fill(fromT2.orderNo)
    await cashier.getByRole('button', { name: '查询' }).click()
    await cashier.getByText('没有符合条件的订单').waitFor()
    await cashier.getByRole('button', { name: '重置' }).click()
    await expect.poll(() => cards(cashier).count()).toBe(2)
  })

  it('filters by tab (arrow keys move between tabs) and searches by order number, ticket, tail and date', async () => {
    await cashier.getByRole('tab', { name: '已取消' }).click()
    await cashier.getByText('没有符合条件的订单').waitFor()
    await cashier.keyboard.press('ArrowLeft') // 已完成
    await cashier.keyboard.press('ArrowLeft') // 待评价
    await cashier.keyboard.press('ArrowLeft') // 待收货
    await cashier.keyboard.press('ArrowLeft') // 待发货
    await cashier.keyboard.press('ArrowLeft') // 待支付
    expect(await cashier.getByRole('tab', { name: '待支付' }).getAttribute('aria-selected')).toBe('true')
    await expect.poll(() => cards(cashier).count()).toBe(2)

    await cashier.getByRole('tab', { name: '全部' }).click()
    await cashier.getByLabel('订单号').fill(toCancel.orderNo)
    await cashier.getByLabel('订单号').press('Enter')
    await expect.poll(() => cards(cashier).count()).toBe(1)
    expect(await cards(cashier).first().getAttribute('data-order-no')).toBe(toCancel.orderNo)
    await cashier.getByRole('button', { name: '重置' }).click()

    // The short ticket number (its first column, e.g. T1-0002) and the last six characters of the
    // order number each find the order.
    const ticket = (await cardOf(cashier, toCancel.orderNo).locator('.ticket-cell').textContent()) ?? ''
    expect(ticket).toMatch(/^T1-\d{4}$/)
    for (const typed of [ticket, toCancel.orderNo.slice(-6)]) {
      await cashier.getByLabel('订单号').fill(typed)
      await cashier.getByLabel('订单号').press('Enter')
      await expect.poll(() => cards(cashier).count()).toBe(1)
      expect(await cards(cashier).first().getAttribute('data-order-no')).toBe(toCancel.orderNo)
      await cashier.getByRole('button', { name: '重置' }).click()
      await expect.poll(() => cards(cashier).count()).toBe(2)
    }

    // A date range ending yesterday holds none of today's orders; one ending today holds them all.
    const today = new Date()
    const day = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
    await cashier.getByLabel('结束日期').fill(day(new Date(today.getTime() - 86_400_000)))
    await cashier.getByRole('button', { name: '查询' }).click()
    await cashier.getByText('没有符合条件的订单').waitFor()
    await cashier.getByLabel('开始日期').fill(day(today))
    await cashier.getByLabel('结束日期').fill(day(today))
    await cashier.getByRole('button', { name: '查询' }).click()
    await expect.poll(() => cards(cashier).count()).toBe(2)
    await cashier.getByRole('button', { name: '重置' }).click()
  })

  it('pages with the keyset cursor: 下一页 and back with 上一页', async () => {
    for (let i = 0; i < PAGE_SIZE; i++) await placeOrder(cashier, [skuIds[i % 3]!])
    // Seventeen orders: fifteen on the first page, two on the second.
    await cashier.getByRole('tab', { name: '待评价' }).click()
    await cashier.getByRole('tab', { name: '全部' }).click()
    await expect.poll(() => cards(cashier).count()).toBe(PAGE_SIZE)
    const firstOnPage1 = await cards(cashier).first().getAttribute('data-order-no')
    expect(await cashier.getByRole('button', { name: '← 上一页' }).isDisabled()).toBe(true)
    await cashier.getByRole('button', { name: '下一页 →' }).click()
    await expect.poll(() => cashier.getByTestId('page-no').textContent()).toBe('第 2 页')
    await expect.poll(() => cards(cashier).count()).toBe(2)
    expect(await cardOf(cashier, toReview.orderNo).count()).toBe(1)
    expect(await cashier.getByRole('button', { name: '下一页 →' }).isDisabled()).toBe(true)
    await cashier.getByRole('button', { name: '← 上一页' }).click()
    await expect.poll(() => cards(cashier).count()).toBe(PAGE_SIZE)
    expect(await cards(cashier).first().getAttribute('data-order-no')).toBe(firstOnPage1)

    // A full page fits a 1366×768 screen without scrolling.
    await cashier.setViewportSize({ width: 1366, height: 768 })
    await cashier.screenshot({ path: join(screenshotDir, 'orders.png'), fullPage: false })
    const lastRow = await cards(cashier).last().boundingBox()
    expect(lastRow && lastRow.y + lastRow.height).toBeLessThanOrEqual(768)
  })

  it('sorts by time and by amount from the column heads, either way, by the server', async () => {
    const payOf = async () =>
      (await cashier.locator('.order-row td.num').allTextContents()).map((text) => Number(text.replace(/[^0-9.]/g, '')))
    const timeHead = cashier.getByRole('columnheader', { name: /下单时间/ })
    const amountHead = cashier.getByRole('columnheader', { name: /实付金额/ })
    expect(await timeHead.getAttribute('aria-sort')).toBe('descending')

    await amountHead.getByRole('button').click()
    await expect.poll(() => amountHead.getAttribute('aria-sort')).toBe('descending')
    await expect
      .poll(async () => {
        const amounts = await payOf()
        return amounts.length === PAGE_SIZE && amounts.every((a, i) => i === 0 || amounts[i - 1]! >= a)
      })
      .toBe(true)
    expect(await timeHead.getAttribute('aria-sort')).toBe('none')

    await amountHead.getByRole('button').click()
    await expect.poll(() => amountHead.getAttribute('aria-sort')).toBe('ascending')
    await expect
      .poll(async () => {
        const amounts = await payOf()
        return amounts.length === PAGE_SIZE && amounts.every((a, i) => i === 0 || amounts[i - 1]! <= a)
      })
      .toBe(true)

    // Oldest first: the first order placed heads the list.
    await timeHead.getByRole('button').click() // newest first again
    await timeHead.getByRole('button').click()
    await expect.poll(() => timeHead.getAttribute('aria-sort')).toBe('ascending')
    await expect.poll(() => cards(cashier).first().getAttribute('data-order-no')).toBe(toReview.orderNo)
    await timeHead.getByRole('button').click()
    await expect.poll(() => timeHead.getAttribute('aria-sort')).toBe('descending')
  })

  it('cancels from the list: 已取消, and the timeline shows it with the actor', async () => {
    await cashier.getByLabel('订单号').fill(toCancel.orderNo)
    await cashier.getByLabel('订单号').press('Enter')
    await expect.poll(() => cards(cashier).count()).toBe(1)
    const card = cardOf(cashier, toCancel.orderNo)
    await card.getByRole('button', { name: '取消', exact: true }).click()
    await expect.poll(() => card.getByTestId('order-status').textContent()).toBe('已取消')
    expect(await card.getByRole('button', { name: '取消', exact: true }).count()).toBe(0)

    await card.getByRole('button', { name: `详情 ${toCancel.orderNo}` }).click()
    await cashier.getByRole('heading', { name: '订单详情' }).waitFor()
    const timeline = cashier.getByTestId('timeline')
    await timeline.getByText('已取消').waitFor()
    const events = await timeline.locator('li').allTextContents()
    expect(events[0]).toContain('已创建')
    expect(events.at(-1)).toContain('已取消')
    expect(events.at(-1)).toContain('操作人：cashier')
    expect(await cashier.getByTestId('detail-order-no').textContent()).toBe(toCancel.orderNo)
    expect(await cashier.getByTestId('detail-ticket-no').textContent()).toMatch(/^T1-\d{4}$/)
  })

  it('reviews a paid order with the keyboard: 已完成, and the goods detail shows the review and average', async () => {
    // Payments land with the payments work; until the UI can pay, the test marks this unpaid order
    // paid (a pickup order then waits for its review, status 4) directly in the demo store.
    const db = new Database(dbFile)
    try {
      db.pragma('busy_timeout = 5000')
      const now = Date.now()
      const changed = db
        .prepare(
          'UPDATE order_info SET status = 4, paid_fen = pay_fen, paid_at = ?, updated_at = ? WHERE order_no = ? AND status = 1',
        )
        .run(now, now, toReview.orderNo)
      expect(changed.changes).toBe(1)
    } finally {
      db.close()
    }

    await cashier.getByRole('button', { name: '← 返回订单列表' }).click()
    await cashier.getByRole('tab', { name: '待评价' }).click()
    await expect.poll(() => cards(cashier).count()).toBe(1)
    // A counter sale is never asked for a review from the list; its detail still offers it.
    expect(await cardOf(cashier, toReview.orderNo).getByRole('button', { name: '去评价' }).count()).toBe(0)
    await cardOf(cashier, toReview.orderNo)
      .getByRole('button', { name: `详情 ${toReview.orderNo}` })
      .click()
    await cashier.getByRole('heading', { name: '订单详情' }).waitFor()
    await cashier.getByRole('button', { name: '去评价' }).click()
    await cashier.getByRole('heading', { name: '评价订单' }).waitFor()

    const groups = cashier.getByRole('radiogroup')
    await expect.poll(() => groups.count()).toBe(2)
    // Keyboard: focus the checked 5-star radio of the first line, ArrowLeft twice → 3 stars.
    await groups.nth(0).getByRole('radio', { name: '5 星' }).focus()
    await cashier.keyboard.press('ArrowLeft')
    await cashier.keyboard.press('ArrowLeft')
    expect(await groups.nth(0).getByRole('radio', { name: '3 星' }).isChecked()).toBe(true)
    await groups.nth(1).getByRole('radio', { name: '4 星' }).check()
    const comments = cashier.locator('.review-comment textarea')
    await comments.nth(0).fill('很新鲜，推荐')
    await comments.nth(1).fill('还不错')
    await cashier.screenshot({ path: join(screenshotDir, 'review.png') })

    await cashier.getByRole('button', { name: '提交评价' }).click()
    await cashier.getByRole('heading', { name: '订单详情' }).waitFor()
    await expect.poll(() => cashier.locator('.detail-head').getByTestId('order-status').textContent()).toBe('已完成')
    const events = await cashier.getByTestId('timeline').locator('li').allTextContents()
    expect(events.at(-1)).toContain('已评价')
    await cashier.screenshot({ path: join(screenshotDir, 'order-detail.png'), fullPage: true })

    const firstLineName =
      (await cashier.locator('table.lines tbody tr').first().locator('button.link').textContent()) ?? ''
    await cashier.getByRole('button', { name: `商品详情 ${firstLineName}` }).click()
    await cashier.getByRole('heading', { name: '商品详情' }).waitFor()
    expect(await cashier.getByTestId('goods-name').textContent()).toBe(firstLineName)
    await expect.poll(() => cashier.getByTestId('average-rating').textContent()).toBe('3.0')
    expect(await cashier.getByTestId('review-count').textContent()).toContain('1 条评价')
    await cashier.getByText('很新鲜，推荐').waitFor()
    await cashier.screenshot({ path: join(screenshotDir, 'goods-detail.png') })
    await cashier.getByRole('button', { name: '← 返回' }).click()
    await cashier.getByRole('heading', { name: '订单详情' }).waitFor()
  })

  it('the admin’s 待发货 tab is empty (pickup orders only); the sell grid opens goods details', async () => {
    await admin.getByRole('tab', { name: '待发货' }).click()
    await admin.getByText('没有符合条件的订单').waitFor()
    await admin.getByRole('button', { name: '收银', exact: true }).click()
    await admin.getByRole('button', { name: `商品详情 ${MILK}` }).click()
    await admin.getByRole('heading', { name: '商品详情' }).waitFor()
    expect(await admin.getByTestId('goods-name').textContent()).toBe(MILK)
    await admin.getByRole('button', { name: '← 返回' }).click()
    await admin.getByLabel('扫码或搜索商品').waitFor()
  })

  it('the customer display follows the cashier’s cart, shows the amount to pay and thanks the customer once paid', async () => {
    const display = await cashierContext.newPage()
    await display.setViewportSize({ width: 1024, height: 600 })
    pageErrors.push(watchPageErrors(display))
    await display.goto(`${t1!.url}#/customer`)
    await display.getByText('欢迎光临').waitFor()
    // A page in the background has its timers throttled; the cashier's window is the one in front.
    await cashier.bringToFront()

    await cashier.getByRole('button', { name: '收银', exact: true }).click()
    const scan = cashier.getByLabel('扫码或搜索商品')
    await scan.waitFor()
    await scan.fill(APPLE)
    await scan.press('Enter')
    await cashier.getByRole('button', { name: '增加 红富士苹果 一个' }).click()
    await expect.poll(() => cashier.getByTestId('cart-total').textContent()).toBe('¥7.00')
    await cashier.locator('.goods-card', { hasText: MILK }).click()
    await expect.poll(() => cashier.getByTestId('cart-count').textContent()).toBe('3')

    await expect.poll(() => display.getByTestId('customer-lines').locator('li').count()).toBe(2)
    expect(await display.getByTestId('customer-lines').textContent()).toContain('红富士苹果 一个')
    expect(await display.getByTestId('customer-count').textContent()).toContain('共 3 件')
    const total = await cashier.getByTestId('cart-total').textContent()
    expect(await display.getByTestId('customer-amount').textContent()).toBe(total)
    await display.screenshot({ path: join(screenshotDir, 'customer-display.png') })

    await cashier.getByRole('button', { name: '送货单' }).click()
    await cashier.getByTestId('quote-pay').waitFor()
    await cashier.getByRole('button', { name: '提交订单' }).click()
    await cashier.getByRole('heading', { name: '订单已提交' }).waitFor()
    // Unpaid: the display shows the amount to pay; paid (cash, the default method): the thank-you.
    await expect.poll(() => display.getByTestId('customer-due').textContent()).toBe(total)
    expect(await display.getByTestId('customer-thanks').count()).toBe(0)
    await cashier.getByLabel('实收（元）').fill('20')
    await cashier.getByLabel('实收（元）').press('Enter')
    await cashier.getByTestId('pay-paid').waitFor()
    // Every receipt of a till paying against the sandbox says so, cash ones too.
    expect(await cashier.getByTestId('receipt-sandbox').textContent()).toBe('SANDBOX 沙箱交易 · 非真实付款')
    await cashier.screenshot({ path: join(screenshotDir, 'receipt-sandbox.png') })
    await display.getByTestId('customer-thanks').waitFor()
    await cashier.getByRole('button', { name: '继续收银' }).click()
    await expect.poll(() => cashier.getByTestId('cart-count').textContent()).toBe('0')
    // The thank-you stays until the next customer's goods.
    expect(await display.getByTestId('customer-thanks').count()).toBe(1)

    await cashier.getByRole('button', { name: '退出' }).click()
    await display.getByText('欢迎光临').waitFor()
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(pageErrors.flat()).toEqual([])
  })
})
