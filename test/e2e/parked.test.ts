// Parked sales (挂单) in a real browser, keyboard first: park a basket with a label and its member
// (F6), start a new sale (F8), recall it (F7, ↑↓, Enter) — refused while another sale is open —
// and a basket left open when the till was reloaded is shown as unfinished, not carried on.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { isFocused, logIn, openPage } from './session'

const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50
const scan = (page: Page) => page.getByLabel('扫码或搜索商品')

describe('parked sales on the sell screen (browser, pos serve, demo store)', () => {
  let session: TillInBrowser | undefined
  let page: Page
  let pageErrors: string[]

  beforeAll(async () => {
    session = await openTillInBrowser()
    ;({ page, errors: pageErrors } = await openPage(session.browser, session.till.url, {
      viewport: { width: 1280, height: 860 },
    }))
    await logIn(page, 'cashier')
  })
  afterAll(() => closeTillInBrowser(session))

  async function scanApple(times = 1) {
    for (let i = 0; i < times; i++) {
      await page.keyboard.type(APPLE)
      await page.keyboard.press('Enter')
      await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe(String(i + 1))
    }
  }

  it('F6 parks the basket and its member with a label; the cart and the member chip are cleared', async () => {
    await scan(page).waitFor()
    await scanApple(2)
    await page.getByLabel('会员手机号').fill('13800138000')
    await page.getByLabel('会员手机号').press('Enter')
    await page.getByText('会员：李娜 13800138000').waitFor()
    // The keys are on screen.
    await page.getByRole('button', { name: '挂单 F6' }).waitFor()
    await page.getByRole('button', { name: '取单 F7' }).waitFor()
    await page.getByRole('button', { name: '新的一单 F8' }).waitFor()

    await page.keyboard.press('F6')
    const label = page.getByLabel('挂单备注（可不填）')
    await label.waitFor()
    expect(await isFocused(label)).toBe(true)
    await page.keyboard.type('穿红衣服的阿姨')
    await page.keyboard.press('Enter')
    await page.getByText('已挂单：穿红衣服的阿姨').waitFor()
    expect(await page.getByTestId('cart-count').textContent()).toBe('0')
    expect(await page.getByText('会员：李娜').count()).toBe(0)
    await expect.poll(() => isFocused(scan(page))).toBe(true)
  })

  it('F8 starts a new sale: with goods in the cart it asks first, Enter empties it', async () => {
    await scanApple(1)
    await page.keyboard.press('F8')
    await page.getByText('清空购物车，开始新的一单？').waitFor()
    await page.keyboard.press('Enter')
    await page.getByText('已开始新的一单').waitFor()
    expect(await page.getByTestId('cart-count').textContent()).toBe('0')
  })

  it('F7 with a sale open is refused by name; after a new sale, ↓ and Enter recall the basket and member', async () => {
    await scanApple(1)
    await page.keyboard.press('F7')
    const list = page.getByRole('listbox', { name: '挂单列表' })
    await list.waitFor()
    await page.getByRole('option', { name: /穿红衣服的阿姨/ }).waitFor()
    expect(await page.getByRole('option').first().textContent()).toContain('会员 李娜')
    await page.screenshot({ path: join(screenshotDir, 'parked-sales.png') })
    await page.keyboard.press('Enter')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('本收银台还有未完成的一单，请先挂单或结算后再取单。')
    expect(await page.getByTestId('cart-count').textContent()).toBe('1')

    await page.keyboard.press('Escape')
    await list.waitFor({ state: 'detached' })
    await page.keyboard.press('F8')
    await page.keyboard.press('Enter')
    await page.getByText('已开始新的一单').waitFor()

    await page.keyboard.press('F7')
    await page.getByRole('option', { name: /穿红衣服的阿姨/ }).waitFor()
    await page.keyboard.press('ArrowDown') // one parked sale: stays on it
    await page.keyboard.press('Enter')
    await page.getByText('已取单：穿红衣服的阿姨').waitFor()
    expect(await page.getByTestId('cart-count').textContent()).toBe('2')
    expect(await page.getByTestId('cart-total').textContent()).toBe('¥7.00')
    await page.getByText('会员：李娜 13800138000').waitFor()

    // Taken: the list is empty now.
    await page.keyboard.press('F7')
    await page.getByText('没有挂单').waitFor()
    await page.keyboard.press('Escape')
  })

  it('a basket left open when the till restarts is shown as unfinished, and nothing is scanned into it', async () => {
    await page.reload()
    await logIn(page, 'cashier')
    const question = page.getByRole('alertdialog', { name: '上一单还没有完成' })
    await question.waitFor()
    expect(await question.textContent()).toContain('购物车里还有 2 件商品（¥7.00）')
    expect(await scan(page).isDisabled()).toBe(true)
    await page.keyboard.type(APPLE) // lands nowhere: the scanner waits for the cashier's answer
    expect(await page.getByTestId('cart-count').textContent()).toBe('2')
    await page.screenshot({ path: join(screenshotDir, 'unfinished-sale.png') })
    await page.getByRole('button', { name: '继续这一单' }).click()
    await question.waitFor({ state: 'detached' })
    expect(await page.getByTestId('cart-count').textContent()).toBe('2')
    await expect.poll(() => isFocused(scan(page))).toBe(true)

    // Again, answered with F6: the basket is parked instead.
    await page.reload()
    await logIn(page, 'cashier')
    await question.waitFor()
    await page.keyboard.press('F6')
    await page.getByLabel('挂单备注（可不填）').waitFor()
    await page.keyboard.press('Enter')
    await page.getByText(/^已挂单：挂单 #\d+$/).waitFor()
    expect(await page.getByTestId('cart-count').textContent()).toBe('0')
  })

  it('speaks English too', async () => {
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('button', { name: 'Recall F7' }).waitFor()
    await page.keyboard.press('F7')
    await page.getByRole('listbox', { name: 'Parked sales' }).waitFor()
    await page.getByRole('option', { name: /Parked sale #\d+/ }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: '中文' }).click()
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(pageErrors).toEqual([])
  })
})
