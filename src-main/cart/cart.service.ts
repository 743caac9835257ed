import type { CartView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { findSkusByIds } from '../catalog/catalog.repository'
import type { Actor, Core } from '../core/core'
import type { SkuRow } from '../db/schema'
import { pricedLine } from '../orders/quote'
import { MAX_LINE_COUNT } from './cart.store'

export async function getCart(core: Core, actor: Actor): Promise<CartView> {
  const counts = await core.cart.lines(actor.tillId)
  const skus = new Map((await findSkusByIds(core.store.db, [...counts.keys()])).map((s) => [s.id, s]))
  // In the cart's own order, which is the order the lines were scanned in.
  const lines = [...counts].flatMap(([skuId, count]) => {
    const sku = skus.get(skuId)
    return sku ? [{ ...pricedLine(sku, count), onSale: sku.on_sale === 1 }] : []
  })
  return {
    lines,
    totalCount: lines.reduce((sum, l) => sum + l.count, 0),
    goodsFen: lines.reduce((sum, l) => sum + l.lineFen, 0),
  }
}

/** A SKU that may go into a cart with `count` units: it exists, is on sale and has the stock. */
async function sellableSku(core: Core, skuId: number, count: number): Promise<SkuRow> {
  const [sku] = await findSkusByIds(core.store.db, [skuId])
  if (!sku) throw new PosError('SKU_NOT_FOUND', undefined, { skuId })
  if (sku.on_sale !== 1) throw new PosError('SKU_OFF_SALE', undefined, { skuId, name: sku.name })
  if (sku.stock < count) {
    throw new PosError('INSUFFICIENT_STOCK', `Only ${sku.stock} ${sku.unit} of ${sku.name} left.`, {
      skuId,
      name: sku.name,
      asked: count,
      left: sku.stock,
    })
  }
  return sku
}

export async function addToCart(core: Core, actor: Actor, skuId: number, count: number): Promise<CartView> {
  const inCart = (await core.cart.lines(actor.tillId)).get(skuId) ?? 0
  await sellableSku(core, skuId, inCart + count)
  const next = await core.cart.add(actor.tillId, skuId, count)
  if (next === null) {
    throw new PosError('INVALID_INPUT', `At most ${MAX_LINE_COUNT} of one item per order.`, {
      fields: { count: `at most ${MAX_LINE_COUNT} in the cart` },
    })
  }
  return getCart(core, actor)
}

export async function setCartCount(core: Core, actor: Actor, skuId: number, count: number): Promise<CartView> {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_LINE_COUNT) {
    throw new PosError('INVALID_INPUT', `From 1 to ${MAX_LINE_COUNT} of one item per order.`, {
      fields: { count: `1 to ${MAX_LINE_COUNT}` },
    })
  }
  await sellableSku(core, skuId, count)
  await core.cart.set(actor.tillId, skuId, count)
  return getCart(core, actor)
}

export async function removeFromCart(core: Core, actor: Actor, skuId: number): Promise<CartView> {
  await core.cart.remove(actor.tillId, skuId)
  return getCart(core, actor)
}

export async function clearCart(core: Core, actor: Actor): Promise<CartView> {
  await core.cart.clear(actor.tillId)
  return getCart(core, actor)
}
