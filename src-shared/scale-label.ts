// Labels printed by a counter scale (条码秤) and read by the till's scanner (docs/ORDERS.md,
// "Scale labels"). A label is 13 or 18 digits: a 2-digit flag that says "scale label" (20–29 are
// the EAN prefixes kept for in-store use; which ones a shop's scales print is its setting), the
// item code (PLU) as the scale prints it, one or two values — the amount in fen, the weight in
// grams, in the order the shop's scales print them, 5 digits each in the common layouts — and a
// check digit computed the EAN-13 way. The shop sets one or more formats; a scanned code that fits none is an ordinary
// barcode.

export const scaleLabelFields = ['amount', 'weight'] as const
export type ScaleLabelField = (typeof scaleLabelFields)[number]

export interface ScaleLabelFormat {
  /** Two digits each: the labels' first digits. */
  flags: string[]
  length: 13 | 18
  /** Digits of the item code after the flag. */
  codeDigits: number
  /** What follows the code, in order; each value takes an equal share of the digits left. */
  fields: ScaleLabelField[]
}

/** The example every Chinese scale can print: flag 22, 5-digit code, amount in fen (`22 00123 01234 K`). */
export const defaultScaleLabelFormats: ScaleLabelFormat[] = [
  { flags: ['22'], length: 13, codeDigits: 5, fields: ['amount'] },
]

/** Digits of each value in a format, or null when the digits left do not split evenly. */
export function valueDigits(format: ScaleLabelFormat): number | null {
  const left = format.length - 2 - format.codeDigits - 1
  const each = left / format.fields.length
  return Number.isInteger(each) && each >= 3 && each <= 6 ? each : null
}

/** The EAN/GTIN check digit of `data` (every digit but the last): weights 3, 1, 3… from the right. */
export function checkDigitOf(data: string): number {
  let sum = 0
  for (let i = 0; i < data.length; i++) {
    const digit = data.charCodeAt(data.length - 1 - i) - 48
    sum += digit * (i % 2 === 0 ? 3 : 1)
  }
  return (10 - (sum % 10)) % 10
}

export interface ScaleLabel {
  /** The item code as printed, leading zeros kept: what a SKU's scale code is matched against. */
  code: string
  /** The amount to pay, when the label has one. */
  amountFen: number | null
  /** The weight in grams, when the label has one. */
  grams: number | null
}

export type ScaleLabelReading =
  | { kind: 'label'; label: ScaleLabel }
  /** Fits a format but its check digit is wrong (a misread or a damaged label): never guessed at. */
  | { kind: 'bad-check'; expected: number; found: number }
  /** Fits a format, check digit right, but says nothing sellable: no amount and no weight, or zero. */
  | { kind: 'empty' }

/** Reads `code` as a scale label of one of `formats`; null when it fits none (an ordinary barcode). */
export function readScaleLabel(code: string, formats: readonly ScaleLabelFormat[]): ScaleLabelReading | null {
  const text = code.trim()
  if (!/^[0-9]+$/.test(text)) return null
  const format = formats.find((f) => f.length === text.length && f.flags.includes(text.slice(0, 2)))
  const digits = format ? valueDigits(format) : null
  if (!format || digits === null) return null
  const expected = checkDigitOf(text.slice(0, -1))
  const found = Number(text.at(-1))
  if (expected !== found) return { kind: 'bad-check', expected, found }
  const label: ScaleLabel = { code: text.slice(2, 2 + format.codeDigits), amountFen: null, grams: null }
  format.fields.forEach((field, i) => {
    const start = 2 + format.codeDigits + i * digits
    const value = Number(text.slice(start, start + digits))
    if (field === 'amount') label.amountFen = value
    else label.grams = value
  })
  if (label.amountFen === 0 || label.grams === 0) return { kind: 'empty' }
  return { kind: 'label', label }
}

/** A label's full code from its parts, check digit computed: for tests, the demo and a shop's own checks. */
export function makeScaleLabel(format: ScaleLabelFormat, flag: string, code: string, values: number[]): string {
  const digits = valueDigits(format) ?? 5
  const data =
    flag + code.padStart(format.codeDigits, '0') + values.map((v) => String(v).padStart(digits, '0')).join('')
  return data + String(checkDigitOf(data))
}

/**
 * A format as the settings screen writes it, one a line: flags/length/code digits/fields, e.g.
 * "22/13/5/amount", "21,24/13/5/weight", "26/18/5/amount+weight".
 */
export function formatToText(format: ScaleLabelFormat): string {
  return `${format.flags.join(',')}/${format.length}/${format.codeDigits}/${format.fields.join('+')}`
}

/** The settings screen's line back to a format to send; null when it is not one (the server checks the rest). */
export function textToFormat(line: string): ScaleLabelFormat | null {
  const match = /^\s*([0-9,\s]+)\/\s*(13|18)\s*\/\s*([0-9])\s*\/\s*([a-z+\s]+)$/.exec(line)
  if (!match) return null
  const [, flags = '', length, code, fields = ''] = match
  const names = fields.split('+').map((f) => f.trim())
  if (!names.every((f): f is ScaleLabelField => (scaleLabelFields as readonly string[]).includes(f))) return null
  return {
    flags: flags
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
    length: Number(length) as 13 | 18,
    codeDigits: Number(code),
    fields: names,
  }
}
