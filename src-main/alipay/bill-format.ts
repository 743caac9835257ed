// The daily trade bill as Alipay ships it: a zip of GBK-encoded CSV files, the detail file
// (业务明细) with one row per payment and refund of the day, and a summary (业务明细(汇总)).
// Each file opens with `#` comment lines, then the column header row, the rows, and `#` footer
// lines. The sandbox writes this layout and the client reads it, so the columns live here once.

/** The detail file's columns, in Alipay's order; the client finds the ones it reads by name. */
export const detailColumns = [
  '支付宝交易号',
  '商户订单号',
  '业务类型',
  '商品名称',
  '创建时间',
  '完成时间',
  '门店编号',
  '门店名称',
  '操作员',
  '终端号',
  '对方账户',
  '订单金额（元）',
  '商家实收（元）',
  '支付宝红包（元）',
  '集分宝（元）',
  '支付宝优惠（元）',
  '商家优惠（元）',
  '券核销金额（元）',
  '券名称',
  '商家红包消费金额（元）',
  '卡消费金额（元）',
  '退款批次号/请求号',
  '服务费（元）',
  '分润（元）',
  '备注',
] as const

export type DetailColumn = (typeof detailColumns)[number]

/** 业务类型: a payment is 交易, a refund 退款 (its amounts negative). */
export const billRowKinds = { payment: '交易', refund: '退款' } as const

/** The detail file's name ends so; the summary's ends in `业务明细(汇总).csv`. */
export const detailFileSuffix = '_业务明细.csv'
export const summaryFileSuffix = '_业务明细(汇总).csv'

/** `bill_date` for a daily bill: the China date, `YYYY-MM-DD`. */
export const billDatePattern = /^\d{4}-\d{2}-\d{2}$/
