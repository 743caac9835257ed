// Migrations are listed here rather than read from the folder, so that the bundled desktop app
// carries them without a file system lookup.
import type { Migration } from 'kysely'
import * as initial from './001_initial'
import * as orderUpdatedIndex from './002_order_updated_index'
import * as paymentAttempts from './003_payment_attempts'
import * as admin from './004_admin'
import * as billMatching from './005_bill_matching'
import * as wideAmounts from './006_wide_amounts'
import * as paymentKeysCartRemovals from './007_payment_keys_cart_removals'
import * as sessions from './008_sessions'
import * as loginThrottle from './009_login_throttle'
import * as parkedSales from './013_parked_sales'
import * as orderAmountIndex from './017_order_amount_index'
import * as cashierPins from './018_cashier_pins'
import * as weighedGoods from './019_weighed_goods'
import * as ticketNumbers from './020_ticket_numbers'
import * as skuSearchKey from './021_sku_search_key'
import * as cartScanOrder from './023_cart_scan_order'
import * as shifts from './025_shifts'
import * as zReports from './026_z_reports'
import * as lineDiscounts from './027_line_discounts'
import * as returns from './028_returns'

export const migrations: Record<string, Migration> = {
  '001_initial': initial,
  '002_order_updated_index': orderUpdatedIndex,
  '003_payment_attempts': paymentAttempts,
  '004_admin': admin,
  '005_bill_matching': billMatching,
  '006_wide_amounts': wideAmounts,
  '007_payment_keys_cart_removals': paymentKeysCartRemovals,
  '008_sessions': sessions,
  '009_login_throttle': loginThrottle,
  '013_parked_sales': parkedSales,
  '017_order_amount_index': orderAmountIndex,
  '018_cashier_pins': cashierPins,
  '019_weighed_goods': weighedGoods,
  '020_ticket_numbers': ticketNumbers,
  '021_sku_search_key': skuSearchKey,
  '023_cart_scan_order': cartScanOrder,
  '025_shifts': shifts,
  '026_z_reports': zReports,
  '027_line_discounts': lineDiscounts,
  '028_returns': returns,
}
