// A day at the till in a real browser (docs/SHIFTS.md): the sell screen asks for the float before
// the first sale, cash in on the shift page, the blind close, then the admin's X and Z reports.
// Saves the screenshots of each screen.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { callPos, isFocused, logIn, type Ok, openPage, placeOrder } from './session'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50

describe('a day at the till: open with the float, cash in, blind close, X and Z (browser)', () => {
  let session: TillInBrowser | undefined
  let cashier: Page
  const errors: string[][] = []

  beforeAll(async () => {
    session = await openTillInBrowser()
    const opened = await openPage(session.browser, session.till.url, { viewport: { width: 1366, height: 768 } })
    cashier = opened.page
    errors.push(opened.errors)
    await logIn(cashier, 'cashier', { openShift: false })
  })
  afterAll(() => closeTillInBrowser(session))

  it('asks for the opening float before the first sale: one field and Enter', async () => {
    const float = cashier.getByLabel('备用金（元）')
    await float.waitFor()
    expect(await isFocused(float)).toBe(true)
    await float.fill('200')
    await cashier.screenshot({ path: join(screenshotDir, 'shift-open.png') })
    await cashier.keyboard.press('Enter')
    await cashier.getByLabel('扫码或搜索商品').waitFor()
  })

  it('sells in the shift, puts cash in, closes blind', async () => {
    const sku = (await callPos<Ok<{ id: number }>>(cashier, 'catalog.byBarcode', { barcode: APPLE })).data.id
    const order = await placeOrder(cashier, [sku], 3)
    const paid = await callPos<Ok<unknown>>(cashier, 'payments.payCash', {
      orderId: order.id,
      tenderedFen: 1000,
      idempotencyKey: `e2e_${Date.now()}`,
    })
    expect(paid.ok).toBe(true)
    await cashier.getByRole('button', { name: '班次' }).click()
    await cashier.getByTestId('shift-opened').waitFor()
    await cashier.getByLabel('金额（元）', { exact: true }).fill('50')
    await cashier.getByLabel('原因', { exact: true }).fill('换零钱')
    await cashier.getByRole('button', { name: '记录 (Enter)' }).click()
    await cashier.getByText('换零钱').waitFor()
    const counted = cashier.getByLabel('清点金额（元）')
    await counted.fill('253.00')
    // Blind: nothing on the screen says what the drawer should hold.
    expect(await cashier.getByText('应有', { exact: true }).count()).toBe(0)
    expect(await cashier.locator('body').textContent()).not.toContain('253.50')
    await cashier.screenshot({ path: join(screenshotDir, 'shift-close.png') })
    await counted.press('Enter')
    await cashier.getByText('已交班：清点金额 ¥253.00').waitFor()
  })

  it('the admin reads the X, then takes the Z: numbered, chained, with the drawer and a chart', async () => {
    if (!session) throw new Error('no till')
    const opened = await openPage(session.browser, session.till.url, { viewport: { width: 1366, height: 768 } })
    errors.push(opened.errors)
    const admin = opened.page
    await logIn(admin, 'admin', { openShift: false })
    await admin.getByRole('button', { name: '管理' }).click()
    await admin.getByRole('tab', { name: 'X/Z 日结' }).click()
    await admin.getByRole('button', { name: 'X 报表 (X)' }).click()
    await admin.getByTestId('report-x').waitFor()
    // 200 + 10.00 taken − 6.50 change + 50 in = 253.50; counted 253.00.
    await expect.poll(() => admin.getByTestId('drawer').textContent()).toContain('¥253.50')
    await admin.screenshot({ path: join(screenshotDir, 'report-x.png'), fullPage: true })
    await admin.keyboard.press('z')
    await admin.getByRole('button', { name: '确认日结 (Enter)' }).click()
    await admin.getByTestId('report-z').waitFor()
    expect(await admin.getByTestId('z-hash').textContent()).toMatch(/^[0-9a-f]{64}$/)
    expect(await admin.getByTestId('drawer').textContent()).toContain('-¥0.50')
    await admin.getByTestId('past-z').waitFor()
    await admin.screenshot({ path: join(screenshotDir, 'report-z.png'), fullPage: true })
    expect(errors.flat()).toEqual([])
  })
})
