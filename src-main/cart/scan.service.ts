// What the sell screen's scan field sends (docs/ORDERS.md, "Scale labels"): a counter scale's
// label goes into the cart as the label says — its amount is what the customer pays — and an
// ordinary barcode adds one piece, or, for goods sold by weight, asks the cashier for the weight.
import type { ScanResult } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { readScaleLabel, type ScaleLabel } from '../../src-shared/scale-label'
import { maxLineGrams } from '../../src-shared/weight'
import { findSkuByScaleCode } from '../catalog/catalog-admin.repository'
import { findSkuByBarcode } from '../catalog/catalog.repository'
import { toSkuView } from '../catalog/catalog.service'
import type { Actor, Core } from '../core/core'
import type { SkuRow } from '../db/schema'
import { shopSettings } from '../settings/settings.service'
import { addToCart, getCart, lineLimitError, sellableSku } from './cart.service'

export async function scanIntoCart(core: Core, actor: Actor, code: string): Promise<ScanResult> {
  const reading = readScaleLabel(code, (await shopSettings(core)).scaleLabelFormats)
  if (reading?.kind === 'bad-check')
    throw new PosError('INVALID_BARCODE', undefined, { barcode: code, reason: 'check-digit', ...reading })
  if (reading?.kind === 'empty') throw new PosError('INVALID_BARCODE', undefined, { barcode: code, reason: 'empty' })
  if (reading) return addLabel(core, actor, code, reading.label)

  const sku = await findSkuByBarcode(core.store.db, code)
  if (!sku) throw new PosError('SKU_NOT_FOUND', undefined, { barcode: code })
  if (sku.sale_mode === 'by_weight') {
    // Nothing goes into the cart before its weight is known: the screen asks for it.
    if (sku.on_sale !== 1) throw new PosError('SKU_OFF_SALE', undefined, { skuId: sku.id, name: sku.name })
    return { cart: await getCart(core, actor, [sku]), scanned: { kind: 'needsWeight', sku: toSkuView(sku) } }
  }
  const cart = await addToCart(core, actor, sku.id, 1)
  return { cart, scanned: { kind: 'piece', sku: toSkuView(sku) } }
}

/**
 * A label's grams go into the SKU's line with, when it carries one, the label's amount: that part
 * of the line then costs what the label said, whatever the price is now. A label with an amount
 * and no weight gives the grams for stock from amount ÷ price (half up); one with a weight and no
 * amount is priced by the SKU like grams typed at the till.
 */
async function addLabel(core: Core, actor: Actor, code: string, label: ScaleLabel): Promise<ScanResult> {
  const found = await findSkuByScaleCode(core.store.db, label.code)
  if (!found || found.sale_mode !== 'by_weight')
    throw new PosError('SKU_NOT_FOUND', undefined, { barcode: code, scaleCode: label.code })
  const grams = label.grams ?? gramsOfAmount(found, label.amountFen ?? 0, code)
  const inCart = (await core.cart.lines(actor.tillId)).get(found.id) ?? 0
  const sku = await sellableSku(core, found.id, inCart + grams)
  const scanned = { kind: 'label' as const, sku: toSkuView(sku), grams, labelFen: label.amountFen }
  if (label.amountFen === null) return { cart: await addToCart(core, actor, sku.id, grams), scanned }
  const next = await core.cart.addLabel(actor.tillId, sku.id, grams, label.amountFen, maxLineGrams)
  if (next === null) throw lineLimitError(sku, Number.MAX_SAFE_INTEGER) as PosError
  return { cart: await getCart(core, actor, [sku]), scanned }
}

/** The grams an amount buys at the SKU's price per unit, half up: what the stock gives for a label without a weight. */
function gramsOfAmount(sku: SkuRow, amountFen: number, code: string): number {
  const unitGrams = sku.unit_grams ?? 1000
  if (sku.price_fen <= 0) throw new PosError('INVALID_BARCODE', undefined, { barcode: code, reason: 'no-price' })
  const grams = Math.floor((2 * amountFen * unitGrams + sku.price_fen) / (2 * sku.price_fen))
  return Math.max(grams, 1)
}
