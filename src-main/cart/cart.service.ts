import type { CartView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { maxLineQuantity } from '../../src-shared/weight'
import { findSkusByIds } from '../catalog/catalog.repository'
import type { Actor, Core } from '../core/core'
import type { CartQuantity } from './cart.store'
import type { SkuRow } from '../db/schema'
import { itemCount, pricedLine } from '../orders/quote'
import { insufficientStock } from '../orders/stock'

/**
 * `justRead`: SKU rows the caller read a moment ago (the one it added): not read again. `basket`:
 * the cart as a change just left it, when the change answered with it.
 */
export async function getCart(
  core: Core,
  actor: Actor,
  justRead: readonly SkuRow[] = [],
  basket?: ReadonlyMap<number, CartQuantity>,
): Promise<CartView> {
  basket ??= await core.cart.basket(actor.tillId)
  const skus = new Map(justRead.map((s) => [s.id, s]))
  const unread = [...basket.keys()].filter((id) => !skus.has(id))
  for (const sku of await findSkusByIds(core.store.db, unread)) skus.set(sku.id, sku)
  // In the cart's own order, which is the order the lines were scanned in.
  const lines = [...basket].flatMap(([skuId, quantity]) => {
    const sku = skus.get(skuId)
    return sku ? [{ ...pricedLine(sku, quantity), onSale: sku.on_sale === 1 }] : []
  })
  return {
    lines,
    totalCount: itemCount(lines),
    goodsFen: lines.reduce((sum, l) => sum + l.lineFen, 0),
  }
}

/** A SKU that may go into a cart with `count` units: it exists, is on sale, within the line bound, in stock. */
export async function sellableSku(core: Core, skuId: number, count: number): Promise<SkuRow> {
  const [sku] = await findSkusByIds(core.store.db, [skuId])
  if (!sku) throw new PosError('SKU_NOT_FOUND', undefined, { skuId })
  if (sku.on_sale !== 1) throw new PosError('SKU_OFF_SALE', undefined, { skuId, name: sku.name })
  const limit = lineLimitError(sku, count)
  if (limit) throw limit
  if (sku.stock < count) throw insufficientStock(sku, count)
  return sku
}

/**
 * A line of `sku` may hold 1 to 999 pieces, or 1 g to maxLineGrams of a weight SKU: the contract
 * lets through the larger of the two, the SKU decides which applies.
 */
export function lineLimitError(sku: SkuRow, count: number): PosError | null {
  const max = maxLineQuantity({ saleMode: sku.sale_mode, unitGrams: sku.unit_grams })
  if (Number.isSafeInteger(count) && count >= 1 && count <= max) return null
  const grams = sku.sale_mode === 'by_weight'
  return new PosError('INVALID_INPUT', `From 1 to ${max}${grams ? ' g' : ''} of one item per order.`, {
    fields: { count: `1 to ${max}${grams ? ' grams' : ''}` },
    max,
  })
}

export async function addToCart(core: Core, actor: Actor, skuId: number, count: number): Promise<CartView> {
  const inCart = (await core.cart.lines(actor.tillId)).get(skuId) ?? 0
  const sku = await sellableSku(core, skuId, inCart + count)
  const next = await core.cart.add(actor.tillId, skuId, count, maxLineQuantity(measureOf(sku)))
  if (next === null) throw lineLimitError(sku, Number.MAX_SAFE_INTEGER) as PosError
  return getCart(core, actor, [sku])
}

export async function setCartCount(core: Core, actor: Actor, skuId: number, count: number): Promise<CartView> {
  const sku = await sellableSku(core, skuId, count)
  return getCart(core, actor, [sku], await core.cart.set(actor.tillId, skuId, count))
}

export const measureOf = (sku: SkuRow) => ({ saleMode: sku.sale_mode, unitGrams: sku.unit_grams })

export async function removeFromCart(core: Core, actor: Actor, skuId: number): Promise<CartView> {
  await core.cart.remove(actor.tillId, skuId)
  return getCart(core, actor)
}

export async function clearCart(core: Core, actor: Actor): Promise<CartView> {
  await core.cart.clear(actor.tillId)
  return getCart(core, actor)
}
