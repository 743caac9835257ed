// A till outside demo mode with no Alipay configured and no sandbox chosen: Alipay is off. The pay
// screen's Alipay choices say they are not configured and start nothing; the admin's till settings
// say what to set. The store is seeded with the demo goods and staff, but the till is not in demo mode.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTillInBrowser, openTillInBrowser, screenshotDir, type TillInBrowser } from './harness'
import { openStaffPage, placeWith, scan } from './session'

const root = fileURLToPath(new URL('../../', import.meta.url))
const APPLE = '6920000000001' // 红富士苹果 一个, ¥3.50

describe('Alipay off: not offered as if it worked (browser, not demo)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-e2e-off-'))
  let session: TillInBrowser | undefined
  let admin: Page
  let errors: string[] = []

  beforeAll(async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('POS_')))
    const seeded = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'src-main', 'cli', 'pos.ts'), 'seed', '--demo', '--password', 'demo1234'],
      { cwd: root, env: { ...env, POS_DATA_DIR: dataDir, POS_LOG_LEVEL: 'warn' }, encoding: 'utf8' },
    )
    expect(seeded.status, seeded.stderr).toBe(0)
    session = await openTillInBrowser({ POS_DEMO: '0', POS_DATA_DIR: dataDir })
    ;({ page: admin, errors } = await openStaffPage(session.browser, session.till.url, 'admin', {
      viewport: { width: 1366, height: 768 },
    }))
  })

  afterAll(async () => {
    await closeTillInBrowser(session)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('the pay screen says Alipay is not configured and shows no QR', async () => {
    await scan(admin, APPLE)
    await placeWith(admin, '支付宝')
    expect(await admin.getByTestId('alipay-off').textContent()).toBe(
      '本收银台未配置支付宝，请选择其他收款方式；店长可在“管理 → 本机设置”中配置。',
    )
    expect(await admin.locator('.pay-channels').textContent()).toContain('支付宝扫码（未配置）')
    expect(await admin.getByTestId('pay-qr').count()).toBe(0)
    expect(await admin.getByTestId('sandbox-banner').count()).toBe(0)
    await admin.screenshot({ path: join(screenshotDir, 'pay-alipay-off.png') })
  })

  it("the admin's till settings say what to set", async () => {
    await admin.getByRole('button', { name: '管理', exact: true }).click()
    await admin.getByRole('tab', { name: '本机设置' }).click()
    const hint = admin.getByTestId('alipay-off-hint')
    await hint.waitFor()
    expect(await hint.textContent()).toContain('POS_ALIPAY_APP_ID')
    expect(await hint.textContent()).toContain('POS_ALIPAY_SANDBOX=1')
    await admin.screenshot({ path: join(screenshotDir, 'till-settings-alipay-off.png') })
  })

  it('ran without script errors, CSP refusals or failed requests', () => {
    expect(errors).toEqual([])
  })
})
