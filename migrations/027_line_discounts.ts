// Discounts (docs/DISCOUNTS.md): every order line keeps its list price (price_fen) and list
// amount (line_fen) as before, and now also
// - discount_fen: its share of every discount of the order — its own discount or price override,
//   its part of the order discount and of 抹零 — never below 0;
// - net_fen: line_fen − discount_fen, what the customer paid for the line. order_info.goods_fen
//   is Σ net_fen from now on, so pay_fen still equals the lines plus the freight.
// Every line written before had no discount: discount_fen 0 and net_fen = line_fen keep each one
// (and each order's goods_fen = Σ line_fen = Σ net_fen) exactly as it was.
// ADD COLUMN one per statement and a check on one column only, as 019 explains.
import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('order_goods')
    .addColumn('discount_fen', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`discount_fen >= 0`),
    )
    .execute()
  await db.schema
    .alterTable('order_goods')
    .addColumn('net_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`update order_goods set net_fen = line_fen - discount_fen`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('order_goods').dropColumn('net_fen').execute()
  await db.schema.alterTable('order_goods').dropColumn('discount_fen').execute()
}
