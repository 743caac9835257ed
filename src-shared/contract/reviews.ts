import { z } from 'zod'
import { cursor, id, method, pageSize } from './method'

export interface SkuReviewView {
  lineId: number
  orderNo: string
  rating: number
  comment: string
  reviewedAt: number
}

export interface SkuReviewPage {
  skuId: number
  averageRating: number | null
  reviewCount: number
  reviews: SkuReviewView[]
  nextCursor: string | null
}

export const reviewMethods = {
  'reviews.ofSku': method<SkuReviewPage>()('cashier', z.object({ skuId: id, cursor, limit: pageSize })),
}
