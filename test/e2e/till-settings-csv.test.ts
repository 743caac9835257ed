// In a real browser: 管理 → 本机设置 (this till's settings file: an environment setting shown
// read-only, a refused value at its field, a new till id saved to the file and "restart needed"),
// and 订单 → 导出 CSV downloading the filtered list.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type ServedTill, type TillInBrowser } from './harness'
import { callPos, type Ok, openStaffPage, placeOrder } from './session'

/** Places a pickup cash order for one of the first two demo SKUs through window.pos. */
async function placeOrderOfTwo(page: Page): Promise<string> {
  const found = await callPos<Ok<{ skus: { id: number }[] }>>(page, 'catalog.search', { limit: 2 })
  return (
    await placeOrder(
      page,
      found.data.skus.map((s) => s.id),
    )
  ).orderNo
}

describe('this till’s settings and the CSV export (browser)', () => {
  let session: TillInBrowser | undefined
  let till: ServedTill | undefined
  let admin: Page
  let errors: string[] = []

  beforeAll(async () => {
    // The environment sets the Redis key prefix: the screen must show it read-only.
    session = await openTillInBrowser({ POS_REDIS_PREFIX: 'e2e:' })
    till = session.till
    ;({ page: admin, errors } = await openStaffPage(session.browser, till.url, 'admin', {
      viewport: { width: 1280, height: 1000 },
      acceptDownloads: true,
    }))
  })

  afterAll(() => closeTillInBrowser(session))

  it('本机设置: an admin changes the till id; the file holds it; the screen says a restart is needed', async () => {
    await admin.getByRole('button', { name: '管理', exact: true }).click()
    await admin.getByRole('tab', { name: '本机设置' }).click()
    const tillId = admin.getByLabel('收银台编号 (POS_TILL_ID)')
    await tillId.waitFor()
    expect(await tillId.inputValue()).toBe('')
    const prefix = admin.getByLabel('Redis 键前缀 (POS_REDIS_PREFIX)')
    expect(await prefix.inputValue()).toBe('e2e:')
    expect(await prefix.getAttribute('readonly')).not.toBeNull()
    await admin.getByText('由环境变量 POS_REDIS_PREFIX 设置').waitFor()

    // A bad database URL is refused at its field, and nothing is written.
    await admin.getByLabel('门店数据库 (POS_DB)').fill('postgres://x@localhost/shop')
    await admin.getByRole('button', { name: '保存', exact: true }).click()
    await admin.getByText(/^设置无效：POS_DB: /).waitFor()
    expect(await admin.getByLabel('门店数据库 (POS_DB)').getAttribute('aria-invalid')).toBe('true')
    const settingsFile = join(till!.dataDir, 'till-settings.json')
    expect(() => statSync(settingsFile)).toThrow()

    await admin.getByLabel('门店数据库 (POS_DB)').fill('')
    await tillId.fill('T9')
    await admin.getByRole('button', { name: '保存', exact: true }).click()
    await admin.getByText('已保存，重启后生效。').waitFor()
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ POS_TILL_ID: 'T9' })
    expect(statSync(settingsFile).mode & 0o777).toBe(0o600)
    await admin.screenshot({ path: join(screenshotDir, 'admin-till-settings.png') })

    // Opened again (no restart in between): the saved value, and the restart still to do.
    await admin.getByRole('tab', { name: '设置', exact: true }).click()
    await admin.getByRole('tab', { name: '本机设置' }).click()
    await admin.getByText('本机设置已修改，重启后生效。').waitFor()
    expect(await admin.getByLabel('收银台编号 (POS_TILL_ID)').inputValue()).toBe('T9')
    // This run still is till T1.
    await admin.getByText('已登录：admin，收银台 T1').waitFor()
  })

  it('订单 → 导出 CSV downloads the filtered list with its header and the orders', async () => {
    const first = await placeOrderOfTwo(admin)
    const second = await placeOrderOfTwo(admin)
    await admin.getByRole('button', { name: '订单', exact: true }).click()
    await admin.getByRole('heading', { name: '订单' }).waitFor()
    await admin.locator(`[data-order-no="${second}"]`).waitFor()

    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: '导出 CSV' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^orders-\d{8}-\d{6}\.csv$/)
    const bytes = readFileSync(await download.path())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines[0]).toBe(
      'order_no,created,till,staff_id,member_phone,fulfilment,pay_method,status,total_count,goods,discount,freight,pay,paid,refunded,lines',
    )
    expect(lines[1]).toMatch(
      new RegExp(`^${second},\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},T1,\\d+,,到店自提,现金,待支付,2,`),
    )
    expect(lines.some((l) => l.startsWith(`${first},`))).toBe(true)
    await admin.getByText(/^已导出 \d+ 笔订单。$/).waitFor()

    // The export follows the search: one order number, one line.
    await admin.getByLabel('订单号').fill(first)
    await admin.getByRole('button', { name: '查询', exact: true }).click()
    await admin.locator(`[data-order-no="${second}"]`).waitFor({ state: 'detached' })
    const [filtered] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: '导出 CSV' }).click(),
    ])
    const rows = readFileSync(await filtered.path(), 'utf8')
      .slice(1)
      .split('\r\n')
      .filter(Boolean)
    expect(rows).toHaveLength(2)
    expect(rows[1]?.startsWith(`${first},`)).toBe(true)
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(errors).toEqual([])
  })
})
