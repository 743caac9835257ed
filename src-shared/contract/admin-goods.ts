import { z } from 'zod'
import { maxStock, maxUnitPriceFen } from '../bounds'
import type { SkuView } from './catalog'
import { text } from '../text'
import { type SaleMode, saleModes } from '../weight'
import { cursor, id, method, pageSize } from './method'

/** Why stock changed by hand: goods received (+), shrinkage or damage (−), a stocktake correction (±). */
export const stockMoveReasons = ['receive', 'shrinkage', 'damage', 'count'] as const
export type StockMoveReason = (typeof stockMoveReasons)[number]

export interface GoodsView {
  id: number
  name: string
  description: string
  skus: SkuView[]
}

export interface AdminSkuView extends SkuView {
  goodsName: string
}

export interface AdminSkuPage {
  skus: AdminSkuView[]
  nextCursor: string | null
}

export interface StockMoveView {
  id: number
  skuId: number
  delta: number
  reason: StockMoveReason
  note: string
  stockAfter: number
  staffId: number
  createdAt: number
}

export interface StockMovePage {
  moves: StockMoveView[]
  nextCursor: string | null
}

export const barcode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{1,32}$/, '1–32 of 0-9 A-Z a-z -')
/** Whole fen, within the one set of bounds (bounds.ts). */
export const priceFen = z.number().int().min(0).max(maxUnitPriceFen)
const stockCount = z.number().int().min(0).max(maxStock)
const skuName = text({ min: 1, max: 128 })
const unit = text({ min: 1, max: 16 })
export const saleMode = z.enum(saleModes)
export const unitGrams = z.union([z.literal(500), z.literal(1000)])
/** The item code as the scale prints it: digits, as many as the shop's label format gives it (4–6). */
export const scaleCode = z.string().regex(/^[0-9]{4,6}$/, '4–6 digits, as the scale prints them')

/** A weight SKU names its unit (斤 or kg); a piece SKU has none, nor a scale code. */
function checkMeasure(
  sku: { saleMode?: SaleMode; unitGrams?: number | null; scaleCode?: string | null },
  ctx: z.RefinementCtx,
) {
  if (sku.saleMode === 'by_weight' && (sku.unitGrams === undefined || sku.unitGrams === null))
    ctx.addIssue({ code: 'custom', path: ['unitGrams'], message: 'a weight SKU is priced per 斤 (500) or kg (1000)' })
  if (sku.saleMode === 'by_piece' && sku.unitGrams !== undefined && sku.unitGrams !== null)
    ctx.addIssue({ code: 'custom', path: ['unitGrams'], message: 'a SKU sold by the piece has no unit in grams' })
  if (sku.saleMode === 'by_piece' && sku.scaleCode !== undefined && sku.scaleCode !== null)
    ctx.addIssue({ code: 'custom', path: ['scaleCode'], message: 'only a weight SKU is on a scale' })
}

export const newSkuInput = z
  .object({
    name: skuName,
    barcode,
    unit,
    priceFen,
    /** Pieces, or grams of a weight SKU. */
    stock: stockCount,
    onSale: z.boolean().default(true),
    saleMode: saleMode.default('by_piece'),
    unitGrams: unitGrams.nullable().optional(),
    scaleCode: scaleCode.nullable().optional(),
  })
  .superRefine(checkMeasure)

export const addGoodsInput = z.object({
  name: text({ min: 1, max: 128 }),
  description: text({ max: 500 }).default(''),
  skus: z
    .array(newSkuInput)
    .min(1)
    .max(50)
    .superRefine((skus, ctx) => {
      const seen = new Set<string>()
      skus.forEach((sku, i) => {
        if (seen.has(sku.barcode))
          ctx.addIssue({ code: 'custom', path: [i, 'barcode'], message: 'the same barcode twice' })
        seen.add(sku.barcode)
      })
    }),
})

export const updateSkuInput = z
  .object({
    skuId: id,
    name: skuName.optional(),
    unit: unit.optional(),
    priceFen: priceFen.optional(),
    onSale: z.boolean().optional(),
    /** With unitGrams when it becomes by_weight; only while the SKU has no stock (stock would change meaning). */
    saleMode: saleMode.optional(),
    unitGrams: unitGrams.nullable().optional(),
    /** null takes the code off. */
    scaleCode: scaleCode.nullable().optional(),
  })
  .refine((u) => Object.entries(u).some(([key, value]) => key !== 'skuId' && value !== undefined), {
    message: 'nothing to change',
  })
  .superRefine(checkMeasure)

export const adjustStockInput = z
  .object({
    skuId: id,
    delta: z
      .number()
      .int()
      .min(-maxStock)
      .max(maxStock)
      .refine((d) => d !== 0, 'must not be zero'),
    reason: z.enum(stockMoveReasons),
    note: text({ max: 200 }).default(''),
  })
  .superRefine((move, ctx) => {
    // The sign must fit the reason, so that the audit trail means what it says.
    if (move.reason === 'receive' && move.delta < 0)
      ctx.addIssue({ code: 'custom', path: ['delta'], message: 'receiving goods adds stock' })
    if ((move.reason === 'shrinkage' || move.reason === 'damage') && move.delta > 0) {
      ctx.addIssue({ code: 'custom', path: ['delta'], message: `${move.reason} removes stock` })
    }
  })

export const adminGoodsMethods = {
  'goods.add': method<GoodsView>()('admin', addGoodsInput),
  'goods.updateSku': method<SkuView>()('admin', updateSkuInput),
  'goods.adjustStock': method<{ sku: SkuView; move: StockMoveView }>()('admin', adjustStockInput),
  'goods.list': method<AdminSkuPage>()(
    'admin',
    z.object({ query: text({ max: 64 }).default(''), cursor, limit: pageSize }),
  ),
  'goods.stockMoves': method<StockMovePage>()('admin', z.object({ skuId: id, cursor, limit: pageSize })),
}
