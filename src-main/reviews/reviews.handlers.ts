import type { Core } from '../core/core'
import type { StaffHandlers } from '../contract/handlers'
import { reviewsOfSku } from './reviews.service'

export const reviewHandlers = (core: Core) =>
  ({
    'reviews.ofSku': (input) => reviewsOfSku(core, input),
  }) satisfies Pick<StaffHandlers, 'reviews.ofSku'>
