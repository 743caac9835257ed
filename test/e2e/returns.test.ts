// A return of one line in a real browser (docs/RETURNS.md): a cash sale of apples and weighed
// tomatoes; on the order's detail R opens the return, one apple comes back to the shelf and half
// the tomatoes as a loss; the cashier is told the cash to hand back, the order shows the refund,
// and a second try for more apples than are left is refused with what is left.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { callPos, isFocused, logIn, type Ok, openPage, openStaffPage, placeWith, scan } from './session'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50
const TOMATOES = '6920000000010' // 西红柿, ¥5.20 / 斤, sold by weight

describe('a return of one line (browser, pos serve, demo store)', () => {
  let session: TillInBrowser | undefined
  let page: Page
  let errors: string[] = []
  let orderNo = ''
  let applesBefore = 0

  beforeAll(async () => {
    session = await openTillInBrowser()
    ;({ page, errors } = await openPage(session.browser, session.till.url, { viewport: { width: 1366, height: 768 } }))
    await logIn(page, 'cashier')
  })

  afterAll(() => closeTillInBrowser(session))

  it('a cash sale of three apples and 1.000 斤 of tomatoes', async () => {
    await scan(page, APPLE, 3)
    const input = page.getByLabel('扫码或搜索商品')
    await input.fill(TOMATOES)
    await input.press('Enter')
    await page.getByLabel('重量（斤）').fill('1')
    await page.getByLabel('重量（斤）').press('Enter')
    await page.getByTestId('weighed-line').first().waitFor()
    orderNo = await placeWith(page, '现金')
    await page.getByLabel('实收（元）').fill('20')
    await page.getByLabel('实收（元）').press('Enter')
    await page.getByTestId('pay-paid').waitFor()
    const apple = await callPos<Ok<{ stock: number }>>(page, 'catalog.byBarcode', { barcode: APPLE })
    applesBefore = apple.data.stock
  })

  it('R on the order detail: one apple back to stock, half the tomatoes a loss; the cash to hand back is shown', async () => {
    await page.getByRole('button', { name: '订单', exact: true }).click()
    await page.getByLabel('订单号').fill(orderNo)
    await page.getByLabel('订单号').press('Enter')
    await page
      .locator(`.order-row[data-order-no="${orderNo}"]`)
      .getByRole('button', { name: `详情 ${orderNo}` })
      .click()
    await page.getByRole('heading', { name: '订单详情' }).waitFor()
    await page.locator('body').click({ position: { x: 5, y: 300 } })
    await page.keyboard.press('r')
    const apples = page.getByLabel('退回数量：红富士苹果 一个')
    await apples.waitFor()
    expect(await isFocused(apples)).toBe(true)
    await page.keyboard.type('1')
    await page.getByLabel('退回数量：西红柿').fill('0.5')
    await page.getByLabel('报损：西红柿').check()
    await page.screenshot({ path: join(screenshotDir, 'order-return.png') })
    await page.getByLabel('退回数量：西红柿').press('Enter')
    const done = page.getByTestId('return-done')
    await done.waitFor()
    // ¥3.50 for the apple and half of ¥5.20 for the tomatoes, all in cash.
    expect(await done.textContent()).toBe('已退货，退款 ¥6.10。 请从钱箱退给顾客现金 ¥6.10。')
    await expect.poll(() => page.getByTestId('detail-refunded').textContent()).toBe('¥6.10')
    await page.getByTestId('timeline').getByText('已退货').waitFor()
    const apple = await callPos<Ok<{ stock: number }>>(page, 'catalog.byBarcode', { barcode: APPLE })
    expect(apple.data.stock).toBe(applesBefore + 1)
  })

  it('more apples than are left is refused with what may still come back', async () => {
    await page.locator('body').click({ position: { x: 5, y: 300 } })
    await page.keyboard.press('r')
    await page.getByLabel('退回数量：红富士苹果 一个').fill('3')
    await page.getByLabel('退回数量：红富士苹果 一个').press('Enter')
    await page.getByText('退货超过可退数量：红富士苹果 一个 最多还能退 2。').waitFor()
    await expect.poll(() => page.getByTestId('detail-refunded').textContent()).toBe('¥6.10')
    expect(errors).toEqual([])
  })

  it('an admin takes back two apples without an order: today\u2019s price in cash, the reason required', async () => {
    const { page: admin, errors: adminErrors } = await openStaffPage(session!.browser, session!.till.url, 'admin', {
      viewport: { width: 1366, height: 768 },
    })
    await admin.getByRole('button', { name: '管理', exact: true }).click()
    await admin.getByLabel('搜索商品').fill(APPLE)
    await admin.getByLabel('搜索商品').press('Enter')
    const row = admin.locator(`tr[data-barcode="${APPLE}"]`)
    await row.getByRole('button', { name: '无单退货：红富士苹果 一个' }).click()
    const dialog = admin.getByRole('dialog', { name: '无单退货：红富士苹果 一个' })
    await dialog.getByLabel('数量').fill('2')
    expect(await dialog.getByTestId('return-amount').textContent()).toBe('退给顾客现金 ¥7.00')
    await dialog.getByRole('button', { name: '确认退货' }).click()
    await dialog.getByText('无单退货必须写明原因。').waitFor()
    await dialog.getByLabel('退款原因').fill('顾客没有小票')
    await dialog.getByRole('button', { name: '确认退货' }).click()
    await admin.getByText('红富士苹果 一个：已退货，请从钱箱退现金 ¥7.00。').waitFor()
    const apple = await callPos<Ok<{ stock: number }>>(admin, 'catalog.byBarcode', { barcode: APPLE })
    expect(apple.data.stock).toBe(applesBefore + 3)
    expect(adminErrors).toEqual([])
  })
})
