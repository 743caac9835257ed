// `npm run demo` on a fresh machine: no servers, no configuration but POS_DEMO=1.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src-main/app'
import { loadConfig } from '../../src-main/config'
import { consoleLogger } from '../../src-main/logger'
import { ok } from '../support/results'

describe('demo mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-demo-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
  const config = loadConfig({ POS_DEMO: '1', POS_DATA_DIR: dataDir })
  const open = () => createApp(config, { log: consoleLogger('silent'), sweep: false })

  it('keeps its own SQLite file apart from a real store in the same data folder', () => {
    expect(config.store).toEqual({ kind: 'sqlite', path: join(dataDir, 'demo', 'freshtill.db') })
    expect(loadConfig({ POS_DATA_DIR: dataDir }).store).toEqual({ kind: 'sqlite', path: join(dataDir, 'freshtill.db') })
  })

  it('is ready to sell on first start: demo goods, demo staff shown on the login screen', async () => {
    const app = await open()
    try {
      const info = await app.dispatch('app.info', null, {})
      expect(info).toEqual({
        ok: true,
        data: {
          tillId: 'T1',
          store: 'sqlite',
          demo: { usernames: ['cashier', 'admin'], password: 'demo1234' },
          alipay: 'sandbox',
          displayName: 'FreshTill T1',
          defaultLanguage: 'zh',
        },
      })
      const { token } = ok(await app.dispatch('auth.login', null, { username: 'cashier', password: 'demo1234' })) as {
        token: string
      }
      const found = await app.dispatch('catalog.byBarcode', token, { barcode: '6920000000001' })
      expect(found).toMatchObject({ ok: true, data: { name: '红富士苹果 一个', priceFen: 350 } })
      const page = await app.dispatch('catalog.search', token, { limit: 100 })
      expect(page.ok && (page.data as { skus: unknown[] }).skus.length).toBeGreaterThanOrEqual(30)
      expect(
        await app.dispatch('cart.add', token, { skuId: (found as { data: { id: number } }).data.id, count: 2 }),
      ).toMatchObject({ ok: true, data: { totalCount: 2, goodsFen: 700 } })
    } finally {
      await app.close()
    }
  })

  it('keeps what was done on the next start instead of seeding again', async () => {
    const app = await open()
    try {
      const { token } = ok(await app.dispatch('auth.login', null, { username: 'admin', password: 'demo1234' })) as {
        token: string
      }
      const skus = await app.core.store.db.selectFrom('goods_sku').select('id').execute()
      expect(skus).toHaveLength(34)
      const cart = await app.dispatch('cart.get', token, {})
      expect(cart).toMatchObject({ ok: true, data: { totalCount: 2 } })
    } finally {
      await app.close()
    }
  })

  it('is off unless asked for, and a bad value stops start-up naming the setting', () => {
    expect(loadConfig({ POS_DATA_DIR: dataDir }).demo).toBe(false)
    expect(() => loadConfig({ POS_DEMO: 'yes' })).toThrow(/^POS_DEMO: /)
  })
})
