// What the cashier typed (or the scanner typed) into the sell screen's one field, read the moment
// Enter is pressed: "3*" in front multiplies what follows; digits are a barcode; anything else is
// a name or its pinyin to search for.

export interface Entry {
  /** How many of it: 1 unless the text began with "N*" (also "N×" or "Nx"). */
  times: number
  /** The barcode or search text after the multiplier; empty when only "3*" was typed so far. */
  rest: string
}

/** The most one "N*" may ask for in one go: a cart line's own limit. */
export const MAX_TIMES = 999

export function readEntry(typed: string): Entry | null {
  const text = typed.trim()
  const multiplied = /^(\d{1,3})\s*[*×xX]\s*(.*)$/.exec(text)
  if (!multiplied) return { times: 1, rest: text }
  const times = Number(multiplied[1])
  if (times < 1 || times > MAX_TIMES) return null
  return { times, rest: (multiplied[2] ?? '').trim() }
}

// A keyboard-wedge scanner types only digits (EAN/UPC); anything else is a name to search.
export const looksLikeBarcode = (text: string) => /^[0-9]{4,32}$/.test(text)
