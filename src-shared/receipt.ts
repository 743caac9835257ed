// The receipt (小票), as one model built by the main process (src-main/receipts) and drawn twice:
// as ESC/POS bytes for the network printer and as the printable page for the system print
// dialog. The words printed on it are here too, so that both read the same (docs/RECEIPTS.md).
import type { Language } from './contract/settings'
import { fenToYuanString } from './money'
import type { PayMethod } from './order-status'
import { quantityText } from './weight'

/** Receipt paper: 58 mm (32 characters a line) or 80 mm (48). */
export const paperWidths = [58, 80] as const
export type PaperWidth = (typeof paperWidths)[number]

export interface ReceiptLine {
  name: string
  /** Pieces, or grams when unitGrams is set. */
  count: number
  /** Grams per priced unit of a weighed line (500 斤, 1000 kg); null for pieces. */
  unitGrams: number | null
  /** The price per piece, or per unit of weight. */
  unitPriceFen: number
  /** The line at its list price. */
  amountFen: number
  /** Its share of the order's discounts (docs/DISCOUNTS.md), printed under it when not 0. */
  discountFen: number
}

export interface ReceiptPayment {
  method: PayMethod
  amountFen: number
  /** Cash: what the customer handed over; null otherwise. */
  tenderedFen: number | null
}

export interface ReceiptDiscount {
  /** The discounts given (lines, overrides, the order's), or 抹零. */
  kind: 'discount' | 'roundDown'
  /** What it took off, as a positive amount. */
  fen: number
}

export interface ReceiptModel {
  shopName: string
  /** The short ticket number (e.g. T1-0042), printed large; null for an order that has none. */
  ticketNo: string | null
  orderNo: string
  /** When it was paid, in China time: YYYY-MM-DD HH:mm:ss. */
  time: string
  tillId: string
  cashier: string
  /** The member's name and masked phone (138****0000); null for a walk-in sale. */
  member: string | null
  lines: ReceiptLine[]
  /** The goods at their list prices; the discounts follow. */
  goodsFen: number
  freightFen: number
  discounts: ReceiptDiscount[]
  totalFen: number
  /** The payments that paid the order, in the order they were made. */
  payments: ReceiptPayment[]
  /** Cash handed back. */
  changeFen: number
  /** Refunded since (a reprint of a refunded order says so). */
  refundedFen: number
  /** Paid against the built-in Alipay sandbox: no real money moved. */
  sandbox: boolean
  /** A reprint (重打), marked as a copy. */
  copy: boolean
  /** What the CODE128 barcode holds: the order number, scanned for returns. */
  barcode: string
}

/** What the screens get: the receipt and how this till prints it. */
export interface ReceiptView {
  receipt: ReceiptModel
  paperWidth: PaperWidth
  /** A network printer is set in this till's settings (POS_PRINTER). */
  printerSet: boolean
  /** The order's CODE128 barcode as an SVG image, for the print dialog's receipt. */
  barcodeSvg: string
}

/** Where a receipt went: the printer's host:port, and whether the cash drawer was opened. */
export interface PrintedReceipt {
  printer: string
  drawerOpened: boolean
}

/**
 * One line of goods as printed: quantity × unit price = amount. Every rendering goes through
 * here, so that a new kind of line (weighed goods) changes one function.
 */
export function receiptLineText(line: ReceiptLine): { name: string; quantity: string; amount: string } {
  return {
    name: line.name,
    // "2 × 3.50", or for a weighed line "0.734 斤 × 5.20": the price per unit of weight.
    quantity: `${quantityText(line.count, line.unitGrams)} × ${fenToYuanString(line.unitPriceFen)}`,
    amount: fenToYuanString(line.amountFen),
  }
}

/** The words on a receipt, in the shop's language (the printer) or the screen's (the print dialog). */
export const receiptWords = {
  zh: {
    copy: '重打小票 COPY',
    sandbox: 'SANDBOX 沙箱交易 · 非真实付款',
    ticket: '小票号',
    orderNo: '订单号',
    time: '时间',
    till: '收银台',
    cashier: '收银员',
    member: '会员',
    goods: '商品',
    amount: '金额',
    goodsTotal: '商品合计',
    discount: '优惠',
    roundDown: '抹零',
    freight: '运费',
    total: '应付合计',
    tendered: '实收',
    change: '找零',
    refunded: '已退款',
    thanks: '谢谢惠顾，欢迎再来',
  },
  en: {
    copy: 'COPY (reprint)',
    sandbox: 'SANDBOX · not a real payment',
    ticket: 'Ticket',
    orderNo: 'Order no.',
    time: 'Time',
    till: 'Till',
    cashier: 'Cashier',
    member: 'Member',
    goods: 'Goods',
    amount: 'Amount',
    goodsTotal: 'Goods total',
    discount: 'Discount',
    roundDown: 'Rounded down',
    freight: 'Delivery',
    total: 'Total',
    tendered: 'Tendered',
    change: 'Change',
    refunded: 'Refunded',
    thanks: 'Thank you, see you again',
  },
} satisfies Record<Language, Record<string, string>>

export type ReceiptWords = (typeof receiptWords)['zh']
