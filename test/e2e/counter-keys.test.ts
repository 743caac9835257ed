// The counter at keyboard speed in a real browser at 1366×768 (docs/COUNTER.md): a sale of three
// goods with a member, paid in cash, by keyboard only, counting every key pressed besides the
// scans and the typed digits; "3*" before a scan; Enter acting on what was typed just now (the
// grid still showing the last search's goods); pinyin; F4 taking the last line out.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { callPos, isFocused, logInByKeys, type Ok, openPage } from './session'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50
const MEMBER_PHONE = '13800138000' // 李娜
const KEY_BUDGET = 25

describe('the counter by keyboard (browser, pos serve, demo store)', () => {
  let session: TillInBrowser | undefined
  let page: Page
  let pageErrors: string[]
  let presses = 0
  let barcodes: string[] = []

  /** A key the cashier presses: counted. */
  const press = async (key: string) => {
    presses++
    await page.keyboard.press(key)
  }
  /** A scanner's digits and its Enter, or digits the cashier types (a phone, an amount): not counted. */
  const scanned = async (digits: string) => {
    await page.keyboard.type(digits)
    await page.keyboard.press('Enter')
  }
  const cartNames = () => page.locator('.cart-line .line-name').allTextContents()
  const scanField = () => page.getByLabel('扫码或搜索商品')

  beforeAll(async () => {
    session = await openTillInBrowser()
    ;({ page, errors: pageErrors } = await openPage(session.browser, session.till.url, {
      viewport: { width: 1366, height: 768 },
    }))
    await logInByKeys(page)
    const goods = await callPos<Ok<{ skus: { barcode: string; stock: number; priceFen: number }[] }>>(
      page,
      'catalog.search',
      { query: '', limit: 20 },
    )
    barcodes = goods.data.skus.filter((s) => s.stock > 20 && s.barcode !== APPLE).map((s) => s.barcode)
  })

  afterAll(() => closeTillInBrowser(session))

  it('sells three goods to a member for cash in at most 25 key presses besides scans and digits', async () => {
    expect(await isFocused(scanField())).toBe(true)
    presses = 0
    // 3* then the scan: three apples on one line.
    await page.keyboard.type('3')
    await press('*')
    await scanned(APPLE)
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('3')
    await scanned(barcodes[0] as string)
    await scanned(barcodes[1] as string)
    await expect.poll(async () => (await cartNames()).length).toBe(3)
    // F3: the member's phone, Enter; focus comes back to the scanner.
    await press('F3')
    await page.keyboard.type(MEMBER_PHONE)
    await press('Enter')
    await page.getByText('会员：李娜 13800138000').waitFor()
    expect(await isFocused(scanField())).toBe(true)
    const total = await page.getByTestId('cart-total').textContent()
    await page.screenshot({ path: join(screenshotDir, 'sell-keys.png') })
    // F9: placed as a pickup sale and on the pay screen, the amount tendered in focus.
    await press('F9')
    await page.getByTestId('order-pay').waitFor()
    expect(await page.getByTestId('order-pay').textContent()).toBe(total)
    expect(await page.getByTestId('ticket-no').textContent()).toMatch(/^T1-\d{4}$/)
    expect(await isFocused(page.getByLabel('实收（元）'))).toBe(true)
    // Enter with no amount: exact cash.
    await press('Enter')
    await page.getByTestId('pay-paid').waitFor()
    expect(await page.getByTestId('change-due').textContent()).toBe('¥0.00')
    // The shop does not ask for ratings (the default): the counter sale is finished once paid.
    expect(await page.getByTestId('order-status').textContent()).toBe('已完成')
    await page.screenshot({ path: join(screenshotDir, 'pay-cash-exact.png') })
    // Enter: back to selling, the scanner in focus, an empty basket and no member.
    await press('Enter')
    await scanField().waitFor()
    expect(await isFocused(scanField())).toBe(true)
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('0')
    expect(await page.getByText('会员：李娜').count()).toBe(0)
    expect(presses).toBeLessThanOrEqual(KEY_BUDGET)
    console.log(`counter sale: ${presses} key presses besides scans and digits (budget ${KEY_BUDGET})`)
  })

  it('Enter adds what was typed just now, not the goods the grid still shows (香蕉, not the apples)', async () => {
    // The grid shows the apples' search; 香蕉 is typed and Enter pressed at once, before the grid follows.
    await page.keyboard.type('苹果')
    await page.locator('.goods-card', { hasText: '红富士苹果' }).first().waitFor()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('香蕉', { delay: 0 })
    await page.keyboard.press('Enter')
    await expect.poll(cartNames).toEqual(['进口香蕉 一把'])
  })

  it('finds goods by pinyin initials and whole pinyin, and keeps the cart in scan order', async () => {
    await page.keyboard.type('hfspg')
    await page.keyboard.press('Enter')
    await page.keyboard.type('chunniunai')
    await page.keyboard.press('Enter')
    await expect.poll(cartNames).toEqual(['进口香蕉 一把', '红富士苹果 一个', '纯牛奶 250ml'])
  })

  it('F4 takes the last line out; a bad multiplier and a search that finds nothing say so', async () => {
    await press('F4')
    await expect.poll(cartNames).toEqual(['进口香蕉 一把', '红富士苹果 一个'])
    await page.keyboard.type('0*' + APPLE)
    await page.keyboard.press('Enter')
    expect(await page.getByRole('alert').textContent()).toBe('数量须为 1–999，例如 3*')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('qqqzzz')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('没有找到“qqqzzz”')
    await expect.poll(cartNames).toEqual(['进口香蕉 一把', '红富士苹果 一个'])
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(pageErrors).toEqual([])
  })
})
