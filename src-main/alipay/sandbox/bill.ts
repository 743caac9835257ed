// The sandbox's daily trade bill: the payments and refunds of one China day from its trade book,
// written as Alipay ships them (see ../bill-format.ts), zipped and GBK-encoded.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { zipSync } from 'fflate'
import iconv from 'iconv-lite'
import { fenToYuanString } from '../../../src-shared/money'
import { billRowKinds, type DetailColumn, detailColumns, detailFileSuffix, summaryFileSuffix } from '../bill-format'
import { chinaTime } from './formats'
import { sandboxBuyer, sandboxSellerId, type Trade } from './trade-book'

/** Alipay's download URL is good for 30 seconds. */
export const billUrlLifetimeMs = 30_000

/** The account the bill names: the seller id plus Alipay's `0156` suffix. */
const billAccount = `${sandboxSellerId}0156`

type Row = Partial<Record<DetailColumn, string>>

/** The zip for `billDate` (YYYY-MM-DD, China time) built from the trades as they are now. */
export function billZip(trades: readonly Trade[], billDate: string, nowMs: number): Uint8Array {
  const onDay = (ms: number | undefined) => ms !== undefined && chinaTime(ms).slice(0, 10) === billDate
  const rows: Row[] = []
  for (const trade of trades) {
    const common: Row = {
      支付宝交易号: trade.tradeNo,
      商户订单号: trade.outTradeNo,
      // The file has no quoting: Alipay writes the subject with its commas made full-width.
      商品名称: trade.subject.replaceAll(',', '，'),
      创建时间: chinaTime(trade.createdAtMs),
      门店编号: trade.storeId ?? '',
      终端号: trade.terminalId ?? '',
      对方账户: sandboxBuyer.logonId,
    }
    if (onDay(trade.paidAtMs)) {
      const total = fenToYuanString(trade.totalFen)
      rows.push({
        ...common,
        业务类型: billRowKinds.payment,
        完成时间: chinaTime(trade.paidAtMs as number),
        '订单金额（元）': total,
        '商家实收（元）': total,
      })
    }
    for (const refund of trade.refunds.values()) {
      if (!onDay(refund.atMs)) continue
      const amount = fenToYuanString(-refund.refundFen)
      rows.push({
        ...common,
        业务类型: billRowKinds.refund,
        完成时间: chinaTime(refund.atMs),
        '订单金额（元）': amount,
        '商家实收（元）': amount,
        '退款批次号/请求号': refund.outRequestNo,
      })
    }
  }
  rows.sort((a, b) => (a.完成时间 ?? '').localeCompare(b.完成时间 ?? ''))
  const day = billDate.replaceAll('-', '')
  const [y, m, d] = billDate.split('-')
  const next = chinaTime(Date.parse(`${billDate}T00:00:00Z`) + 24 * 3600_000)
    .slice(0, 10)
    .split('-')
  const header = [
    '#支付宝业务明细查询',
    `#账号：[${billAccount}]`,
    `#起始日期：[${y}年${m}月${d}日 00:00:00]   终止日期：[${next[0]}年${next[1]}月${next[2]}日 00:00:00]`,
  ]
  const exported = `#导出时间：[${chinaTime(nowMs)}]`
  const payments = rows.filter((row) => row.业务类型 === billRowKinds.payment)
  const refunds = rows.filter((row) => row.业务类型 === billRowKinds.refund)
  const sum = (list: Row[]) => list.reduce((total, row) => total + Math.round(Number(row['订单金额（元）']) * 100), 0)
  const detail = [
    ...header,
    '#-----------------------------------------业务明细列表----------------------------------------',
    detailColumns.join(','),
    ...rows.map((row) => detailColumns.map((column) => row[column] ?? '').join(',')),
    '#-----------------------------------------业务明细列表结束------------------------------------',
    `#交易合计：${payments.length}笔，退款合计：${refunds.length}笔`,
    exported,
  ]
  const summary = [
    ...header,
    '#-----------------------------------------业务明细汇总----------------------------------------',
    '门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）',
    `合计,,${payments.length},${refunds.length},${fenToYuanString(sum(rows))},${fenToYuanString(sum(rows))}`,
    '#-----------------------------------------业务明细汇总结束------------------------------------',
    exported,
  ]
  const gbk = (lines: string[]) => new Uint8Array(iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk'))
  const base = `${billAccount}_${day}`
  return zipSync({ [`${base}${detailFileSuffix}`]: gbk(detail), [`${base}${summaryFileSuffix}`]: gbk(summary) })
}

/** Signs and checks the download URL's query, so that only a URL the gateway gave out serves a bill. */
export class BillUrls {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number,
  ) {}

  /** The path and query of the bill of `billDate`, valid for billUrlLifetimeMs from now. */
  pathFor(billDate: string): string {
    const query = new URLSearchParams({
      bizType: 'trade',
      bizDates: billDate.replaceAll('-', ''),
      fileType: 'csv.zip',
      timestamp: String(this.now()),
    })
    query.set('token', this.token(query))
    return `/downloadBillFile.resource?${query.toString()}`
  }

  /** The bill date (YYYY-MM-DD) a valid, unexpired query names; null otherwise. */
  check(query: URLSearchParams): string | null {
    const given = Buffer.from(query.get('token') ?? '')
    const unsigned = new URLSearchParams(query)
    unsigned.delete('token')
    const wanted = Buffer.from(this.token(unsigned))
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return null
    if (!(this.now() - Number(unsigned.get('timestamp')) <= billUrlLifetimeMs)) return null
    const day = /^(\d{4})(\d{2})(\d{2})$/.exec(unsigned.get('bizDates') ?? '')
    return day ? `${day[1]}-${day[2]}-${day[3]}` : null
  }

  private token(query: URLSearchParams): string {
    return createHmac('sha256', this.secret).update(query.toString()).digest('hex')
  }
}
