// A discounted sale in a real browser at 1366×768, keyboard first (docs/DISCOUNTS.md): 3* apples,
// F5 a line discount of 15 %, F12 抹零, the figures the server worked out on the cart side; F9
// asks for an admin because 15 % is above the cashier's 10 %; a wrong password is refused in the
// dialog, the admin's own is taken, and the pay screen asks for what was shown.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { callPos, isFocused, logInByKeys, type Ok, openPage } from './session'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50

describe('a discounted sale with an admin approval (browser, pos serve, demo store)', () => {
  let session: TillInBrowser | undefined
  let page: Page
  let pageErrors: string[]

  beforeAll(async () => {
    session = await openTillInBrowser()
    ;({ page, errors: pageErrors } = await openPage(session.browser, session.till.url, {
      viewport: { width: 1366, height: 768 },
    }))
    await logInByKeys(page)
  })

  afterAll(() => closeTillInBrowser(session))

  it('gives 15 % off the apples and 抹零 by keys; the server’s figures show on the cart side', async () => {
    await page.keyboard.type('3*' + APPLE)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('¥10.50')
    await page.keyboard.press('F5')
    const value = page.getByLabel('优惠百分比（10 即 9 折）')
    await value.waitFor()
    expect(await isFocused(value)).toBe(true)
    await page.keyboard.type('15')
    await page.keyboard.press('Enter')
    // 15 % of ¥10.50 is ¥1.575, half up ¥1.58.
    await expect.poll(() => page.getByTestId('sale-discount').textContent()).toBe('-¥1.58')
    await expect.poll(() => page.getByTestId('sale-pay').textContent()).toBe('¥8.92')
    await page.keyboard.press('F12')
    await expect.poll(() => page.getByTestId('sale-round-down').textContent()).toBe('-¥0.02')
    await expect.poll(() => page.getByTestId('sale-pay').textContent()).toBe('¥8.90')
    await page.getByText('超过收银员优惠上限 ¥1.05：收款时需管理员授权').waitFor()
    await page.screenshot({ path: join(screenshotDir, 'sell-discounts.png') })
    for (const key of ['F5', 'F11', 'F12'])
      expect(await page.locator('.sale-keys kbd', { hasText: key }).count()).toBe(1)
  })

  it('F9 asks for an admin; a wrong password is refused in the dialog, the right one places the sale', async () => {
    await page.keyboard.press('F9')
    const dialog = page.getByRole('alertdialog', { name: '管理员授权' })
    await dialog.waitFor()
    expect(await isFocused(page.getByLabel('管理员用户名'))).toBe(true)
    expect(await page.getByTestId('approval-what').textContent()).toBe('优惠 ¥1.58（上限 ¥1.05），应付 ¥8.90')
    await page.keyboard.type('admin')
    await page.keyboard.press('Tab')
    await page.keyboard.type('wrong-password')
    await page.keyboard.press('Enter')
    await dialog.getByText('授权未通过：用户名或密码错误，或该账号不是管理员。').waitFor()
    await page.getByLabel('管理员密码').fill('demo1234')
    await page.screenshot({ path: join(screenshotDir, 'sell-discount-approval.png') })
    await page.keyboard.press('Enter')
    await page.getByTestId('order-pay').waitFor()
    expect(await page.getByTestId('order-pay').textContent()).toBe('¥8.90')
  })

  it('the order keeps the discount on its line and who approved it', async () => {
    const list = await callPos<Ok<{ orders: { id: number; payFen: number }[] }>>(page, 'orders.list', {})
    const placed = list.data.orders[0]
    expect(placed?.payFen).toBe(890)
    const detail = await callPos<
      Ok<{
        lines: { lineFen: number; discountFen: number; netFen: number }[]
        events: { type: string; detail: Record<string, unknown> }[]
      }>
    >(page, 'orders.get', { orderId: placed?.id })
    expect(detail.data.lines.map((l) => [l.lineFen, l.discountFen, l.netFen])).toEqual([[1050, 160, 890]])
    const created = detail.data.events.find((e) => e.type === 'created')
    expect(created?.detail.discounts).toMatchObject({ givenBy: 'cashier', approval: { by: 'admin' } })
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(pageErrors).toEqual([])
  })
})
