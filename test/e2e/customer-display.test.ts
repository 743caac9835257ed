// The customer display while an Alipay QR code is shown: the code and the amount, and once the
// code's time is up, a plain "expired" instead of a code that can no longer be paid. The display's
// clock is driven by the test; the cashier's window runs in real time.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser, watchPageErrors } from './harness'
import { openStaffPage, placeWith, scan } from './session'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50

describe('customer display: an expired QR code says so (browser)', () => {
  let session: TillInBrowser | undefined
  let cashier: Page
  let display: Page
  const pageErrors: string[][] = []

  beforeAll(async () => {
    session = await openTillInBrowser()
    const { till, browser } = session
    const opened = await openStaffPage(browser, till.url, 'cashier', { viewport: { width: 1366, height: 768 } })
    cashier = opened.page
    pageErrors.push(opened.errors)
    display = await opened.context.newPage()
    await display.setViewportSize({ width: 1366, height: 768 })
    pageErrors.push(watchPageErrors(display))
    await display.clock.install()
    await display.goto(`${till.url}#/customer`)
    await display.getByText('欢迎光临').first().waitFor()
    await cashier.bringToFront()
  })

  afterAll(() => closeTillInBrowser(session))

  it('shows the QR while it can be paid, then that it expired', async () => {
    await scan(cashier, APPLE)
    await placeWith(cashier, '支付宝')
    await cashier.getByTestId('pay-qr').waitFor()

    await display.getByTestId('customer-qr').waitFor()
    expect(await display.getByTestId('customer-qr-expired').count()).toBe(0)
    // The code lasts 5 minutes.
    await display.clock.fastForward('05:02')
    const expired = display.getByTestId('customer-qr-expired')
    await expired.waitFor()
    expect(await expired.textContent()).toBe(
      '收款码已过期，请稍候，收银员将为您重新生成The payment code has expired. The cashier will make a new one.',
    )
    expect(await display.getByTestId('customer-qr').count()).toBe(0)
    expect(await display.getByTestId('customer-due').textContent()).toBe('¥3.50')
    await display.screenshot({ path: join(screenshotDir, 'customer-display-expired.png') })
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    // The display's clock jumps 5 minutes at once: a heartbeat in flight at that instant meets its
    // own deadline and the page aborts it itself. Any other failure counts.
    const [cashierErrors = [], displayErrors = []] = pageErrors
    const abortedByTheJump = (e: string) => /^request failed: \S+\/api\/app\.ping net::ERR_ABORTED$/.test(e)
    expect([...cashierErrors, ...displayErrors.filter((e) => !abortedByTheJump(e))]).toEqual([])
  })
})
