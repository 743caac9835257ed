// The gateway methods the sandbox implements, by Alipay's method name.
import { barcodePay } from './barcode-pay'
import { billDownloadUrl } from './bill-download'
import type { GatewayMethod } from './method'
import { precreate } from './precreate'
import { cancel, close, query } from './query-close-cancel'
import { refund, refundQuery } from './refund'

export const gatewayMethods: Readonly<Record<string, GatewayMethod>> = {
  'alipay.trade.precreate': precreate,
  'alipay.trade.pay': barcodePay,
  'alipay.trade.query': query,
  'alipay.trade.close': close,
  'alipay.trade.cancel': cancel,
  'alipay.trade.refund': refund,
  'alipay.trade.fastpay.refund.query': refundQuery,
  'alipay.data.dataservice.bill.downloadurl.query': billDownloadUrl,
}
