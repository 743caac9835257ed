// A cashier's PIN in a real browser, through `pos serve` on a fresh demo store: the admin gives
// the demo cashier a PIN for this till (员工 → 设置 PIN), and the cashier logs in at the login
// screen with the keyboard only — user name, F2 for the PIN, the PIN, Enter.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { openPage, openStaffPage, type StaffPage } from './session'

const PIN = '2580'
const staffRow = (page: Page, username: string) => page.locator(`tr[data-username="${username}"]`)

describe('PIN login (browser, pos serve, demo store)', () => {
  let session: TillInBrowser | undefined
  let admin: StaffPage
  let till: StaffPage

  beforeAll(async () => {
    session = await openTillInBrowser()
    admin = await openStaffPage(session.browser, session.till.url, 'admin')
    till = await openPage(session.browser, session.till.url, { viewport: { width: 1366, height: 768 } })
  })
  afterAll(() => closeTillInBrowser(session))

  it('an admin sets the cashier’s PIN for this till in 员工; an admin has no 设置 PIN', async () => {
    const page = admin.page
    await page.getByRole('button', { name: '管理', exact: true }).click()
    await page.getByRole('tab', { name: '员工' }).click()
    await staffRow(page, 'cashier').waitFor()
    expect(await staffRow(page, 'cashier').getByTestId('staff-pin').textContent()).toBe('无')
    expect(await staffRow(page, 'admin').getByRole('button', { name: '设置 PIN admin' }).count()).toBe(0)

    await staffRow(page, 'cashier').getByRole('button', { name: '设置 PIN cashier' }).click()
    const dialog = page.getByRole('dialog')
    // The focus starts in the PIN field; this till's id is already there.
    await page.keyboard.type('1234')
    expect(await dialog.getByLabel('可用 PIN 的收银台').inputValue()).toBe('T1')
    await page.keyboard.press('Enter')
    expect(await dialog.getByRole('alert').textContent()).toBe('这个 PIN 太容易猜（同一个数字或连续数字），请换一个。')

    await dialog.getByLabel('新 PIN').fill(PIN)
    await page.keyboard.press('Enter')
    await page.getByText('已设置 cashier 的 PIN，其所有登录已退出。').waitFor()
    expect(await staffRow(page, 'cashier').getByTestId('staff-pin').textContent()).toBe('T1')
    await page.screenshot({ path: join(screenshotDir, 'admin-staff-pin.png') })
  })

  it('the cashier logs in with user name and PIN, keyboard only: F2, the PIN, Enter', async () => {
    const page = till.page
    await page.getByLabel('用户名').waitFor()
    await page.keyboard.type('cashier')
    await page.keyboard.press('F2')
    // The PIN field takes the focus; a wrong PIN is refused at once.
    await page.getByLabel('PIN', { exact: true }).waitFor()
    await page.keyboard.type('9731')
    await page.keyboard.press('Enter')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('用户名或 PIN 错误。')

    await page.getByLabel('PIN', { exact: true }).fill('')
    await page.keyboard.type(PIN)
    await page.screenshot({ path: join(screenshotDir, 'login-pin.png') })
    await page.keyboard.press('Enter')
    await page.getByText('已登录：cashier，收银台 T1').waitFor()
  })

  it('after logging out the form asks for the password again; F2 switches to the PIN and back', async () => {
    const page = till.page
    await page.getByRole('button', { name: '退出' }).click()
    await page.getByLabel('密码').waitFor()
    await page.keyboard.press('F2')
    await page.getByLabel('PIN', { exact: true }).waitFor()
    expect(await page.getByRole('button', { name: /改用密码/ }).isVisible()).toBe(true)
    await page.keyboard.press('F2')
    await page.getByLabel('密码').waitFor()
    expect(await page.getByRole('button', { name: /改用 PIN/ }).isVisible()).toBe(true)
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(admin.errors).toEqual([])
    expect(till.errors).toEqual([])
  })
})
