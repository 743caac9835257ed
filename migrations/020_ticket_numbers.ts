// Short ticket numbers (T1-0042: the till, then a number counted per till and shop day) and the
// order number reversed, so that an order is found by the tail of its number through an index
// (docs/ORDERS.md "Finding an order"). Orders placed before this migration keep no ticket number;
// their reversed numbers are filled in here.
import { type Kysely, MysqlAdapter, sql } from 'kysely'

const PAGE = 1000

export async function up(db: Kysely<any>): Promise<void> {
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter
  await db.schema
    .alterTable('order_info')
    // The shop day as yyyymmdd in China time, and the ticket's number within it.
    .addColumn('ticket_day', 'integer')
    .execute()
  await db.schema.alterTable('order_info').addColumn('ticket_seq', 'integer').execute()
  // Compared byte by byte (ascii_bin on MySQL, SQLite's default BINARY), so that a prefix range
  // on it is exact; stored lower-case, as the search lower-cases what is typed.
  await db.schema
    .alterTable('order_info')
    .addColumn('order_no_reversed', mysql ? sql`varchar(32) character set ascii collate ascii_bin` : 'varchar(32)')
    .execute()
  if (mysql) {
    await sql`UPDATE order_info SET order_no_reversed = LOWER(REVERSE(order_no))`.execute(db)
  } else {
    // SQLite has no REVERSE: a page at a time in JavaScript.
    for (let after = 0; ;) {
      const rows = await db
        .selectFrom('order_info')
        .select(['id', 'order_no'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute()
      if (rows.length === 0) break
      await db.transaction().execute(async (trx) => {
        for (const row of rows as { id: number; order_no: string }[]) {
          await trx
            .updateTable('order_info')
            .set({ order_no_reversed: [...row.order_no].reverse().join('').toLowerCase() })
            .where('id', '=', row.id)
            .execute()
        }
      })
      after = (rows.at(-1) as { id: number }).id
    }
  }
  // One ticket number per till and day; the search by till and number reads this index.
  await db.schema
    .createIndex('order_info_ticket')
    .on('order_info')
    .columns(['till_id', 'ticket_seq', 'ticket_day'])
    .unique()
    .execute()
  await db.schema.createIndex('order_info_no_reversed').on('order_info').column('order_no_reversed').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('order_info_no_reversed').on('order_info').execute()
  await db.schema.dropIndex('order_info_ticket').on('order_info').execute()
  for (const column of ['order_no_reversed', 'ticket_seq', 'ticket_day'])
    await db.schema.alterTable('order_info').dropColumn(column).execute()
}
