// A sale at the counter in a real browser, keyboard first: scan, search, +/-, member, submit
// order with delivery and Alipay (double-clicked: one order), then cancel it and see the stock back.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { callPos, isFocused, type Ok, openPage } from './session'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50, stock 200

describe('sell and submit an order (browser, pos serve, demo store)', () => {
  let session: TillInBrowser | undefined
  let page: Page
  let pageErrors: string[]
  let appleStockBefore = 0

  beforeAll(async () => {
    session = await openTillInBrowser()
    ;({ page, errors: pageErrors } = await openPage(session.browser, session.till.url, {
      viewport: { width: 1280, height: 800 },
    }))
  })

  afterAll(() => closeTillInBrowser(session))

  it('logs the cashier in with the keyboard, opens the shift and lands on the sell screen with the scan input focused', async () => {
    await page.getByLabel('用户名').waitFor()
    await page.keyboard.type('cashier')
    await page.keyboard.press('Tab')
    await page.keyboard.type('demo1234')
    await page.keyboard.press('Enter')
    await page.getByText('已登录：cashier，收银台 T1').waitFor()
    // No shift is open on this till yet: the sell screen asks for the counted float first, its field focused.
    await page.getByLabel('备用金（元）').waitFor()
    expect(await isFocused(page.getByLabel('备用金（元）'))).toBe(true)
    await page.keyboard.type('200')
    await page.keyboard.press('Enter')
    const scan = page.getByLabel('扫码或搜索商品')
    await scan.waitFor()
    expect(await isFocused(scan)).toBe(true)
    const before = await callPos<Ok<{ stock: number }>>(page, 'catalog.byBarcode', { barcode: APPLE })
    appleStockBefore = before.data.stock
  })

  it('adds goods by scanning a barcode: digits then Enter, no mouse', async () => {
    await page.keyboard.type(APPLE)
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: '增加 红富士苹果 一个' }).waitFor()
    expect(await page.getByTestId('cart-total').textContent()).toBe('¥3.50')
    expect(await isFocused(page.getByLabel('扫码或搜索商品'))).toBe(true)
  })

  it('shows a Chinese message for an unknown barcode', async () => {
    await page.keyboard.type('6920000009999')
    await page.keyboard.press('Enter')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('未找到条码为 6920000009999 的商品。')
  })

  it('searches by name and adds from the grid; + and − change the cart', async () => {
    await page.keyboard.type('牛奶')
    await expect.poll(() => page.locator('.goods-card').count()).toBe(2)
    const card = page.locator('.goods-card', { hasText: '纯牛奶 250ml' })
    await card.click()
    await page.getByRole('button', { name: '增加 纯牛奶 250ml' }).waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)

    await page.getByRole('button', { name: '增加 红富士苹果 一个' }).click()
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('¥10.50')
    expect(await page.getByTestId('cart-count').textContent()).toBe('3')
    await page.getByRole('button', { name: '减少 红富士苹果 一个' }).click()
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('¥7.00')
    expect(await page.getByTestId('cart-count').textContent()).toBe('2')
  })

  it('looks up a member by phone and shows a chip', async () => {
    await page.getByLabel('会员手机号').fill('13800138000')
    await page.getByLabel('会员手机号').press('Enter')
    await page.getByText('会员：李娜 13800138000').waitFor()
    await page.screenshot({ path: join(screenshotDir, 'sell.png') })
  })

  it('checks out: delivery to the default address adds ¥10.00 freight', async () => {
    await page.getByRole('button', { name: '送货单' }).click()
    await page.getByRole('heading', { name: '提交订单' }).waitFor()
    await page.getByTestId('quote-pay').waitFor()
    expect(await page.getByTestId('quote-freight').textContent()).toBe('¥0.00')
    await page.getByRole('radio', { name: '送货上门' }).check()
    await expect.poll(() => page.getByTestId('quote-freight').textContent()).toBe('¥10.00')
    expect(await page.locator('input[name="address"]:checked').count()).toBe(1)
    expect(await page.getByTestId('quote-goods').textContent()).toBe('¥7.00')
    expect(await page.getByTestId('quote-pay').textContent()).toBe('¥17.00')
    expect(await page.getByTestId('quote-count').textContent()).toBe('2')
  })

  it('adds an address for the member; it is chosen, and the default can be chosen again', async () => {
    await page.getByRole('button', { name: '+ 添加地址' }).click()
    await page.getByLabel('收货人').fill('李娜')
    await page.getByLabel('电话').fill('13800138000')
    await page.getByLabel('详细地址').fill('上海市徐汇区漕溪北路 1 号')
    await page.getByRole('button', { name: '保存' }).click()
    const added = page.getByRole('radio', { name: /漕溪北路/ })
    await added.waitFor()
    expect(await added.isChecked()).toBe(true)
    await page.getByRole('radio', { name: /默认/ }).check()
    await expect.poll(() => page.getByTestId('quote-pay').textContent()).toBe('¥17.00')
  })

  it('refuses WeChat Pay with the PAY_METHOD_UNAVAILABLE message from the server', async () => {
    await page.getByRole('radio', { name: '微信支付' }).check()
    await page.getByRole('button', { name: '提交订单' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('该支付方式暂不可用，请选择其他方式。')
  })

  it('on CART_CHANGED shows the new figures and asks for a new confirmation', async () => {
    await page.getByRole('radio', { name: '支付宝' }).check()
    expect(await page.getByRole('alert').count()).toBe(0)
    await page.screenshot({ path: join(screenshotDir, 'checkout.png') })
    const apple = await callPos<Ok<{ id: number }>>(page, 'catalog.byBarcode', { barcode: APPLE })
    // Another hand changes the cart while the page shows the old quote.
    await callPos(page, 'cart.set', { skuId: apple.data.id, count: 2 })
    await page.getByRole('button', { name: '提交订单' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('价格或数量已变化，请核对新的金额后再次确认。')
    expect(await page.getByTestId('quote-goods').textContent()).toBe('¥10.50')
    expect(await page.getByTestId('quote-pay').textContent()).toBe('¥20.50')
    await page.getByRole('button', { name: '确认新金额并提交' }).waitFor()
  })

  it('places exactly one order when submit is double-clicked', async () => {
    const before = await callPos<Ok<{ orders: unknown[] }>>(page, 'orders.list', { tab: 'all' })
    await page.getByRole('button', { name: '确认新金额并提交' }).dblclick()
    await page.getByRole('heading', { name: '订单已提交' }).waitFor()
    const orderNo = await page.getByTestId('order-no').textContent()
    expect(orderNo).toMatch(/^[0-9A-Za-z_]{1,32}$/)
    expect(await page.getByTestId('order-status').textContent()).toBe('待支付')
    expect(await page.getByTestId('order-pay').textContent()).toBe('¥20.50')
    const after = await callPos<Ok<{ orders: { orderNo: string; payMethod: number; payFen: number }[] }>>(
      page,
      'orders.list',
      { tab: 'all' },
    )
    expect(after.data.orders.length - before.data.orders.length).toBe(1)
    expect(after.data.orders.filter((o) => o.orderNo === orderNo)).toMatchObject([{ payMethod: 3, payFen: 2050 }])
    const apple = await callPos<Ok<{ stock: number }>>(page, 'catalog.byBarcode', { barcode: APPLE })
    expect(apple.data.stock).toBe(appleStockBefore - 2)
    await page.screenshot({ path: join(screenshotDir, 'order-placed.png') })
  })

  it('cancels the order: 已取消, and the stock is back', async () => {
    await page.getByRole('button', { name: '取消订单' }).click()
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('已取消')
    const apple = await callPos<Ok<{ stock: number }>>(page, 'catalog.byBarcode', { barcode: APPLE })
    expect(apple.data.stock).toBe(appleStockBefore)
    await page.getByRole('button', { name: '继续收银' }).click()
    const scan = page.getByLabel('扫码或搜索商品')
    await scan.waitFor()
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('0')
    expect(await isFocused(scan)).toBe(true)
  })

  it('switches to English and back', async () => {
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('button', { name: 'Delivery' }).waitFor()
    await page.getByLabel('Scan or search goods').waitFor()
    await page.getByRole('button', { name: '中文' }).click()
    await page.getByRole('button', { name: '送货单' }).waitFor()
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(pageErrors).toEqual([])
  })
})
