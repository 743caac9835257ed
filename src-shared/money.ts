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

/**
 * round-half-up(totalFen × part ÷ whole): the share of an amount that a part of a quantity comes
 * to (the refund of 250 g of a 734 g line). Exact for every amount and quantity the bounds allow:
 * the product is formed in BigInt, where totalFen × part may pass 2^53.
 */
export function proRataFen(totalFen: Fen, part: number, whole: number): Fen {
  for (const value of [totalFen, part, whole])
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`pro rata of whole numbers ≥ 0, got ${value}`)
  if (whole === 0 || part > whole) throw new RangeError(`part ${part} of ${whole}`)
  const twice = 2n * BigInt(totalFen) * BigInt(part) + BigInt(whole)
  return Number(twice / (2n * BigInt(whole)))
}

/**
 * totalFen spread over parts in proportion to their weights, in whole fen that add up exactly:
 * each part gets the floor of its share, and the fen left over go one each to the parts with the
 * largest remainders (the earlier part first on a tie). No part gets more than its weight when
 * totalFen is at most the sum of the weights.
 */
export function spreadFen(totalFen: Fen, weights: readonly number[]): Fen[] {
  assertFen(totalFen)
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n)
  if (totalFen < 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0))
    throw new RangeError('spread of whole numbers ≥ 0')
  if (sum === 0n) {
    if (totalFen !== 0) throw new RangeError(`cannot spread ${totalFen} over nothing`)
    return weights.map(() => 0)
  }
  const shares = weights.map((w, index) => {
    const scaled = BigInt(totalFen) * BigInt(w)
    return { index, fen: Number(scaled / sum), remainder: scaled % sum }
  })
  let left = totalFen - shares.reduce((a, s) => a + s.fen, 0)
  const byRemainder = [...shares].sort((a, b) =>
    b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.index - b.index,
  )
  for (const share of byRemainder) {
    if (left === 0) break
    share.fen++
    left--
  }
  return shares.map((s) => s.fen)
}
