// Goods search as the cashier types it: by name, by barcode, and — with no Chinese input method —
// by the name's pinyin, whole or as initials, in either case; on both stores, for the sell
// screen's search and the admin's goods list, kept true when a SKU is renamed and filled in for
// SKUs that existed before the search key did.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../src-main/core/core'
import { listGoods, updateSku } from '../../src-main/catalog/catalog-admin.service'
import { searchCatalog } from '../../src-main/catalog/catalog.service'
import { migrateToLatest } from '../../src-main/db/migrator'
import { storeBeforeMigration } from '../support/migrated-store'
import { addSku, staffActor } from '../support/shop'
import { freshStore, type StoreKind, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('goods search on %s', (kind) => {
  let t: TestStore
  let admin: Actor
  const ids: Record<string, number> = {}
  const names = (page: { skus: { name: string }[] }) => page.skus.map((s) => s.name).sort()
  const find = async (query: string) => names(await searchCatalog(t.core, { query, limit: 20 }))

  beforeAll(async () => {
    t = await freshStore(kind)
    admin = await staffActor(t.core, 'admin')
    for (const name of ['进口香蕉 一把', '红富士苹果 一个', '纯牛奶 250ml', '香菜 一把', '绿豆 500g'])
      ids[name] = await addSku(t.core, { stock: 10, name })
  })
  afterAll(() => t.dispose())

  it('finds by the name, as before', async () => {
    expect(await find('香蕉')).toEqual(['进口香蕉 一把'])
    expect(await find('一把')).toEqual(['进口香蕉 一把', '香菜 一把'].sort())
  })

  it('finds by whole pinyin and by initials, in either case, ignoring spaces', async () => {
    expect(await find('xiangjiao')).toEqual(['进口香蕉 一把'])
    expect(await find('XiangJiao')).toEqual(['进口香蕉 一把'])
    expect(await find('xj')).toEqual(['进口香蕉 一把'])
    expect(await find('hfs')).toEqual(['红富士苹果 一个'])
    expect(await find('ping guo')).toEqual(['红富士苹果 一个'])
    expect(await find('xiang')).toEqual(['进口香蕉 一把', '香菜 一把'].sort())
    // ü is typed as v, as every pinyin keyboard does.
    expect(await find('lvdou')).toEqual(['绿豆 500g'])
    // Letters and digits in a name stay searchable as typed.
    expect(await find('250ml')).toEqual(['纯牛奶 250ml'])
    expect(await find('cnn')).toEqual(['纯牛奶 250ml'])
    expect(await find('qqq')).toEqual([])
    // '%' and '_' are matched as themselves, not as wildcards.
    expect(await find('x%j')).toEqual([])
    expect(await find('x_')).toEqual([])
  })

  it('follows a rename, and the admin goods list searches the same way', async () => {
    await updateSku(t.core, admin, { skuId: ids['香菜 一把'] as number, name: '芹菜 一把' })
    expect(await find('xiangcai')).toEqual([])
    expect(await find('qincai')).toEqual(['芹菜 一把'])
    const listed = await listGoods(t.core, admin, { query: 'qc', limit: 20 })
    expect(names(listed)).toEqual(['芹菜 一把'])
  })
})

describe.each(testStores)('migration 021 on %s', (kind: StoreKind) => {
  const before = storeBeforeMigration(kind, 'm021')

  it('gives every earlier SKU its pinyin', async () => {
    const store = await before.open('020_ticket_numbers')
    try {
      await sql`insert into goods (name, description, created_at) values ('水果', '', 1)`.execute(store.db)
      const count = 1201
      for (let i = 0; i < count; i += 300) {
        const rows = Array.from({ length: Math.min(300, count - i) }, (_, j) => {
          const n = i + j
          return sql`(1, ${`西瓜 ${n}`}, ${`69${String(n).padStart(8, '0')}`}, '个', 100, 1, 0, 1, 1, 1)`
        })
        await sql`insert into goods_sku (goods_id, name, barcode, unit, price_fen, stock, sales, on_sale, created_at, updated_at)
          values ${sql.join(rows)}`.execute(store.db)
      }
      expect((await migrateToLatest(store)).error).toBeUndefined()
      const keys = await store.db.selectFrom('goods_sku').select(['name', 'search_key']).orderBy('id').execute()
      expect(keys).toHaveLength(count)
      for (const [n, row] of keys.entries()) expect(row).toEqual({ name: `西瓜 ${n}`, search_key: `xigua${n}|xg${n}` })
    } finally {
      await store.close()
    }
  })
})
