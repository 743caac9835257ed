// The till service stops in the middle of a session (a crash, an update, a pulled cable) and
// comes back on the same port and data. On the sell, checkout and orders screens the cashier
// sees at once that it did not answer — no spinner left turning, no stale "added" notice — and
// the screen works again once it is back: sessions live in the store, not in the service, so the
// retry goes through on the same session — no login form — and the sale goes on.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshotDir, serveDemoTill, type ServedTill } from './harness'
import { openStaffPage } from './session'

const UNREACHABLE = '收银服务没有应答，请确认它在运行后重试。'
const APPLE = '红富士苹果 一个'

describe('the till service stops mid-session and comes back (browser, pos serve, demo store)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-e2e-restart-'))
  let till: ServedTill | undefined
  let port = 0
  let browser: Browser | undefined
  let page: Page
  let pageErrors: string[]

  async function stopServer() {
    expect(await till?.stop()).toBe(0)
    till = undefined
  }

  async function startServer() {
    till = await serveDemoTill({ POS_DATA_DIR: dataDir }, port)
  }

  beforeAll(async () => {
    till = await serveDemoTill({ POS_DATA_DIR: dataDir })
    port = Number(new URL(till.url).port)
    browser = await launchChromium()
    ;({ page, errors: pageErrors } = await openStaffPage(browser, till.url, 'cashier', {
      viewport: { width: 1366, height: 768 },
    }))
  })

  afterAll(async () => {
    await browser?.close()
    await till?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('sell: a failed add replaces the "+1" notice with the error; after the restart adding works again', async () => {
    const apple = page.locator('.goods-card', { hasText: APPLE })
    await apple.click()
    await page.locator('.notice', { hasText: `+1 ${APPLE}` }).waitFor()

    await stopServer()
    await apple.click()
    await page.getByRole('alert').filter({ hasText: UNREACHABLE }).waitFor()
    expect(await page.locator('.notice').count()).toBe(0)
    expect(await page.getByTestId('cart-count').textContent()).toBe('1')
    await page.screenshot({ path: join(screenshotDir, 'server-stopped-sell.png') })

    await startServer()
    await apple.click()
    await page.locator('.notice', { hasText: `+1 ${APPLE}` }).waitFor()
    expect(await page.getByTestId('cart-count').textContent()).toBe('2')
    expect(await page.getByRole('button', { name: '登录' }).count()).toBe(0)
    expect(await page.getByRole('alert').count()).toBe(0)
  })

  it('a scan while the service is down: connection lost at once, the code kept, and the same sale goes on after the restart', async () => {
    const banner = page.getByTestId('connection-lost')
    const scanField = page.getByLabel('扫码或搜索商品')
    const countBefore = Number(await page.getByTestId('cart-count').textContent())

    await stopServer()
    // Nobody does anything: the heartbeat notices.
    await banner.waitFor()
    expect(await banner.textContent()).toContain('收银服务没有应答')
    await scanField.fill('6920000000001')
    await scanField.press('Enter')
    await page.getByRole('alert').filter({ hasText: UNREACHABLE }).waitFor()
    expect(await page.locator('.notice').count()).toBe(0)
    // The scan waits in the field instead of being lost.
    expect(await scanField.inputValue()).toBe('6920000000001')
    await page.screenshot({ path: join(screenshotDir, 'server-stopped-scan.png') })

    await startServer()
    // Back by itself: the bar goes, no login form, the scan still there for Enter.
    await banner.waitFor({ state: 'detached' })
    expect(await page.getByRole('button', { name: '登录' }).count()).toBe(0)
    await scanField.press('Enter')
    await page.locator('.notice', { hasText: `+1 ${APPLE}` }).waitFor()
    expect(Number(await page.getByTestId('cart-count').textContent())).toBe(countBefore + 1)
  })

  it('a service that hangs (stopped, not gone): connection lost while waiting, gone when it wakes', async () => {
    const banner = page.getByTestId('connection-lost')
    till!.signal('SIGSTOP')
    try {
      await banner.waitFor()
    } finally {
      till!.signal('SIGCONT')
    }
    await banner.waitFor({ state: 'detached' })
    expect(await page.getByRole('button', { name: '登录' }).count()).toBe(0)
  })

  it('checkout: the submit ends with the error and can be sent again; after the restart the order is placed', async () => {
    await page.getByRole('button', { name: '送货单' }).click()
    await page.getByTestId('quote-pay').waitFor()
    const submit = page.getByRole('button', { name: '提交订单' })

    await stopServer()
    await submit.click()
    await page.getByRole('alert').filter({ hasText: UNREACHABLE }).waitFor()
    // Not left on 正在提交…: the button is back and can be pressed again.
    expect(await submit.isEnabled()).toBe(true)
    expect(await page.getByText('正在提交…').count()).toBe(0)

    await startServer()
    await submit.click()
    await page.getByRole('heading', { name: '订单已提交' }).waitFor()
  })

  it('orders: a list that cannot be read shows the error with 重试, which reads it again once the server is back', async () => {
    await page.getByRole('button', { name: '订单', exact: true }).click()
    await page.locator('.order-row').first().waitFor()

    await stopServer()
    await page.getByRole('tab', { name: '待支付' }).click()
    const alert = page.getByRole('alert').filter({ hasText: UNREACHABLE })
    await alert.waitFor()
    expect(await page.getByText('正在加载…').count()).toBe(0)
    await page.screenshot({ path: join(screenshotDir, 'server-stopped-orders.png') })

    await startServer()
    await page.getByRole('button', { name: '重试' }).click()
    await page.locator('.order-row').first().waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
  })

  it('全部下线 in the bar: unanswered, it says so there and the till stays logged in; then it logs out', async () => {
    const everywhere = page.getByRole('button', { name: '全部下线' })
    await stopServer()
    await everywhere.click()
    await page.locator('.topbar').getByRole('alert').filter({ hasText: UNREACHABLE }).waitFor()
    expect(await page.getByRole('button', { name: '登录' }).count()).toBe(0)
    await page.screenshot({ path: join(screenshotDir, 'server-stopped-logout-everywhere.png') })

    await startServer()
    await everywhere.click()
    await page.getByRole('button', { name: '登录' }).waitFor()
  })

  it('ran without script errors (failed requests while the server was down are expected)', () => {
    expect(pageErrors.filter((e) => e.startsWith('page error'))).toEqual([])
  })
})
