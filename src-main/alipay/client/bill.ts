// The daily trade bill, from the gateway's download URL to typed rows: ask for the URL (an answer
// classed like any other), download the zip within a deadline, unzip, decode GBK and read the
// detail file (layout in ../bill-format.ts). Never throws: a bill we cannot get is `unavailable`.
import { unzipSync } from 'fflate'
import iconv from 'iconv-lite'
import { type Fen, yuanStringToFen } from '../../../src-shared/money'
import { parseChinaTime } from '../china-time'
import { billRowKinds, type DetailColumn, detailFileSuffix } from '../bill-format'
import { type AlipayGateway, defaultReadTimeoutMs } from './alipay-gateway'

export interface BillRow {
  tradeNo: string
  outTradeNo: string
  kind: 'payment' | 'refund'
  /** The amount that moved, in fen: positive for both a payment and a refund. */
  amountFen: Fen
  /** The refund's out_request_no (Alipay's 退款批次号/请求号); null for a payment. */
  outRequestNo: string | null
  subject: string
  /** When it completed (epoch ms). */
  atMs: number
}

export type BillResult = { kind: 'bill'; rows: BillRow[] } | { kind: 'unavailable'; message: string }

export async function fetchDailyBill(
  gateway: AlipayGateway,
  billDate: string,
  timeoutMs = defaultReadTimeoutMs,
): Promise<BillResult> {
  const answer = await gateway.billDownloadUrl(billDate)
  if (answer.kind === 'refused') return { kind: 'unavailable', message: `Alipay refused: ${answer.reason}` }
  if (answer.kind === 'unknown') return { kind: 'unavailable', message: answer.message }
  const url = answer.body.billDownloadUrl
  if (typeof url !== 'string') return { kind: 'unavailable', message: 'the answer has no bill_download_url' }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    if (!response.ok) return { kind: 'unavailable', message: `the bill download answered HTTP ${response.status}` }
    return { kind: 'bill', rows: readBillZip(new Uint8Array(await response.arrayBuffer())) }
  } catch (error) {
    return { kind: 'unavailable', message: `the bill download failed: ${(error as Error).message}` }
  }
}

/** The detail rows of a bill zip; throws when it is not one. */
export function readBillZip(zip: Uint8Array): BillRow[] {
  const files = unzipSync(zip)
  const detailName = Object.keys(files).find((name) => name.endsWith(detailFileSuffix))
  if (!detailName) throw new Error('the bill zip has no detail file')
  return parseDetail(iconv.decode(Buffer.from(files[detailName] as Uint8Array), 'gbk'))
}

function parseDetail(text: string): BillRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'))
  const [headerLine, ...rowLines] = lines
  if (!headerLine) throw new Error('the bill has no column header')
  const header = headerLine.split(',').map((name) => name.trim())
  const at = (column: DetailColumn) => {
    const index = header.indexOf(column)
    if (index < 0) throw new Error(`the bill has no column ${column}`)
    return index
  }
  const columns = {
    tradeNo: at('支付宝交易号'),
    outTradeNo: at('商户订单号'),
    kind: at('业务类型'),
    subject: at('商品名称'),
    done: at('完成时间'),
    amount: at('订单金额（元）'),
    outRequestNo: at('退款批次号/请求号'),
  }
  return rowLines.flatMap((line): BillRow[] => {
    const cells = line.split(',').map((cell) => cell.trim())
    const cell = (index: number) => cells[index] ?? ''
    const kind = cell(columns.kind)
    if (kind !== billRowKinds.payment && kind !== billRowKinds.refund) return []
    const refund = kind === billRowKinds.refund
    return [
      {
        tradeNo: cell(columns.tradeNo),
        outTradeNo: cell(columns.outTradeNo),
        kind: refund ? 'refund' : 'payment',
        amountFen: Math.abs(yuanStringToFen(cell(columns.amount))),
        outRequestNo: refund ? cell(columns.outRequestNo) || null : null,
        subject: cell(columns.subject),
        atMs: parseChinaTime(cell(columns.done)),
      },
    ]
  })
}
