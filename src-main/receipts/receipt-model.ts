// The one receipt model (src-shared/receipt.ts), built from the order as the order core keeps it:
// its view, the payments that paid it, who sold it and to whom. Both renderings — the printer's
// bytes and the print dialog's page — draw exactly this.
import type { OrderView } from '../../src-shared/contract'
import type { ReceiptDiscount, ReceiptModel, ReceiptPayment } from '../../src-shared/receipt'
import { chinaTime } from '../alipay/china-time'
import type { Core } from '../core/core'
import { findMemberById } from '../members/members.repository'
import { eventsOfOrder } from '../orders/orders.repository'
import { paymentsOfOrder, refundsOfOrder } from '../payments/payments.repository'
import { shopSettings } from '../settings/settings.service'
import { findStaffById } from '../staff/staff.repository'

export async function buildReceipt(core: Core, order: OrderView, copy: boolean): Promise<ReceiptModel> {
  const db = core.store.db
  const [settings, staff, member, payments, discounts] = await Promise.all([
    shopSettings(core),
    findStaffById(db, order.staffId),
    order.memberId === null ? undefined : findMemberById(db, order.memberId),
    paidPayments(core, order.id),
    discountsOf(core, order),
  ])
  return {
    shopName: settings.tillDisplayName,
    // Orders placed before ticket numbers (migration 020) have none, and print none.
    ticketNo: order.ticketNo,
    orderNo: order.orderNo,
    time: chinaTime(order.paidAt ?? order.createdAt),
    tillId: order.tillId,
    cashier: staff?.username ?? `#${order.staffId}`,
    member: member ? `${member.name} ${maskPhone(member.phone)}`.trim() : null,
    lines: order.lines.map((line) => ({
      name: line.skuName,
      count: line.count,
      unitGrams: line.unitGrams,
      unitPriceFen: line.priceFen,
      amountFen: line.lineFen,
      discountFen: line.discountFen,
    })),
    goodsFen: order.lines.reduce((sum, l) => sum + l.lineFen, 0),
    freightFen: order.freightFen,
    discounts,
    totalFen: order.payFen,
    payments,
    changeFen: payments.reduce((sum, p) => sum + (p.tenderedFen === null ? 0 : p.tenderedFen - p.amountFen), 0),
    refundedFen: order.refundedFen,
    sandbox: core.config.demo || core.config.alipaySandbox === true,
    copy,
    barcode: order.orderNo,
  }
}

/**
 * The lines' discounts in two: 抹零 (as the order's `created` event recorded it) and the rest.
 * Together they are Σ discountFen, so goods − discounts + freight is the total.
 */
async function discountsOf(core: Core, order: OrderView): Promise<ReceiptDiscount[]> {
  const totalFen = order.lines.reduce((sum, l) => sum + l.discountFen, 0)
  if (totalFen === 0) return []
  const created = (await eventsOfOrder(core.store.db, order.id)).find((e) => e.type === 'created')
  const detail = created ? (JSON.parse(created.detail) as { discounts?: { roundedDownFen?: unknown } }) : {}
  const rounded = detail.discounts?.roundedDownFen
  const roundDownFen = typeof rounded === 'number' && rounded <= totalFen ? rounded : 0
  const parts: ReceiptDiscount[] = [
    { kind: 'discount', fen: totalFen - roundDownFen },
    { kind: 'roundDown', fen: roundDownFen },
  ]
  return parts.filter((p) => p.fen > 0)
}

/**
 * The payments that paid the order. A payment that could not pay it (a QR code paid after cash
 * was taken) was paid too, but went back to the buyer by itself: it is no part of the sale.
 */
async function paidPayments(core: Core, orderId: number): Promise<ReceiptPayment[]> {
  const db = core.store.db
  const [payments, refunds] = await Promise.all([paymentsOfOrder(db, orderId), refundsOfOrder(db, orderId)])
  const sentBack = new Set(refunds.filter((r) => r.request_key === null).map((r) => r.payment_id))
  return payments
    .filter((p) => p.status === 'paid' && !sentBack.has(p.id))
    .map((p) => ({ method: p.method, amountFen: p.amount_fen, tenderedFen: p.tendered_fen }))
}

/** 13800138000 → 138****8000: enough for the customer to know it is theirs, not for a stranger. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return phone
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}
