// Money and quantities in BIGINT: 32-bit columns overflowed at ¥21,474,836.47 (MariaDB refused
// the order as out of range, which the till could only call INTERNAL) and at 2^31 units of stock,
// too little for goods counted in grams. MODIFY keeps every value and the CHECK constraints.
// SQLite's INTEGER is already 64-bit: nothing to do there.
import { type Kysely, MysqlAdapter, sql } from 'kysely'

const wide: Record<string, string[]> = {
  goods_sku: ['price_fen BIGINT NOT NULL', 'stock BIGINT NOT NULL', 'sales BIGINT NOT NULL DEFAULT 0'],
  order_info: [
    'total_count BIGINT NOT NULL',
    'goods_fen BIGINT NOT NULL',
    'freight_fen BIGINT NOT NULL',
    'pay_fen BIGINT NOT NULL',
    'paid_fen BIGINT NOT NULL DEFAULT 0',
    'refunded_fen BIGINT NOT NULL DEFAULT 0',
  ],
  order_goods: ['price_fen BIGINT NOT NULL', 'count BIGINT NOT NULL'],
  payments: ['amount_fen BIGINT NOT NULL', 'tendered_fen BIGINT NULL'],
  refunds: ['amount_fen BIGINT NOT NULL'],
  cart_lines: ['count BIGINT NOT NULL'],
  stock_moves: ['delta BIGINT NOT NULL', 'stock_after BIGINT NOT NULL'],
  bill_differences: ['our_fen BIGINT NULL', 'alipay_fen BIGINT NULL'],
}

// No down: the narrower columns could not hold what the wide ones may hold by then.
export async function up(db: Kysely<any>): Promise<void> {
  if (!isMysql(db)) return
  for (const [table, columns] of Object.entries(wide)) {
    await sql
      .raw(`ALTER TABLE \`${table}\` ${columns.map((column) => `MODIFY COLUMN ${column}`).join(', ')}`)
      .execute(db)
  }
}

function isMysql(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter
}
