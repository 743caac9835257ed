// Alipay's asynchronous notice: a form signed by Alipay. Verified, it is treated exactly like a
// query that gave the same answer. Alipay keeps sending it until the reply is exactly `success`.
// This file knows nothing of HTTP: `pos serve` mounts the handler at /alipay/notify
// (src-main/http/alipay-notify-route.ts).
import type { Logger } from 'pino'
import type { AlipayGateway } from '../alipay/client/alipay-gateway'
import type { PaymentService } from './payments.service'

/**
 * What the notify handler answers. `reply` is the text Alipay reads (only `success` stops its
 * retries); `outcome` says why, for the transport to choose its status.
 */
export interface AlipayNotifyReply {
  reply: 'success' | 'fail'
  outcome: 'settled' | 'forged' | 'unknown-trade' | 'failed'
}

/** Takes the notify's form fields (and, for the log, who sent them) and returns the reply. */
export type AlipayNotifyHandler = (fields: Record<string, string>, from?: string) => Promise<AlipayNotifyReply>

export function alipayNotifyHandler(
  gateway: AlipayGateway,
  payments: PaymentService,
  log: Logger,
): AlipayNotifyHandler {
  return async (fields, from) => {
    if (!gateway.verifyNotify(fields)) {
      log.warn({ outTradeNo: fields.out_trade_no, from }, 'an Alipay notify with a bad signature was refused')
      return { reply: 'fail', outcome: 'forged' }
    }
    try {
      // An unknown trade may be one whose row is not committed yet: Alipay will send it again.
      return (await payments.notified(fields)) === 'ok'
        ? { reply: 'success', outcome: 'settled' }
        : { reply: 'fail', outcome: 'unknown-trade' }
    } catch (error) {
      log.error(
        { err: error, outTradeNo: fields.out_trade_no },
        'handling an Alipay notify failed; Alipay will send it again',
      )
      return { reply: 'fail', outcome: 'failed' }
    }
  }
}
