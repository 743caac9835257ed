// Mounts the payments' notify handler at POST /alipay/notify: the form body becomes fields, the
// handler's outcome an HTTP status (Alipay reads only the body; the status helps whoever reads
// the access logs).
import type { AlipayNotifyHandler, AlipayNotifyReply } from '../payments/alipay-notify'
import type { PostRoute } from './server'

export const alipayNotifyPath = '/alipay/notify'

const httpStatus: Record<AlipayNotifyReply['outcome'], number> = {
  settled: 200,
  forged: 400,
  'unknown-trade': 404,
  failed: 500,
}

export function alipayNotifyRoute(notify: AlipayNotifyHandler): PostRoute {
  return async (request) => {
    const fields = Object.fromEntries(new URLSearchParams(request.body.toString('utf8')))
    const { reply, outcome } = await notify(fields, request.remoteAddress)
    return { status: httpStatus[outcome], contentType: 'text/plain; charset=utf-8', body: reply }
  }
}

/** The POST routes of `pos serve`: the notify route when there is a gateway to verify it with. */
export function paymentRoutes(notify: AlipayNotifyHandler | null): Record<string, PostRoute> {
  return notify ? { [alipayNotifyPath]: alipayNotifyRoute(notify) } : {}
}
