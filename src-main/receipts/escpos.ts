// The receipt as ESC/POS bytes, through the kept encoder (@point-of-sale/receipt-printer-encoder):
// initialise, styles, barcode, drawer pulse and cut are the library's. What it lacks is written
// here, and only that:
// - Chinese text: the library's code pages have no GB18030, so the printer is put in Chinese mode
//   (FS &) and every line goes as GB18030 bytes (iconv-lite) through raw();
// - on 58 mm paper, a CODE128 with one-dot bars: the library's narrowest bar is two dots, and an
//   order number of 24 characters is then 444 dots wide, more than the 384 a 58 mm head prints.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder'
import iconv from 'iconv-lite'
import type { Language } from '../../src-shared/contract/settings'
import type { PaperWidth, ReceiptModel } from '../../src-shared/receipt'
import { columnsOf, layOutReceipt } from './receipt-layout'

const FS = 0x1c
const GS = 0x1d
/** FS &: Chinese character mode on (the library's initialize() turns it off with FS .). */
const CHINESE_MODE = [FS, 0x26]
const BARCODE_HEIGHT = 80

export interface PrintOptions {
  paperWidth: PaperWidth
  /** The shop's language: the receipt's words. */
  language: Language
  /** Kick the cash drawer open (a cash sale's first print, never a copy). */
  openDrawer: boolean
}

export function receiptBytes(receipt: ReceiptModel, options: PrintOptions): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: columnsOf[options.paperWidth],
    newline: '\n',
    feedBeforeCut: 4,
  })
  encoder.initialize().raw(CHINESE_MODE)
  for (const block of layOutReceipt(receipt, options.paperWidth, options.language)) {
    if (block.kind === 'barcode') {
      if (options.paperWidth === 58) encoder.raw(narrowCode128(block.data))
      else encoder.barcode(code128Data(block.data), 'code128', { width: 1, height: BARCODE_HEIGHT, text: 'below' })
      encoder.newline()
      continue
    }
    const bytes = new Uint8Array(iconv.encode(block.text, 'gb18030'))
    if (block.style === 'bold') encoder.bold(true).raw(bytes).bold(false)
    else if (block.style === 'large') encoder.size(2, 2).raw(bytes).size(1, 1)
    else encoder.raw(bytes)
    encoder.newline()
  }
  if (options.openDrawer) encoder.pulse()
  return encoder.cut('partial').encode()
}

/**
 * CODE128 data in ESC/POS's form: the leading digits in code set C (two digits a bar pattern, sent
 * as one byte each), the rest in code set B. A time-first order number is then a third narrower.
 */
export function code128Data(value: string): string {
  const digits = /^[0-9]*/.exec(value)?.[0].length ?? 0
  const paired = digits - (digits % 2)
  if (paired < 4) return `{B${value}`
  let data = '{C'
  for (let i = 0; i < paired; i += 2) data += String.fromCharCode(Number(value.slice(i, i + 2)))
  return paired === value.length ? data : `${data}{B${value.slice(paired)}`
}

/** GS h, GS w 1 (one-dot bars), GS H 2 (the number printed below), GS k 73: the library lacks the one-dot bar. */
function narrowCode128(value: string): number[] {
  const data = [...code128Data(value)].map((c) => c.charCodeAt(0))
  return [GS, 0x68, BARCODE_HEIGHT, GS, 0x77, 1, GS, 0x48, 2, GS, 0x6b, 73, data.length, ...data]
}
