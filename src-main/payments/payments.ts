// The payments feature put together: the gateway client, the payment and refund services, the
// notify route, and the hook that cancels an order's pending trade when the order is cancelled
// or expires.
import type { AlipayGateway } from '../alipay/client/alipay-gateway'
import type { Core } from '../core/core'
import type { PostRoute } from '../http/server'
import { onUnpaidOrderClosed } from '../orders/order-lifecycle.service'
import { alipayNotifyRoute } from './alipay-notify'
import type { PaymentOptions } from './payment-options'
import { PaymentService } from './payments.service'
import { RefundService } from './refunds.service'

export interface Payments {
  service: PaymentService
  refunds: RefundService
  /** For `pos serve`: { '/alipay/notify': … } when there is a gateway. */
  postRoutes: Record<string, PostRoute>
  /** Every pending payment and refund looked at once and settled. */
  reconcile(): Promise<{
    checked: number
    paid: number
    closed: number
    pending: number
    refundsSettled: number
    refundsPending: number
  }>
  close(): Promise<void>
}

export function createPayments(core: Core, gateway: AlipayGateway | null, options: PaymentOptions = {}): Payments {
  const refunds = new RefundService(core, gateway)
  const service = new PaymentService(core, gateway, options, (refundId) => refunds.autoRefund(refundId))
  const stopHook = onUnpaidOrderClosed(core, (orderId) => service.closePendingTradesLater(orderId))
  return {
    service,
    refunds,
    postRoutes: gateway ? { '/alipay/notify': alipayNotifyRoute(gateway, service, core.log) } : {},
    async reconcile() {
      const payments = await service.reconcile()
      const settled = await refunds.reconcile()
      return { ...payments, refundsSettled: settled.succeeded, refundsPending: settled.pending }
    },
    async close() {
      stopHook()
      await service.close()
    },
  }
}

/** After a crash or restart every pending payment is looked at again, in the background; never throws. */
export function reconcileAtStart(payments: Payments, log: Core['log']): Promise<void> {
  return payments.reconcile().then(
    (result) => {
      if (result.checked + result.refundsSettled + result.refundsPending > 0)
        log.info(result, 'reconciled pending payments')
    },
    (error: unknown) =>
      log.warn(
        { err: error },
        'reconciling pending payments failed; pending payments are looked at again on the next start',
      ),
  )
}
