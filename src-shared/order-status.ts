// Order statuses and payment methods keep the codes of the original order module, so that
// reports and operators reading the database see the numbers they know.

export const OrderStatus = {
  UNPAID: 1,
  UNSHIPPED: 2,
  UNRECEIVED: 3,
  UNREVIEWED: 4,
  FINISHED: 5,
  CANCELLED: 6,
  REFUNDED: 7,
} as const
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus]
export const orderStatuses = Object.values(OrderStatus) as OrderStatus[]

export const orderStatusNames: Record<OrderStatus, { en: string; zh: string }> = {
  1: { en: 'Unpaid', zh: '待支付' },
  2: { en: 'To ship', zh: '待发货' },
  3: { en: 'To receive', zh: '待收货' },
  4: { en: 'To review', zh: '待评价' },
  5: { en: 'Finished', zh: '已完成' },
  6: { en: 'Cancelled', zh: '已取消' },
  7: { en: 'Refunded', zh: '已退款' },
}

/**
 * The statuses of an order that is paid and whose money the shop still holds: waiting to ship, on
 * its way, waiting for its review, or finished. Only these may be refunded. A cancelled order was
 * never paid (a payment that arrives after the cancel re-opens it as paid, or is refunded), and a
 * refunded order's money went back.
 */
export const paidStatuses: readonly OrderStatus[] = [
  OrderStatus.UNSHIPPED,
  OrderStatus.UNRECEIVED,
  OrderStatus.UNREVIEWED,
  OrderStatus.FINISHED,
]

/** Takes any number, so that a status read from the wire or a row can be asked directly. */
export function isPaid(status: number): boolean {
  return (paidStatuses as readonly number[]).includes(status)
}

/** The order list's tabs: 'all' plus one per status. */
export const orderTabs = ['all', ...orderStatuses] as const
export type OrderTab = 'all' | OrderStatus

export const PayMethod = { CASH: 1, WECHAT: 2, ALIPAY: 3, CARD: 4 } as const
export type PayMethod = (typeof PayMethod)[keyof typeof PayMethod]
export const payMethods = Object.values(PayMethod) as PayMethod[]

export const payMethodNames: Record<PayMethod, { en: string; zh: string }> = {
  1: { en: 'Cash', zh: '现金' },
  2: { en: 'WeChat Pay', zh: '微信支付' },
  3: { en: 'Alipay', zh: '支付宝' },
  4: { en: 'Bank card', zh: '银行卡' },
}

/** WeChat Pay is listed (the original offered it) but has no integration. */
export const availablePayMethods: ReadonlySet<PayMethod> = new Set([PayMethod.CASH, PayMethod.ALIPAY, PayMethod.CARD])

export type Fulfilment = 'pickup' | 'delivery'
export type Role = 'cashier' | 'admin'
