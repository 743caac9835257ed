// Money is integer fen (分) everywhere. These helpers are the only place fen become text.

export type Fen = number

export function assertFen(value: number, what = 'amount'): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be whole fen, got ${value}`)
  return value
}

/** "12.30" — the form Alipay expects for total_amount and refund_amount. */
export function fenToYuanString(fen: Fen): string {
  assertFen(fen)
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const cents = abs % 100
  return `${sign}${yuan}.${cents.toString().padStart(2, '0')}`
}

/** "¥12.30" for screens and receipts. */
export function formatFen(fen: Fen): string {
  const text = fenToYuanString(fen)
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`
}

/**
 * "¥12.5", "¥100": for chart axes, where trailing zeros are noise. Rounds first, so a tick that
 * falls between two fen is still shown.
 */
export function formatFenBrief(fen: number): string {
  return formatFen(Math.round(fen)).replace(/\.?0+$/, '')
}

const yuanPattern = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/

/** Parses "12.3", "12.30" or "12" into fen without ever going through a float. */
export function yuanStringToFen(text: string): Fen {
  const match = yuanPattern.exec(text.trim())
  if (!match) throw new RangeError(`not an amount in yuan: ${JSON.stringify(text)}`)
  const [, sign, yuan, cents = ''] = match
  const fen = Number(yuan) * 100 + Number(cents.padEnd(2, '0'))
  return sign === '-' ? -fen : fen
}

/**
 * An amount that cannot be negative (a price, cash handed over, an Alipay amount) as typed or
 * sent: "12.3", "12.30", "12" in fen; null when the text is not one. No sign is accepted.
 */
export function parseYuanAmount(text: string): Fen | null {
  if (!yuanPattern.test(text.trim()) || text.trim().startsWith('-')) return null
  return yuanStringToFen(text)
}
