// The login screen in a real browser, through `pos serve` on a fresh demo store: what a cashier
// sees first, a wrong password, a login, and the session token the page's window.pos keeps.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type { PosApi } from '../../src-shared/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { openPage } from './session'

describe('login page (browser, pos serve, demo store)', () => {
  let session: TillInBrowser | undefined
  let page: Page
  let pageErrors: string[]

  beforeAll(async () => {
    session = await openTillInBrowser()
    ;({ page, errors: pageErrors } = await openPage(session.browser, session.till.url, {
      viewport: { width: 1024, height: 640 },
    }))
  })

  afterAll(() => closeTillInBrowser(session))

  it('says DEMO and SANDBOX and shows the demo staff and password', async () => {
    const banner = page.locator('.demo-banner')
    await banner.waitFor()
    const text = await banner.textContent()
    expect(text).toContain('演示模式 DEMO')
    expect(text).toContain('演示账号：cashier / admin，密码 demo1234')
    // Demo mode pays against the built-in sandbox: the login screen says so too.
    expect(await page.getByTestId('sandbox-banner').textContent()).toBe(
      '支付宝沙箱 SANDBOX — 支付宝付款不是真实交易，不会收到钱',
    )
    expect(await page.getByRole('button', { name: '登录' }).isVisible()).toBe(true)
    await page.screenshot({ path: join(screenshotDir, 'login.png') })
  })

  it('shows the LOGIN_FAILED message for a wrong password', async () => {
    await page.getByLabel('用户名').fill('cashier')
    await page.getByLabel('密码').fill('not-the-password')
    await page.getByRole('button', { name: '登录' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('用户名或密码错误。')
    await page.screenshot({ path: join(screenshotDir, 'login-failed.png') })
  })

  it('logs the cashier in and shows who is logged in at which till', async () => {
    await page.getByLabel('密码').fill('demo1234')
    await page.getByRole('button', { name: '登录' }).click()
    const line = page.getByText('已登录：cashier，收银台 T1')
    await line.waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
    await page.screenshot({ path: join(screenshotDir, 'logged-in.png') })
  })

  it("keeps the session token inside window.pos: later calls are the cashier's until logout", async () => {
    const calls = await page.evaluate(async () => {
      const pos = (globalThis as unknown as { pos: PosApi }).pos
      const me = await pos['auth.me']({})
      const forbidden = await pos['staff.list']({})
      const logout = await pos['auth.logout']({})
      const afterLogout = await pos['auth.me']({})
      return { me, forbidden, logout, afterLogout }
    })
    expect(calls.me).toMatchObject({ ok: true, data: { username: 'cashier', role: 'cashier', tillId: 'T1' } })
    expect(calls.forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(calls.logout).toEqual({ ok: true, data: null })
    expect(calls.afterLogout).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } })
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(pageErrors).toEqual([])
  })
})
