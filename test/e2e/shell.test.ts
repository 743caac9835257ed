// What surrounds the screens, in a real browser through `pos serve`: the tab's icon, the language
// picked on this till surviving a reload, and where an admin learns the customer display's address.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { logIn, openPage } from './session'

describe('the app shell (browser, pos serve, demo store)', () => {
  let session: TillInBrowser | undefined
  let page: Page
  let pageErrors: string[]

  beforeAll(async () => {
    session = await openTillInBrowser()
    ;({ page, errors: pageErrors } = await openPage(session.browser, session.till.url, {
      viewport: { width: 1366, height: 768 },
    }))
  })
  afterAll(() => closeTillInBrowser(session))

  it('serves the icon the page names', async () => {
    const href = await page.locator('link[rel="icon"]').getAttribute('href')
    expect(href).toBe('./favicon.svg')
    const icon = await fetch(new URL(href as string, session!.till.url))
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    expect(await icon.text()).toMatch(/^<svg /)
  })

  it('keeps the language picked on this screen after a reload, before and after login', async () => {
    await page.getByRole('button', { name: '登录' }).waitFor()
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    await page.reload()
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    expect(await page.getByRole('button', { name: '中文' }).isVisible()).toBe(true)

    // Back to Chinese for the rest, kept the same way.
    await page.getByRole('button', { name: '中文' }).click()
    await page.reload()
    await page.getByRole('button', { name: '登录' }).waitFor()
  })

  it("shows admins the customer display's address on this till's page", async () => {
    await logIn(page, 'admin')
    await page.getByRole('button', { name: '管理' }).click()
    await page.getByRole('tab', { name: '本机设置' }).click()
    const box = page.getByTestId('customer-display-address')
    await box.waitFor()
    const address = `${session!.till.url.replace(/\/$/, '')}/#/customer`
    expect(await box.locator('code').textContent()).toBe(address)
    await page.screenshot({ path: join(screenshotDir, 'admin-customer-display.png') })

    // The address is the display: opened in another window of the same browser, it greets.
    const display = await page.context().newPage()
    await display.goto(address)
    await display.getByText('欢迎光临').waitFor()
    await display.close()
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(pageErrors).toEqual([])
  })
})
