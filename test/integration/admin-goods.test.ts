// The admin's goods & stock through the real dispatcher: adding goods, changing a SKU,
// stock adjustments with their audit rows, the paged list with sales.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AdminSkuPage, GoodsView, SkuView, StockMovePage, StockMoveView } from '../../src-shared/contract'
import { failed, invalid, ok } from '../support/results'
import { addSku, type ContractClient, contractClient, sell, snapshot, staffActor, stockOf } from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'

describe.each(testStores)('goods and stock on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let admin: { token: string; staffId: number }

  const call = (method: string, input: unknown) => api.call(method, input, admin.token)
  const moves = async (skuId: number) =>
    t.core.store.db.selectFrom('stock_moves').selectAll().where('sku_id', '=', skuId).orderBy('id').execute()
  /** Runs `fn` and checks that it wrote nothing: the core tables, stock and the audit trail. */
  async function writesNothing(fn: () => Promise<void>) {
    const before = [
      await snapshot(t.core),
      await t.core.store.db.selectFrom('stock_moves').selectAll().orderBy('id').execute(),
    ]
    await fn()
    expect([
      await snapshot(t.core),
      await t.core.store.db.selectFrom('stock_moves').selectAll().orderBy('id').execute(),
    ]).toEqual(before)
  }

  beforeAll(async () => {
    t = await freshStore(kind)
    api = contractClient(t.core)
    admin = await api.login('admin')
  })
  afterAll(() => t.dispose())

  it('goods.add stores goods with its SKUs and returns them', async () => {
    const goods = ok(
      await call('goods.add', {
        name: '  红富士苹果 ',
        description: '山东烟台',
        skus: [
          { name: '红富士 单个', barcode: '6901000000011', unit: '个', priceFen: 350, stock: 40 },
          { name: '红富士 5斤装', barcode: 'APPLE-5JIN', unit: '箱', priceFen: 3990, stock: 8, onSale: false },
        ],
      }),
    ) as GoodsView
    expect(goods).toMatchObject({ name: '红富士苹果', description: '山东烟台' })
    expect(
      goods.skus.map((s) => [s.goodsId, s.name, s.barcode, s.unit, s.priceFen, s.stock, s.sales, s.onSale]),
    ).toEqual([
      [goods.id, '红富士 单个', '6901000000011', '个', 350, 40, 0, true],
      [goods.id, '红富士 5斤装', 'APPLE-5JIN', '箱', 3990, 8, 0, false],
    ])
    const cashier = await api.login('cashier')
    const found = ok(await api.call('catalog.byBarcode', { barcode: 'APPLE-5JIN' }, cashier.token)) as SkuView
    expect(found.id).toBe(goods.skus[1]!.id)
  })

  it('a barcode that is taken is ALREADY_EXISTS and adds nothing, not even the other SKUs', async () => {
    await writesNothing(async () => {
      const error = failed(
        await call('goods.add', {
          name: '青苹果',
          skus: [
            { name: '青苹果 单个', barcode: '6901000000099', unit: '个', priceFen: 300, stock: 5 },
            { name: '冒用条码', barcode: '6901000000011', unit: '个', priceFen: 300, stock: 5 },
          ],
        }),
        'ALREADY_EXISTS',
      )
      expect(error.details).toMatchObject({ barcodes: ['6901000000011'] })
    })
  })

  it('bad goods are INVALID_INPUT and write nothing', async () => {
    const sku = { name: '梨', barcode: 'PEAR-1', unit: '个', priceFen: 420, stock: 10 }
    await writesNothing(async () => {
      invalid(await call('goods.add', { name: '梨', skus: [] }), 'skus')
      invalid(await call('goods.add', { name: '', skus: [sku] }), 'name')
      invalid(await call('goods.add', { name: '梨', skus: [sku, { ...sku, name: '梨2' }] }), 'skus.1.barcode')
      invalid(await call('goods.add', { name: '梨', skus: [{ ...sku, barcode: 'PEAR 1' }] }), 'skus.0.barcode')
      invalid(await call('goods.add', { name: '梨', skus: [{ ...sku, barcode: "1' OR '1'='1" }] }), 'skus.0.barcode')
      invalid(await call('goods.add', { name: '梨', skus: [{ ...sku, barcode: 'A'.repeat(33) }] }), 'skus.0.barcode')
      invalid(await call('goods.add', { name: '梨', skus: [{ ...sku, priceFen: -1 }] }), 'skus.0.priceFen')
      invalid(await call('goods.add', { name: '梨', skus: [{ ...sku, priceFen: 4.2 }] }), 'skus.0.priceFen')
      invalid(await call('goods.add', { name: '梨', skus: [{ ...sku, priceFen: '420' }] }), 'skus.0.priceFen')
      invalid(await call('goods.add', { name: '梨', skus: [{ ...sku, stock: -3 }] }), 'skus.0.stock')
      invalid(await call('goods.add', { name: '梨', skus: [{ ...sku, stock: 1.5 }] }), 'skus.0.stock')
      invalid(await call('goods.add', { name: '梨', skus: [{ ...sku, unit: '' }] }), 'skus.0.unit')
      invalid(await call('goods.add', { name: 'x'.repeat(129), skus: [sku] }), 'name')
    })
  })

  it('goods.updateSku changes name, unit, price and on-sale; an unknown SKU is SKU_NOT_FOUND', async () => {
    const skuId = await addSku(t.core, { stock: 5, priceFen: 100, name: '香蕉' })
    t.clock.advance(1000)
    const updated = ok(
      await call('goods.updateSku', { skuId, name: '进口香蕉', unit: '把', priceFen: 1290, onSale: false }),
    ) as SkuView
    expect(updated).toMatchObject({ id: skuId, name: '进口香蕉', unit: '把', priceFen: 1290, onSale: false, stock: 5 })
    expect(ok(await call('goods.updateSku', { skuId, onSale: true })) as SkuView).toMatchObject({
      name: '进口香蕉',
      priceFen: 1290,
      onSale: true,
    })
    await writesNothing(async () => {
      failed(await call('goods.updateSku', { skuId: 987_654, priceFen: 1 }), 'SKU_NOT_FOUND')
      invalid(await call('goods.updateSku', { skuId, priceFen: -1 }), 'priceFen')
      invalid(await call('goods.updateSku', { skuId }), '(input)')
      invalid(await call('goods.updateSku', { skuId, name: '   ' }), 'name')
    })
  })

  it('goods.adjustStock adds received goods and removes damaged ones, each with an audit row', async () => {
    const skuId = await addSku(t.core, { stock: 10, priceFen: 800 })
    const received = ok(
      await call('goods.adjustStock', { skuId, delta: 25, reason: 'receive', note: '供应商 A 到货' }),
    ) as { sku: SkuView; move: StockMoveView }
    expect(received.sku.stock).toBe(35)
    expect(received.move).toEqual({
      id: expect.any(Number),
      skuId,
      delta: 25,
      reason: 'receive',
      note: '供应商 A 到货',
      stockAfter: 35,
      staffId: admin.staffId,
      createdAt: t.clock.now,
    })
    const damaged = ok(await call('goods.adjustStock', { skuId, delta: -4, reason: 'damage' })) as {
      sku: SkuView
      move: StockMoveView
    }
    expect(damaged.sku.stock).toBe(31)
    ok(await call('goods.adjustStock', { skuId, delta: -1, reason: 'count', note: '盘点' }))
    expect(await stockOf(t.core, skuId)).toEqual({ stock: 30, sales: 0 })
    expect((await moves(skuId)).map((m) => [m.delta, m.reason, m.stock_after, m.staff_id])).toEqual([
      [25, 'receive', 35, admin.staffId],
      [-4, 'damage', 31, admin.staffId],
      [-1, 'count', 30, admin.staffId],
    ])
    const page = ok(await call('goods.stockMoves', { skuId, limit: 2 })) as StockMovePage
    expect(page.moves.map((m) => m.delta)).toEqual([-1, -4])
    const rest = ok(await call('goods.stockMoves', { skuId, limit: 2, cursor: page.nextCursor })) as StockMovePage
    expect(rest.moves.map((m) => m.delta)).toEqual([25])
    expect(rest.nextCursor).toBeNull()
  })

  it('removing more than is left is INSUFFICIENT_STOCK and writes nothing; the exact amount reaches zero', async () => {
    const skuId = await addSku(t.core, { stock: 3, priceFen: 800 })
    await writesNothing(async () => {
      const error = failed(
        await call('goods.adjustStock', { skuId, delta: -4, reason: 'shrinkage' }),
        'INSUFFICIENT_STOCK',
      )
      expect(error.details).toEqual({ skuId, asked: 4, left: 3 })
    })
    ok(await call('goods.adjustStock', { skuId, delta: -3, reason: 'shrinkage' }))
    expect((await stockOf(t.core, skuId)).stock).toBe(0)
    await writesNothing(async () => {
      failed(await call('goods.adjustStock', { skuId, delta: -1, reason: 'damage' }), 'INSUFFICIENT_STOCK')
    })
    expect((await moves(skuId)).map((m) => m.delta)).toEqual([-3])
  })

  it('bad adjustments are refused and write nothing', async () => {
    const skuId = await addSku(t.core, { stock: 3, priceFen: 800 })
    await writesNothing(async () => {
      failed(await call('goods.adjustStock', { skuId: 987_654, delta: 5, reason: 'receive' }), 'SKU_NOT_FOUND')
      invalid(await call('goods.adjustStock', { skuId, delta: 0, reason: 'count' }), 'delta')
      invalid(await call('goods.adjustStock', { skuId, delta: 1.5, reason: 'receive' }), 'delta')
      invalid(await call('goods.adjustStock', { skuId, delta: '5', reason: 'receive' }), 'delta')
      invalid(await call('goods.adjustStock', { skuId, delta: 1e12, reason: 'receive' }), 'delta')
      invalid(await call('goods.adjustStock', { skuId, delta: -2, reason: 'receive' }), 'delta')
      invalid(await call('goods.adjustStock', { skuId, delta: 2, reason: 'damage' }), 'delta')
      invalid(await call('goods.adjustStock', { skuId, delta: 2, reason: 'gift' }), 'reason')
      invalid(await call('goods.adjustStock', { skuId, delta: 2, reason: 'receive', note: 'x'.repeat(201) }), 'note')
    })
  })

  it('concurrent write-offs never take stock below zero and each success has its audit row', async () => {
    const skuId = await addSku(t.core, { stock: 5, priceFen: 800 })
    const results = await Promise.all(
      Array.from({ length: 12 }, () => call('goods.adjustStock', { skuId, delta: -1, reason: 'shrinkage' })),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(5)
    for (const r of results.filter((r) => !r.ok)) failed(r, 'INSUFFICIENT_STOCK')
    expect((await stockOf(t.core, skuId)).stock).toBe(0)
    expect((await moves(skuId)).map((m) => m.stock_after).sort()).toEqual([0, 1, 2, 3, 4])
  })

  it('an adjustment and a sale at a till both count: stock = stock + delta loses neither', async () => {
    const skuId = await addSku(t.core, { stock: 10, priceFen: 800 })
    const cashier = await staffActor(t.core, 'cashier')
    await Promise.all([
      sell(t.core, cashier, [[skuId, 3]]),
      call('goods.adjustStock', { skuId, delta: 20, reason: 'receive' }),
    ])
    expect(await stockOf(t.core, skuId)).toEqual({ stock: 27, sales: 3 })
  })

  it('goods.list pages through SKUs with their goods name, stock and sales, and searches', async () => {
    const ids = [] as number[]
    for (let i = 0; i < 5; i++) ids.push(await addSku(t.core, { stock: 20, priceFen: 100 + i, name: `列表葡萄 ${i}` }))
    const cashier = await staffActor(t.core, 'cashier')
    await sell(t.core, cashier, [[ids[1]!, 2]])
    const first = ok(await call('goods.list', { query: '列表葡萄', limit: 3 })) as AdminSkuPage
    expect(first.skus.map((s) => s.id)).toEqual(ids.slice(0, 3))
    expect(first.skus[1]).toMatchObject({
      name: '列表葡萄 1',
      goodsName: '列表葡萄 1',
      stock: 18,
      sales: 2,
      priceFen: 101,
    })
    const second = ok(
      await call('goods.list', { query: '列表葡萄', limit: 3, cursor: first.nextCursor }),
    ) as AdminSkuPage
    expect(second.skus.map((s) => s.id)).toEqual(ids.slice(3))
    expect(second.nextCursor).toBeNull()
    const all = ok(await call('goods.list', {})) as AdminSkuPage
    expect(all.skus.length).toBeGreaterThan(5)
    expect((ok(await call('goods.list', { query: '100%' })) as AdminSkuPage).skus).toEqual([])
    invalid(await call('goods.list', { cursor: 'garbage!' }), 'cursor')
  })
})
