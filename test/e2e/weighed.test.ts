// A weighed sale at the counter in a real browser, keyboard first (docs/STOCK.md, docs/ORDERS.md):
// tomatoes scanned by their barcode ask for the weight, typed in 斤; pork comes on a counter
// scale's label and costs what the label says; a misread label is refused with its message; the
// order is placed and its lines read "0.734 斤".
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultScaleLabelFormats, makeScaleLabel } from '../../src-shared/scale-label'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { callPos, isFocused, logInByKeys, type Ok, openPage } from './session'

const TOMATOES = '6920000000010' // 西红柿, ¥5.20 / 斤, sold by weight, scale code 00010
const format = defaultScaleLabelFormats[0] ?? { flags: ['22'], length: 13, codeDigits: 5, fields: ['amount'] }
/** 五花肉 (¥23.80 / 斤, scale code 00021) weighed at the counter scale: a label for ¥11.90. */
const PORK_LABEL = makeScaleLabel(format, '22', '00021', [1190])

describe('a weighed sale with a scale label (browser, pos serve, demo store)', () => {
  let session: TillInBrowser | undefined
  let page: Page
  let stockBefore = 0

  beforeAll(async () => {
    session = await openTillInBrowser()
    ;({ page } = await openPage(session.browser, session.till.url, { viewport: { width: 1366, height: 768 } }))
    await logInByKeys(page)
    const before = await callPos<Ok<{ stock: number }>>(page, 'catalog.byBarcode', { barcode: TOMATOES })
    stockBefore = before.data.stock
  })

  afterAll(() => closeTillInBrowser(session))

  it('the goods show their price per 斤', async () => {
    await page.keyboard.type('西红柿')
    const card = page.locator('.goods-card', { hasText: '西红柿' })
    await card.waitFor()
    expect(await card.locator('.goods-price').textContent()).toBe('¥5.20 / 斤')
    await page.getByLabel('扫码或搜索商品').fill('')
  })

  it('scanning goods sold by weight asks for the weight, focused; Enter puts 0.734 斤 in the cart at ¥3.82', async () => {
    const scan = page.getByLabel('扫码或搜索商品')
    await scan.focus()
    await page.keyboard.type(TOMATOES)
    await page.keyboard.press('Enter')
    const weight = page.getByLabel('重量（斤）')
    await weight.waitFor()
    expect(await isFocused(weight)).toBe(true)
    expect(await page.getByTestId('cart-total').textContent()).toBe('¥0.00')
    await page.keyboard.type('0.734')
    await expect.poll(() => page.getByTestId('weigh-preview').textContent()).toBe('0.734 斤 × ¥5.20 = ¥3.82')
    await page.keyboard.press('Enter')
    await page.getByTestId('weighed-line').first().waitFor()
    expect(await page.getByTestId('weighed-line').first().textContent()).toBe('0.734 斤 × ¥5.20 = ¥3.82')
    expect(await page.getByTestId('cart-total').textContent()).toBe('¥3.82')
    expect(await isFocused(scan)).toBe(true)
  })

  it('a weight that is not one is refused on screen, and Escape leaves the cart as it was', async () => {
    await page.keyboard.type(TOMATOES)
    await page.keyboard.press('Enter')
    await page.getByLabel('重量（斤）').waitFor()
    await page.keyboard.type('1.2345')
    await page.keyboard.press('Enter')
    await page.getByText('请输入重量，例如 0.734（斤，最多三位小数）').waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByLabel('重量（斤）').count()).toBe(0)
    expect(await page.getByTestId('cart-total').textContent()).toBe('¥3.82')
    expect(await isFocused(page.getByLabel('扫码或搜索商品'))).toBe(true)
  })

  it('a scale label goes in as printed: ¥11.90 of pork, 0.500 斤 (250 g) for stock', async () => {
    await page.keyboard.type(PORK_LABEL)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('¥15.72')
    const lines = await page.getByTestId('weighed-line').allTextContents()
    expect(lines).toContain('秤签 0.500 斤 ¥11.90')
    await page.getByText('秤签 +0.500 斤 五花肉 · ¥11.90').waitFor()
  })

  it('a label with a wrong check digit is refused with its message, and nothing is added', async () => {
    const misread = PORK_LABEL.slice(0, -1) + String((Number(PORK_LABEL.at(-1)) + 1) % 10)
    await page.keyboard.type(misread)
    await page.keyboard.press('Enter')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe(`秤签 ${misread} 校验位不对，可能没扫清楚：请重扫，或手输重量。`)
    expect(await page.getByTestId('cart-total').textContent()).toBe('¥15.72')
    await page.screenshot({ path: join(screenshotDir, 'sell-weighed.png') })
  })

  it('checks out: the lines read in 斤, the order comes to what the cart showed, the stock falls by the grams', async () => {
    await page.getByRole('button', { name: '送货单' }).click()
    await page.getByRole('heading', { name: '提交订单' }).waitFor()
    await expect.poll(() => page.getByTestId('quote-pay').textContent()).toBe('¥15.72')
    expect(await page.locator('table.lines').textContent()).toContain('0.734 斤')
    expect(await page.locator('table.lines').textContent()).toContain('¥5.20 / 斤')
    expect(await page.getByTestId('quote-count').textContent()).toBe('2')
    await page.getByRole('radio', { name: '现金' }).check()
    await page.getByRole('button', { name: '提交订单' }).click()
    await page.getByRole('heading', { name: '订单已提交' }).waitFor()
    expect(await page.getByTestId('order-pay').textContent()).toBe('¥15.72')
    const after = await callPos<Ok<{ stock: number; sales: number }>>(page, 'catalog.byBarcode', { barcode: TOMATOES })
    expect(after.data.stock).toBe(stockBefore - 367)
  })
})
