import type { AlipayGateway } from '../alipay/client/alipay-gateway'
import type { Actor, Core } from '../core/core'
import type { PaymentRow } from '../db/schema'
import type { PaymentSettings } from './payment-options'
import type { CheckResult } from './pending-trades'
import { settleUnpaid } from './settle'

/**
 * alipay.trade.cancel, again while it says retry_flag Y or its outcome is unknown (a cancel that
 * happened but whose answer was lost is harmless to send again: it answers as before).
 */
export async function cancelAlipayTrade(
  core: Core,
  gateway: AlipayGateway,
  options: PaymentSettings,
  system: Actor,
  payment: PaymentRow,
  reason: string,
): Promise<CheckResult> {
  for (let attempt = 1; attempt <= options.cancelAttempts; attempt++) {
    const answer = await gateway.cancel(payment.out_trade_no)
    if (answer.kind === 'succeeded') {
      // action "refund": the customer paid just before, and Alipay gave the money back.
      const action = typeof answer.body.action === 'string' ? answer.body.action : 'close'
      const detail = { reason, action, ...(action === 'refund' ? { refundedByAlipay: true } : {}) }
      return (await settleUnpaid(core, payment, 'closed', system, detail)) ? 'closed' : 'settled'
    }
    const retry = answer.kind === 'unknown' || answer.body.retryFlag === 'Y'
    if (!retry) {
      core.log.warn({ paymentId: payment.id, answer }, 'the trade could not be cancelled')
      return 'pending'
    }
    if (attempt < options.cancelAttempts) await sleep(options.cancelRetryMs)
  }
  return 'pending'
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
