// alipay.data.dataservice.bill.downloadurl.query: a short-lived URL to the day's bill.
import { billDatePattern } from '../../bill-format'
import { invalidParameter, success } from '../answers'
import { chinaTime } from '../formats'
import { field, type GatewayMethod } from './method'

export const billDownloadUrl: GatewayMethod = ({ biz, book, billUrlFor }) => {
  if (field(biz, 'bill_type') !== 'trade') return invalidParameter('bill_type', 'the sandbox serves trade bills')
  const billDate = field(biz, 'bill_date')
  if (!billDate || !billDatePattern.test(billDate)) return invalidParameter('bill_date', 'must be YYYY-MM-DD')
  // Alipay has no bill for a day that has not begun; the sandbox serves today's as it stands so far.
  if (billDate > chinaTime(book.now()).slice(0, 10)) return invalidParameter('bill_date', 'is in the future')
  return success({ bill_download_url: billUrlFor(billDate) })
}
