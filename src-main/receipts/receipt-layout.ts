// The receipt as the printer's lines: the model laid out in a fixed number of columns, 32 on
// 58 mm paper and 48 on 80 mm. A printer in Chinese mode prints every character that takes more
// than one byte in GB18030 (汉字, full-width signs, ×) two columns wide, so widths are counted
// that way — a label and an amount then meet the right edge exactly.
import iconv from 'iconv-lite'
import type { Language } from '../../src-shared/contract/settings'
import { fenToYuanString } from '../../src-shared/money'
import { payMethodNames, PayMethod } from '../../src-shared/order-status'
import { type PaperWidth, type ReceiptModel, receiptLineText, receiptWords } from '../../src-shared/receipt'

export type ReceiptBlock = { kind: 'text'; text: string; style?: 'bold' | 'large' } | { kind: 'barcode'; data: string }

export const columnsOf: Record<PaperWidth, number> = { 58: 32, 80: 48 }

/** Printed columns of `text`: one per single-byte character, two for the rest. */
export function printedWidth(text: string): number {
  let width = 0
  for (const char of text) width += char.charCodeAt(0) < 0x80 ? 1 : iconv.encode(char, 'gb18030').length > 1 ? 2 : 1
  return width
}

/** `text` broken into lines of at most `columns` printed columns (never inside a character). */
export function wrap(text: string, columns: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const char of text) {
    if (printedWidth(line + char) > columns) {
      lines.push(line.trimEnd())
      line = char === ' ' ? '' : char
    } else line += char
  }
  if (line !== '' || lines.length === 0) lines.push(line)
  return lines
}

function centred(text: string, columns: number): string[] {
  return wrap(text, columns).map((line) => ' '.repeat(Math.floor((columns - printedWidth(line)) / 2)) + line)
}

/** A label on the left and a value on the right edge; the value on a line of its own when both do not fit. */
function pair(label: string, value: string, columns: number): string[] {
  const gap = columns - printedWidth(label) - printedWidth(value)
  if (gap >= 1) return [label + ' '.repeat(gap) + value]
  return [...wrap(label, columns), ...wrap(value, columns).map((v) => ' '.repeat(columns - printedWidth(v)) + v)]
}

const yuan = fenToYuanString

export function layOutReceipt(receipt: ReceiptModel, paperWidth: PaperWidth, language: Language): ReceiptBlock[] {
  const columns = columnsOf[paperWidth]
  const w = receiptWords[language]
  const blocks: ReceiptBlock[] = []
  const text = (lines: string[], style?: 'bold' | 'large') =>
    lines.forEach((line) => blocks.push(style ? { kind: 'text', text: line, style } : { kind: 'text', text: line }))
  const rule = () => text(['-'.repeat(columns)])

  text(centred(receipt.shopName, columns), 'bold')
  if (receipt.copy) text(centred(w.copy, columns), 'bold')
  if (receipt.sandbox) text(centred(w.sandbox, columns))
  // Double width and height: half as many columns.
  if (receipt.ticketNo) text(centred(`${w.ticket} ${receipt.ticketNo}`, columns / 2), 'large')
  rule()
  text(pair(w.orderNo, receipt.orderNo, columns))
  text(pair(w.time, receipt.time, columns))
  text(pair(w.till, receipt.tillId, columns))
  text(pair(w.cashier, receipt.cashier, columns))
  if (receipt.member) text(pair(w.member, receipt.member, columns))
  rule()
  text(pair(w.goods, w.amount, columns))
  for (const line of receipt.lines) {
    const { name, quantity, amount } = receiptLineText(line)
    text(wrap(name, columns))
    text(pair(`  ${quantity}`, amount, columns))
    if (line.discountFen > 0) text(pair(`  ${w.discount}`, yuan(-line.discountFen), columns))
  }
  rule()
  text(pair(w.goodsTotal, yuan(receipt.goodsFen), columns))
  if (receipt.freightFen > 0) text(pair(w.freight, yuan(receipt.freightFen), columns))
  for (const discount of receipt.discounts) text(pair(w[discount.kind], yuan(-discount.fen), columns))
  text(pair(w.total, yuan(receipt.totalFen), columns), 'bold')
  for (const payment of receipt.payments) {
    text(pair(payMethodNames[payment.method][language], yuan(payment.amountFen), columns))
    if (payment.tenderedFen !== null) text(pair(`  ${w.tendered}`, yuan(payment.tenderedFen), columns))
  }
  if (receipt.payments.some((p) => p.method === PayMethod.CASH)) text(pair(w.change, yuan(receipt.changeFen), columns))
  if (receipt.refundedFen > 0) text(pair(w.refunded, yuan(receipt.refundedFen), columns))
  rule()
  blocks.push({ kind: 'barcode', data: receipt.barcode })
  text(centred(w.thanks, columns))
  return blocks
}
