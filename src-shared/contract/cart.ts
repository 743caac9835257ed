import { z } from 'zod'
import { text } from '../text'
import type { SkuView } from './catalog'
import type { MemberView } from './members'
import { cartCount, id, memberPhone, method } from './method'
import type { QuoteLine } from './orders'

/** A cart line is a quote line plus whether the goods are still on sale. */
export interface CartLineView extends QuoteLine {
  onSale: boolean
}

export interface CartView {
  lines: CartLineView[]
  totalCount: number
  goodsFen: number
}

/** A parked sale (挂单) as the recall list shows it; the total is at today's prices. */
export interface ParkedSaleView {
  id: number
  label: string
  /** How many lines, and how many goods on them. */
  lineCount: number
  totalCount: number
  goodsFen: number
  parkedAt: number
  /** How long ago it was parked, by the till's clock when the list was read. */
  ageMs: number
  expiresAt: number
  /** Where and by whom it was parked. */
  tillId: string
  username: string
  memberName: string | null
}

export interface ParkedView {
  /** This till's cart after parking: empty. */
  cart: CartView
  sale: ParkedSaleView
}

export interface RecalledView {
  /** This till's cart, now holding the recalled basket. */
  cart: CartView
  /** The member the sale was parked with, for the sell screen's member chip. */
  member: MemberView | null
  sale: ParkedSaleView
}

/** What a scan did: added a piece, added a scale label's grams (and amount), or needs the weight typed. */
export interface ScanResult {
  cart: CartView
  scanned:
    | { kind: 'piece'; sku: SkuView }
    | { kind: 'label'; sku: SkuView; grams: number; labelFen: number | null }
    | { kind: 'needsWeight'; sku: SkuView }
}

/** What a scanner types: an EAN/UPC, an in-store code, or a scale label of 13 or 18 digits. */
export const scannedCode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{1,32}$/)

/** Most characters of a parked sale's label: enough for "穿红衣服的阿姨，还要称鱼". */
export const PARKED_LABEL_MAX = 32

export const cartMethods = {
  'cart.get': method<CartView>()('cashier', z.object({})),
  'cart.add': method<CartView>()('cashier', z.object({ skuId: id, count: cartCount.default(1) })),
  'cart.set': method<CartView>()('cashier', z.object({ skuId: id, count: cartCount })),
  'cart.remove': method<CartView>()('cashier', z.object({ skuId: id })),
  'cart.clear': method<CartView>()('cashier', z.object({})),
  /** A scanned code: a scale label goes in as it says, a barcode adds a piece or asks for the weight. */
  'cart.scan': method<ScanResult>()('cashier', z.object({ code: scannedCode })),
  /** Sets this till's basket aside as a parked sale; the cart is then empty. */
  'cart.park': method<ParkedView>()(
    'cashier',
    z.object({ label: text({ max: PARKED_LABEL_MAX }).default(''), memberPhone: memberPhone.optional() }),
  ),
  /** The parked sales waiting to be recalled, newest first, from every till of the shop. */
  'cart.parked': method<ParkedSaleView[]>()('cashier', z.object({})),
  /** Makes a parked sale this till's basket; this till's cart must be empty. */
  'cart.recall': method<RecalledView>()('cashier', z.object({ id })),
  /** Starts the next customer's sale from an empty basket. */
  'cart.newSale': method<CartView>()('cashier', z.object({})),
}
