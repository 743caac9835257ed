// The one set of numeric bounds. Money is whole fen and quantities are whole units (pieces
// today, grams for goods sold by weight); both live in BIGINT columns. The maxima are chosen so
// that every product and sum the contract allows — price × quantity, an order's total, a tender,
// a stock level, the refunds of an order — stays a safe JavaScript integer (< 2^53) and fits the
// columns, and an order beyond them is refused with AMOUNT_TOO_LARGE before anything is written.

/** ¥1,000,000.00 for one unit (a piece, a 斤 or a kg). */
export const maxUnitPriceFen = 100_000_000

/**
 * ¥100,000,000.00: the most one order may come to, goods and freight together — also the most
 * Alipay takes in one trade — and so the most one payment, tender or refund may be.
 */
export const maxOrderFen = 10_000_000_000

/** The most of one SKU in stock: 10,000 t counted in grams. */
export const maxStock = 10_000_000_000

// How far those stay from the edge: a line is at most maxUnitPriceFen × maxStock ÷ 500 g (a price
// per 斤 over all the stock there is) = 2 × 10^15 < 2^53, and an order, a payment or a refund at
// most maxOrderFen = 10^10; BIGINT holds 9.2 × 10^18. A line's quantity is further held to
// maxLinePieces / maxLineGrams (weight.ts), and lineFen never forms price × grams whole, which
// could pass 2^53: it prices the whole units and the remainder apart.
