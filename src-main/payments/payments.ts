// The payments feature put together: the gateway client, the payment and refund services, the
// notify handler (mounted by the HTTP layer), and what to do when an unpaid order is closed.
import type { AlipayGateway } from '../alipay/client/alipay-gateway'
import type { RefundView, ReturnableView, ReturnView } from '../../src-shared/contract'
import type { Actor, Core } from '../core/core'
import type { OrderHooks } from '../orders/order-lifecycle.service'
import { type AlipayNotifyHandler, alipayNotifyHandler } from './alipay-notify'
import type { PaymentOptions } from './payment-options'
import { paymentSettings } from './payment-options'
import { type PaymentService, paymentService } from './payments.service'
import { PendingTrades } from './pending-trades'
import { autoRefund, reconcileRefunds, refund, type RefundInput } from './refunds.service'
import {
  returnableOfOrder,
  returnFromOrder,
  type ReturnFromOrderInput,
  returnWithoutOrder,
  type ReturnWithoutOrderInput,
} from '../returns/returns.service'

/** The refund functions (refunds.service.ts) bound to this store and gateway. */
export interface Refunds {
  refund(actor: Actor, input: RefundInput): Promise<RefundView>
  /** Returns the money of a payment that could not pay its order (see settle.ts). */
  autoRefund(refundId: number): Promise<'succeeded' | 'failed' | 'pending'>
  reconcile(): Promise<{ succeeded: number; pending: number }>
}

/** Returns by line (returns/returns.service.ts), bound like the refunds they make. */
export interface Returns {
  ofOrder(actor: Actor, orderId: number): Promise<ReturnableView>
  fromOrder(actor: Actor, input: ReturnFromOrderInput): Promise<ReturnView>
  withoutOrder(actor: Actor, input: ReturnWithoutOrderInput): Promise<ReturnView>
}

export interface Payments {
  service: PaymentService
  refunds: Refunds
  returns: Returns
  /** Alipay's asynchronous notice, when there is a gateway to verify it with. */
  notify: AlipayNotifyHandler | null
  /** Passed to the orders at composition: an unpaid order closed cancels its pending trade. */
  orderHooks: OrderHooks
  /** Every pending payment and refund looked at once and settled. */
  reconcile(): Promise<{
    checked: number
    /** Money found for attempts given up in the last 24 hours, and settled. */
    latePaid: number
    paid: number
    closed: number
    pending: number
    refundsSettled: number
    refundsPending: number
  }>
  close(): Promise<void>
}

export function createPayments(core: Core, gateway: AlipayGateway | null, options: PaymentOptions = {}): Payments {
  const settings = paymentSettings(options)
  const context = { core, gateway, confirmWaitMs: settings.refundConfirmWaitMs }
  const refunds: Refunds = {
    refund: (actor, input) => refund(context, actor, input),
    autoRefund: (refundId) => autoRefund(context, refundId),
    reconcile: () => reconcileRefunds(context),
  }
  const returns: Returns = {
    ofOrder: (actor, orderId) => returnableOfOrder(context, actor, orderId),
    fromOrder: (actor, input) => returnFromOrder(context, actor, input),
    withoutOrder: (actor, input) => returnWithoutOrder(context, actor, input),
  }
  const trades = new PendingTrades(core, gateway, settings, (refundId) => refunds.autoRefund(refundId))
  const service = paymentService({ core, gateway, options: settings, trades })
  return {
    service,
    refunds,
    returns,
    notify: gateway ? alipayNotifyHandler(gateway, service, core.log) : null,
    // After close() the service ignores it: its poller is closed.
    orderHooks: { unpaidOrderClosed: (orderId) => service.closePendingTradesLater(orderId) },
    async reconcile() {
      const payments = await service.reconcile()
      const settled = await refunds.reconcile()
      return { ...payments, refundsSettled: settled.succeeded, refundsPending: settled.pending }
    },
    async close() {
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
