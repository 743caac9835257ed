// 管理 in a real browser: goods & stock (add, receive, a refused damage, a price change the
// cashier's sell screen sees), staff (add, deactivate → login refused, reactivate, log out
// everywhere), the day report (an order paid this hour lands in its hour and payment method),
// settings (freight ¥6.00 reaches the delivery quote), and what a cashier sees: no 管理 entry,
// and FORBIDDEN if they get there.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  closeTillInBrowser,
  openTillInBrowser,
  screenshotDir,
  type ServedTill,
  type TillInBrowser,
  watchPageErrors,
} from './harness'
import { testBarcode } from '../support/ids'
import { callPos, type Ok, openStaffPage, placeOrder, submitLogin } from './session'

// A barcode of digits only (what a scanner types), new in every run.
const BARCODE = testBarcode()
const GOODS = '测试有机菠菜'
const SKU = '有机菠菜 300g'

const row = (page: Page, barcode: string) => page.locator(`tr[data-barcode="${barcode}"]`)
const staffRow = (page: Page, username: string) => page.locator(`tr[data-username="${username}"]`)

describe('admin: goods & stock, staff, reports, settings (browser)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-admin-e2e-'))
  const dbFile = join(dataDir, 'shop.db')
  let session: TillInBrowser | undefined
  let till: ServedTill | undefined
  let browser: Browser | undefined
  let admin: Page
  let cashier: Page
  const pageErrors: string[][] = []

  beforeAll(async () => {
    session = await openTillInBrowser({ POS_DB: `sqlite:${dbFile}` })
    ;({ till, browser } = session)
    const [asAdmin, asCashier] = await Promise.all([
      openStaffPage(browser, till.url, 'admin'),
      openStaffPage(browser, till.url, 'cashier'),
    ])
    admin = asAdmin.page
    cashier = asCashier.page
    pageErrors.push(asAdmin.errors, asCashier.errors)
  })

  afterAll(async () => {
    try {
      await closeTillInBrowser(session)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('a cashier has no 管理 entry, and an admin page opened anyway shows FORBIDDEN', async () => {
    await admin.getByRole('button', { name: '管理', exact: true }).waitFor()
    expect(await cashier.getByRole('button', { name: '管理', exact: true }).count()).toBe(0)
    await cashier.evaluate(
      () => ((globalThis as unknown as { location: { hash: string } }).location.hash = '#/admin/staff'),
    )
    const alert = cashier.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('当前账号无权进行此操作。')
    await cashier.evaluate(() => ((globalThis as unknown as { location: { hash: string } }).location.hash = ''))
    await cashier.getByRole('button', { name: '收银', exact: true }).click()
    await cashier.getByLabel('扫码或搜索商品').waitFor()
  })

  it('adds goods with a new barcode; it appears in the list', async () => {
    await admin.getByRole('button', { name: '管理', exact: true }).click()
    await admin.getByRole('tab', { name: '商品与库存' }).waitFor()
    await admin.locator('tr[data-barcode]').first().waitFor()
    await admin.getByRole('button', { name: '+ 新增商品' }).click()
    const dialog = admin.getByRole('dialog', { name: '新增商品' })
    await dialog.getByLabel('商品名称').fill(GOODS)
    await dialog.getByLabel('规格名称').fill(SKU)
    await dialog.getByLabel('条码').fill(BARCODE)
    await dialog.getByLabel('单位').fill('袋')
    await dialog.getByLabel('价格（元）').fill('abc')
    await dialog.getByRole('button', { name: '保存' }).click()
    // The amount is checked before anything is sent.
    await dialog.getByText('请输入金额，例如 12.50').waitFor()
    await dialog.getByLabel('价格（元）').fill('6.80')
    await dialog.getByRole('button', { name: '保存' }).click()
    await admin.getByText(`已新增商品：${GOODS}`).waitFor()
    expect(await dialog.count()).toBe(0)
    await row(admin, BARCODE).waitFor()
    expect(await row(admin, BARCODE).textContent()).toContain(SKU)
    expect(await row(admin, BARCODE).getByTestId('sku-price').textContent()).toContain('¥6.80')
    expect(await row(admin, BARCODE).getByTestId('sku-stock').textContent()).toBe('0')
    expect(await row(admin, BARCODE).getByRole('switch').isChecked()).toBe(true)
  })

  it('receives +10; a damage of more than the stock is refused with INSUFFICIENT_STOCK and nothing changes', async () => {
    await row(admin, BARCODE)
      .getByRole('button', { name: `调整库存 ${SKU}` })
      .click()
    let dialog = admin.getByRole('dialog', { name: `调整库存：${SKU}` })
    await dialog.getByRole('radio', { name: '进货入库' }).check()
    await dialog.getByLabel('数量').fill('10')
    await dialog.getByLabel('备注').fill('供应商 A 批次 7')
    await dialog.getByRole('button', { name: '确认调整' }).click()
    await expect.poll(() => row(admin, BARCODE).getByTestId('sku-stock').textContent()).toBe('10')

    await row(admin, BARCODE)
      .getByRole('button', { name: `调整库存 ${SKU}` })
      .click()
    dialog = admin.getByRole('dialog', { name: `调整库存：${SKU}` })
    await dialog.getByRole('radio', { name: '报损' }).check()
    await dialog.getByLabel('数量').fill('11')
    await dialog.getByRole('button', { name: '确认调整' }).click()
    const alert = dialog.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('库存不足：仅剩 10。')
    await dialog.getByRole('button', { name: '取消' }).click()
    expect(await row(admin, BARCODE).getByTestId('sku-stock').textContent()).toBe('10')
    const listed = await callPos<Ok<{ skus: { barcode: string; stock: number }[] }>>(admin, 'goods.list', {
      query: BARCODE,
    })
    expect(listed.data.skus.find((s) => s.barcode === BARCODE)?.stock).toBe(10)

    // The history shows the one move that happened.
    await row(admin, BARCODE)
      .getByRole('button', { name: `库存记录 ${SKU}` })
      .click()
    dialog = admin.getByRole('dialog', { name: `库存记录：${SKU}` })
    const moves = dialog.getByTestId('stock-moves').locator('tbody tr')
    await expect.poll(() => moves.count()).toBe(1)
    expect(await moves.first().textContent()).toContain('进货入库')
    expect(await moves.first().textContent()).toContain('+10')
    expect(await moves.first().textContent()).toContain('供应商 A 批次 7')
    await admin.keyboard.press('Escape')
    expect(await dialog.count()).toBe(0)
  })

  it('changes the price; the cashier scanning the barcode sells at the new price', async () => {
    await row(admin, BARCODE)
      .getByRole('button', { name: `编辑 ${SKU}` })
      .click()
    const dialog = admin.getByRole('dialog', { name: `编辑商品：${SKU}` })
    await dialog.getByLabel('价格（元）').fill('12.80')
    await dialog.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => row(admin, BARCODE).getByTestId('sku-price').textContent()).toContain('¥12.80')
    // Show the whole first page for the screenshot.
    await admin.getByLabel('搜索商品').fill('')
    await admin.getByRole('button', { name: '查询' }).click()
    await expect.poll(() => admin.locator('tr[data-barcode]').count()).toBeGreaterThan(1)
    await admin.screenshot({ path: join(screenshotDir, 'admin-goods.png') })

    const scan = cashier.getByLabel('扫码或搜索商品')
    await scan.fill(BARCODE)
    await scan.press('Enter')
    await expect.poll(() => cashier.getByTestId('cart-total').textContent()).toBe('¥12.80')
    expect(await cashier.locator('.cart-lines').textContent()).toContain(SKU)
  })

  it('adds a cashier; deactivated they cannot log in, reactivated they can', async () => {
    await admin.getByRole('tab', { name: '员工' }).click()
    await staffRow(admin, 'cashier').waitFor()
    await admin.getByLabel('用户名', { exact: true }).fill('x')
    await admin.getByLabel('密码', { exact: true }).fill('short')
    await admin.getByRole('button', { name: '添加', exact: true }).click()
    await admin.getByText('2–64 位字母、数字或 _ . -', { exact: true }).waitFor()
    await admin.getByText('至少 8 位', { exact: true }).waitFor()

    await admin.getByLabel('用户名', { exact: true }).fill('xiaoli')
    await admin.getByLabel('密码', { exact: true }).fill('xiaoli-pass-1')
    await admin.getByLabel('角色').selectOption('cashier')
    await admin.getByRole('button', { name: '添加', exact: true }).click()
    await staffRow(admin, 'xiaoli').waitFor()
    expect(await staffRow(admin, 'xiaoli').getByTestId('staff-status').textContent()).toBe('启用')
    // An admin cannot deactivate themself.
    expect(await staffRow(admin, 'admin').getByRole('button', { name: '停用 admin' }).isDisabled()).toBe(true)

    await staffRow(admin, 'xiaoli').getByRole('button', { name: '停用 xiaoli' }).click()
    await expect.poll(() => staffRow(admin, 'xiaoli').getByTestId('staff-status').textContent()).toBe('已停用')
    await admin.screenshot({ path: join(screenshotDir, 'admin-staff.png') })

    const other = await browser!.newPage({ viewport: { width: 1000, height: 700 } })
    pageErrors.push(watchPageErrors(other))
    await other.goto(till!.url)
    await submitLogin(other, 'xiaoli', 'xiaoli-pass-1')
    const alert = other.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('用户名或密码错误。')

    await staffRow(admin, 'xiaoli').getByRole('button', { name: '启用 xiaoli' }).click()
    await expect.poll(() => staffRow(admin, 'xiaoli').getByTestId('staff-status').textContent()).toBe('启用')
    await other.getByRole('button', { name: '登录' }).click()
    await other.getByText('已登录：xiaoli').waitFor()
    // A cashier: no 管理.
    expect(await other.getByRole('button', { name: '管理', exact: true }).count()).toBe(0)

    // 全部下线: logged out everywhere by the admin, her very next call brings the login form back.
    await staffRow(admin, 'xiaoli').getByRole('button', { name: '全部下线 xiaoli' }).click()
    await admin.getByText('xiaoli 已在所有收银台退出登录（本人当前的登录除外）。').waitFor()
    await other.getByRole('button', { name: '订单', exact: true }).click()
    await other.getByRole('button', { name: '登录' }).waitFor()
    await other.close()
  })

  it('the day report shows an order paid now in this hour and under its payment method', async () => {
    const search = await callPos<Ok<{ skus: { id: number; stock: number }[] }>>(admin, 'catalog.search', {
      query: '',
      limit: 20,
    })
    const skuIds = search.data.skus.filter((s) => s.stock > 20).map((s) => s.id)
    expect(skuIds.length).toBeGreaterThanOrEqual(3)
    type Report = {
      paidOrders: number
      byHour: { hour: number; salesFen: number }[]
      byPayMethod: { payMethod: number; salesFen: number }[]
    }
    const before = (await callPos<Ok<Report>>(admin, 'reports.day', {})).data
    const cash = await placeOrder(admin, [skuIds[0]!, skuIds[1]!], 1)
    const card = await placeOrder(admin, [skuIds[2]!], 4)

    // Payments land with the payments work (others are building it); until then the test marks
    // the unpaid orders paid directly in the demo store: status 1 → 4 (a pickup order then waits
    // for its review), paid in full now, with the payment method the order was placed with.
    const now = Date.now()
    const db = new Database(dbFile)
    try {
      db.pragma('busy_timeout = 5000')
      const markPaid = db.prepare(
        'UPDATE order_info SET status = 4, paid_fen = pay_fen, paid_at = ?, updated_at = ? WHERE order_no = ? AND status = 1',
      )
      for (const order of [cash, card]) expect(markPaid.run(now, now, order.orderNo).changes).toBe(1)
    } finally {
      db.close()
    }
    const hour = new Date(now).getHours() // TZ=Asia/Shanghai here, in the server and in Chromium
    const hourFen = (r: Report) => r.byHour.find((h) => h.hour === hour)?.salesFen ?? 0
    const methodFen = (r: Report, m: number) => r.byPayMethod.find((p) => p.payMethod === m)?.salesFen ?? 0

    await admin.getByRole('tab', { name: '报表' }).click()
    const hourBar = admin.locator(`[data-testid="hour-bar"][data-hour="${hour}"]`)
    await hourBar.waitFor()
    await expect.poll(() => admin.getByTestId('report-orders').textContent()).toBe(String(before.paidOrders + 2))
    expect(await hourBar.getAttribute('data-sales-fen')).toBe(String(hourFen(before) + cash.payFen + card.payFen))
    const cashBar = admin.locator('[data-testid="pay-method-bar"][data-pay-method="1"]')
    const cardBar = admin.locator('[data-testid="pay-method-bar"][data-pay-method="4"]')
    expect(await cashBar.getAttribute('data-sales-fen')).toBe(String(methodFen(before, 1) + cash.payFen))
    expect(await cardBar.getAttribute('data-sales-fen')).toBe(String(methodFen(before, 4) + card.payFen))
    // Another hour holds none of it.
    const otherHour = (hour + 12) % 24
    const otherBefore = before.byHour.find((h) => h.hour === otherHour)?.salesFen ?? 0
    expect(
      await admin.locator(`[data-testid="hour-bar"][data-hour="${otherHour}"]`).getAttribute('data-sales-fen'),
    ).toBe(String(otherBefore))
    expect(await admin.getByTestId('top-skus').locator('tbody tr').count()).toBeGreaterThanOrEqual(3)
    await admin.screenshot({ path: join(screenshotDir, 'admin-reports.png'), fullPage: true })
    // The day's Alipay bill, fetched from the demo's sandbox: no Alipay trade was made in this store
    // today, so the bill and the shop's records agree, and the screen says so.
    await admin.getByRole('button', { name: '核对当天账单' }).click()
    const billSummary = admin.getByTestId('bill-match-summary')
    await billSummary.waitFor()
    expect(await billSummary.textContent()).toMatch(/^\d{4}-\d{2}-\d{2}：账单 0 笔付款、0 笔退款，与门店记录一致。$/)
    // The same report in English.
    await admin.getByRole('button', { name: 'English' }).click()
    await admin.getByRole('heading', { name: 'By payment method' }).waitFor()
    expect(await admin.getByRole('tab', { name: 'Reports' }).getAttribute('aria-selected')).toBe('true')
    await admin.getByRole('button', { name: '中文' }).click()
    await admin.getByRole('heading', { name: '按支付方式' }).waitFor()
  })

  it('settings: refused values are shown at their field; freight ¥6.00 reaches the delivery quote', async () => {
    await admin.getByRole('tab', { name: '设置', exact: true }).click()
    await admin.getByLabel('运费（元）', { exact: true }).waitFor()
    await admin.getByLabel('未支付订单保留（分钟）').fill('0')
    await admin.getByRole('button', { name: '保存' }).click()
    await admin.getByText('请输入 1–10080 之间的整数').waitFor()
    expect(await admin.getByLabel('未支付订单保留（分钟）').getAttribute('aria-invalid')).toBe('true')
    expect(await admin.getByRole('alert').textContent()).toBe('请修正标红的输入项。')

    await admin.getByLabel('未支付订单保留（分钟）').fill('15')
    await admin.getByLabel('运费（元）', { exact: true }).fill('6.00')
    await admin.getByRole('button', { name: '保存' }).click()
    await admin.getByText('设置已保存。').waitFor()
    expect(await admin.getByLabel('运费（元）', { exact: true }).inputValue()).toBe('6.00')
    await admin.screenshot({ path: join(screenshotDir, 'admin-settings.png') })

    // The cashier's cart holds the spinach (¥12.80), well under the free-freight threshold.
    await cashier.getByLabel('会员手机号').fill('13800138000')
    await cashier.getByLabel('会员手机号').press('Enter')
    await cashier.getByText('会员：李娜 13800138000').waitFor()
    await cashier.getByRole('button', { name: '送货单' }).click()
    await cashier.getByTestId('quote-pay').waitFor()
    await cashier.getByRole('radio', { name: '送货上门' }).check()
    await expect.poll(() => cashier.getByTestId('quote-freight').textContent()).toBe('¥6.00')
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(pageErrors.flat()).toEqual([])
  })
})
