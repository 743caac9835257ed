// Alipay's asynchronous notice (POST /alipay/notify on `pos serve`, for shops with a public
// address): a form signed by Alipay. Verified, it is treated exactly like a query that gave the
// same answer; Alipay keeps sending it until the reply is exactly `success`.
import type { PostRoute } from '../http/server'
import type { Logger } from 'pino'
import type { AlipayGateway } from '../alipay/client/alipay-gateway'
import type { PaymentService } from './payments.service'

export function alipayNotifyRoute(gateway: AlipayGateway, payments: PaymentService, log: Logger): PostRoute {
  const reply = (status: number, body: string) => ({ status, contentType: 'text/plain; charset=utf-8', body })
  return async (request) => {
    const fields = Object.fromEntries(new URLSearchParams(request.body.toString('utf8')))
    if (!gateway.verifyNotify(fields)) {
      log.warn(
        { outTradeNo: fields.out_trade_no, from: request.remoteAddress },
        'an Alipay notify with a bad signature was refused',
      )
      return reply(400, 'fail')
    }
    try {
      // An unknown trade may be one whose row is not committed yet: Alipay will send it again.
      return (await payments.notified(fields)) === 'ok' ? reply(200, 'success') : reply(404, 'fail')
    } catch (error) {
      log.error(
        { err: error, outTradeNo: fields.out_trade_no },
        'handling an Alipay notify failed; Alipay will send it again',
      )
      return reply(500, 'fail')
    }
  }
}
