// What the browser tests do before their steps: a page in its own browser context (its own
// session) on a served till, staff logged in through the login form, and calls to window.pos.
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { watchPageErrors } from './harness'

export type Ok<T> = { ok: true; data: T }

/** Calls window.pos in the page, as the screens do; answers what the method answered. */
export async function callPos<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([m, i]) => {
      const pos = (globalThis as unknown as { pos: Record<string, (x: unknown) => Promise<unknown>> }).pos
      return pos[m]!(i)
    },
    [method, input] as const,
  ) as Promise<T>
}

/** Types a username and password into the login form and presses Enter; does not wait for the answer. */
export async function submitLogin(page: Page, username: string, password = 'demo1234') {
  await page.getByLabel('用户名').waitFor()
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.keyboard.press('Enter')
}

/**
 * Logs a demo staff member in with the keyboard and waits for the header to say so. If the till
 * has no open shift, the sell screen asks for the float first: answered as a cashier starting
 * the day does (0 counted, Enter), unless `openShift` is false.
 */
export async function logIn(page: Page, username: string, { openShift = true } = {}) {
  await submitLogin(page, username)
  await page.getByText(`已登录：${username}`).waitFor()
  if (!openShift) return
  const float = page.getByLabel('备用金（元）')
  const sell = page.getByLabel('扫码或搜索商品')
  await float.or(sell).first().waitFor()
  if (await float.isVisible()) {
    await float.fill('0')
    await page.keyboard.press('Enter')
    await sell.waitFor()
  }
}

export interface StaffPage {
  context: BrowserContext
  page: Page
  /** Filled as errors happen: read it at the end. */
  errors: string[]
}

/** A page in a new browser context (Chinese, 1280×860 unless `options` say otherwise) at the till's URL. */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<StaffPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', ...options })
  const page = await context.newPage()
  const errors = watchPageErrors(page)
  await page.goto(url)
  return { context, page, errors }
}

/** The same page with `username` logged in. */
export async function openStaffPage(
  browser: Browser,
  url: string,
  username: string,
  options: BrowserContextOptions = {},
): Promise<StaffPage> {
  const opened = await openPage(browser, url, options)
  await logIn(opened.page, username)
  return opened
}

/** Places a pickup order for one of each SKU through window.pos (cart, quote, place). */
export async function placeOrder(
  page: Page,
  skuIds: number[],
  payMethod = 1,
): Promise<{ id: number; orderNo: string; payFen: number }> {
  return page.evaluate(
    async ([ids, method]) => {
      const pos = (
        globalThis as unknown as {
          pos: Record<string, (x: unknown) => Promise<{ ok: boolean; data?: unknown; error?: unknown }>>
        }
      ).pos
      for (const skuId of ids) await pos['cart.add']!({ skuId, count: 1 })
      const quote = await pos['orders.quote']!({ skuIds: ids, fulfilment: 'pickup' })
      if (!quote.ok) throw new Error(JSON.stringify(quote.error))
      const placed = await pos['orders.place']!({
        skuIds: ids,
        fulfilment: 'pickup',
        payMethod: method,
        fingerprint: (quote.data as { fingerprint: string }).fingerprint,
        idempotencyKey: crypto.randomUUID().replace(/-/g, ''),
      })
      if (!placed.ok) throw new Error(JSON.stringify(placed.error))
      return placed.data as { id: number; orderNo: string; payFen: number }
    },
    [skuIds, payMethod] as const,
  )
}

/** Whether the element has the keyboard focus (the till is used keyboard first). */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element: { matches(selector: string): boolean }) => element.matches(':focus'))
}

/** Scans a barcode `times` times on the sell screen, as a scanner would: digits then Enter. */
export async function scan(page: Page, barcode: string, times = 1) {
  const input = page.getByLabel('扫码或搜索商品')
  for (let i = 0; i < times; i++) {
    await input.fill(barcode)
    await input.press('Enter')
    await expect.poll(() => input.inputValue()).toBe('')
  }
}

/** From the sell screen with goods in the cart: 送货单 (the submit-order page) → pick the method → 提交订单 → the pay page. */
export async function placeWith(page: Page, method: '支付宝' | '现金' | '银行卡'): Promise<string> {
  await page.getByRole('button', { name: '送货单' }).click()
  await page.getByRole('heading', { name: '提交订单' }).waitFor()
  await page.getByTestId('quote-pay').waitFor()
  expect(await page.getByRole('radio', { name: '到店自提' }).isChecked()).toBe(true)
  await page.getByRole('radio', { name: method }).check()
  await page.getByRole('button', { name: '提交订单' }).click()
  await page.getByRole('heading', { name: '订单已提交' }).waitFor()
  return (await page.getByTestId('order-no').textContent()) ?? ''
}

/**
 * Logs the demo cashier in by keys alone, as at the counter (name, Tab, password, Enter), and
 * answers the day's first login's float with 0 and Enter: the sell screen is then ready to scan.
 */
export async function logInByKeys(page: Page, username = 'cashier') {
  await page.getByLabel('用户名').waitFor()
  await page.keyboard.type(username)
  await page.keyboard.press('Tab')
  await page.keyboard.type('demo1234')
  await page.keyboard.press('Enter')
  await page.getByLabel('备用金（元）').waitFor()
  await page.keyboard.type('0')
  await page.keyboard.press('Enter')
  await page.getByLabel('扫码或搜索商品').waitFor()
}
