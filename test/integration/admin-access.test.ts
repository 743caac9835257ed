// A cashier cannot reach any admin method — through the contract, and not through the
// services either (they check the role themselves).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract, type MethodName } from '../../src-shared/contract'
import {
  addGoodsByAdmin,
  adjustStock,
  listGoods,
  stockMovesOfSku,
  updateSku,
} from '../../src-main/catalog/catalog-admin.service'
import type { Actor } from '../../src-main/core/core'
import { dayReport } from '../../src-main/reports/reports.service'
import { getSettings, updateSettings } from '../../src-main/settings/settings.service'
import { resetStaffPassword, setStaffActive } from '../../src-main/staff/staff.service'
import { failure } from '../support/failure'
import { failed, ok } from '../support/results'
import { addSku, type ContractClient, contractClient, snapshot, staffActor } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

const adminMethods = (Object.keys(contract) as MethodName[]).filter((m) => contract[m].access === 'admin')

describe.each(testStores)('admin methods refuse cashiers on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let cashierToken: string
  let adminToken: string
  let cashier: Actor
  let sku: number

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    cashierToken = (await api.login('cashier')).token
    adminToken = (await api.login('admin')).token
    cashier = await staffActor(t.core, 'cashier')
    sku = await addSku(t.core, { stock: 10, priceFen: 500 })
  })
  afterAll(() => t.dispose())

  it('lists the admin side among the admin methods', () => {
    for (const m of [
      'goods.add',
      'goods.updateSku',
      'goods.adjustStock',
      'goods.list',
      'goods.stockMoves',
      'staff.setActive',
      'staff.resetPassword',
      'reports.day',
      'settings.get',
      'settings.update',
    ]) {
      expect(adminMethods).toContain(m)
    }
  })

  it.each(adminMethods)('%s: FORBIDDEN for a cashier, whatever the input, and nothing written', async (method) => {
    const before = await snapshot(t.core)
    const settingsBefore = await t.core.store.db.selectFrom('settings').selectAll().execute()
    for (const input of [
      {},
      { skuId: sku, delta: -10, reason: 'damage' },
      { freightFen: 0 },
      { staffId: 1, active: false },
    ]) {
      failed(await api.call(method, input, cashierToken), 'FORBIDDEN')
    }
    failed(await api.call(method, {}, null), 'NOT_LOGGED_IN')
    expect(await snapshot(t.core)).toEqual(before)
    expect(await t.core.store.db.selectFrom('settings').selectAll().execute()).toEqual(settingsBefore)
  })

  it('an admin gets past the role check (the same calls are not FORBIDDEN)', async () => {
    ok(await api.call('goods.list', {}, adminToken))
    ok(await api.call('settings.get', {}, adminToken))
    ok(await api.call('reports.day', {}, adminToken))
  })

  it('the services refuse a cashier too', async () => {
    const before = await snapshot(t.core)
    const calls: Promise<unknown>[] = [
      addGoodsByAdmin(t.core, cashier, {
        name: 'x',
        skus: [{ name: 'x', barcode: 'X1', unit: '个', priceFen: 1, stock: 1 }],
      }),
      updateSku(t.core, cashier, { skuId: sku, priceFen: 1 }),
      adjustStock(t.core, cashier, { skuId: sku, delta: -1, reason: 'damage', note: '' }),
      listGoods(t.core, cashier, { query: '', limit: 10 }),
      stockMovesOfSku(t.core, cashier, { skuId: sku, limit: 10 }),
      setStaffActive(t.core, api.sessions, cashier, 1, false),
      resetStaffPassword(t.core, api.sessions, cashier, 1, 'new password 1'),
      dayReport(t.core, cashier, { utcOffsetMinutes: 480, topSkus: 10 }),
      getSettings(t.core, cashier),
      updateSettings(t.core, cashier, { freightFen: 0 }),
    ]
    for (const call of calls) expect((await failure(call)).code).toBe('FORBIDDEN')
    expect(await snapshot(t.core)).toEqual(before)
  })
})
