// The shop's tables (their rules: docs/). One migration set for MySQL/MariaDB and SQLite: only types both accept.
import { type Kysely, sql } from 'kysely'

const time = 'bigint'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', time, (c) => c.notNull())
    .addCheckConstraint('users_role_known', sql`role in ('cashier', 'admin')`)
    .execute()

  await db.schema
    .createTable('members')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('phone', 'varchar(20)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('addresses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('receiver', 'varchar(64)', (c) => c.notNull())
    .addColumn('phone', 'varchar(20)', (c) => c.notNull())
    .addColumn('address', 'varchar(255)', (c) => c.notNull())
    .addColumn('zip', 'varchar(10)', (c) => c.notNull().defaultTo(''))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('addresses_member').on('addresses').column('member_id').execute()

  await db.schema
    .createTable('goods')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('description', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('goods_sku')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('goods_id', 'integer', (c) => c.notNull().references('goods.id'))
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('barcode', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('unit', 'varchar(16)', (c) => c.notNull())
    .addColumn('price_fen', 'integer', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull())
    .addColumn('sales', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('on_sale', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    // The last line of defence against overselling, whatever the code above it does.
    .addCheckConstraint('goods_sku_stock_nonneg', sql`stock >= 0`)
    .addCheckConstraint('goods_sku_sales_nonneg', sql`sales >= 0`)
    .addCheckConstraint('goods_sku_price_nonneg', sql`price_fen >= 0`)
    .execute()
  await db.schema.createIndex('goods_sku_goods').on('goods_sku').column('goods_id').execute()
  await db.schema.createIndex('goods_sku_name').on('goods_sku').column('name').execute()

  await db.schema
    .createTable('order_info')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_no', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('member_id', 'integer', (c) => c.references('members.id'))
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('till_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('fulfilment', 'varchar(16)', (c) => c.notNull())
    .addColumn('address_id', 'integer')
    .addColumn('receiver', 'varchar(64)')
    .addColumn('receiver_phone', 'varchar(20)')
    .addColumn('address', 'varchar(255)')
    .addColumn('pay_method', 'integer', (c) => c.notNull())
    .addColumn('total_count', 'integer', (c) => c.notNull())
    .addColumn('goods_fen', 'integer', (c) => c.notNull())
    .addColumn('freight_fen', 'integer', (c) => c.notNull())
    .addColumn('pay_fen', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('paid_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('idempotency_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('paid_at', time)
    .addColumn('expires_at', time)
    .addCheckConstraint('order_info_status_known', sql`status between 1 and 7`)
    .addCheckConstraint('order_info_pay_sum', sql`pay_fen = goods_fen + freight_fen`)
    .addCheckConstraint('order_info_refund_le_paid', sql`refunded_fen >= 0 and refunded_fen <= paid_fen`)
    .execute()
  // The order list's queries: by tab, by member, by till, each newest first (keyset on created_at, id).
  await db.schema
    .createIndex('order_info_status_time')
    .on('order_info')
    .columns(['status', 'created_at', 'id'])
    .execute()
  await db.schema
    .createIndex('order_info_member_time')
    .on('order_info')
    .columns(['member_id', 'created_at', 'id'])
    .execute()
  await db.schema
    .createIndex('order_info_till_time')
    .on('order_info')
    .columns(['till_id', 'created_at', 'id'])
    .execute()
  await db.schema
    .createIndex('order_info_till_status_time')
    .on('order_info')
    .columns(['till_id', 'status', 'created_at', 'id'])
    .execute()
  await db.schema.createIndex('order_info_time').on('order_info').columns(['created_at', 'id']).execute()
  await db.schema.createIndex('order_info_expiry').on('order_info').columns(['status', 'expires_at']).execute()

  await db.schema
    .createTable('order_goods')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('order_info.id'))
    // No foreign key to goods_sku on purpose: InnoDB would take a shared lock on the SKU row for
    // every inserted line, and two orders holding it would deadlock on the stock update.
    .addColumn('sku_id', 'integer', (c) => c.notNull())
    .addColumn('sku_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('price_fen', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('rating', 'integer')
    .addColumn('comment', 'varchar(500)')
    .addColumn('reviewed_at', time)
    .addCheckConstraint('order_goods_count_pos', sql`count > 0`)
    .addCheckConstraint('order_goods_rating_range', sql`rating is null or rating between 1 and 5`)
    .execute()
  await db.schema.createIndex('order_goods_order').on('order_goods').column('order_id').execute()
  await db.schema
    .createIndex('order_goods_sku_review')
    .on('order_goods')
    .columns(['sku_id', 'reviewed_at', 'id'])
    .execute()

  await db.schema
    .createTable('payments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('order_info.id'))
    .addColumn('method', 'integer', (c) => c.notNull())
    .addColumn('out_trade_no', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('trade_no', 'varchar(64)')
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('qr_code', 'varchar(512)')
    .addColumn('last_response', 'varchar(4000)')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('payments_order').on('payments').column('order_id').execute()
  await db.schema.createIndex('payments_status').on('payments').columns(['status', 'updated_at']).execute()

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('order_info.id'))
    .addColumn('payment_id', 'integer', (c) => c.notNull().references('payments.id'))
    .addColumn('out_request_no', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('reason', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('restocked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addCheckConstraint('refunds_amount_pos', sql`amount_fen > 0`)
    .execute()
  await db.schema.createIndex('refunds_order').on('refunds').column('order_id').execute()

  await db.schema
    .createTable('order_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('order_info.id'))
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor', 'varchar(64)', (c) => c.notNull())
    .addColumn('detail', 'varchar(4000)', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('order_events_order').on('order_events').columns(['order_id', 'id']).execute()

  await db.schema
    .createTable('cart_lines')
    .addColumn('till_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('sku_id', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('cart_lines_pk', ['till_id', 'sku_id'])
    .addCheckConstraint('cart_lines_count_pos', sql`count > 0`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'cart_lines',
    'order_events',
    'refunds',
    'payments',
    'order_goods',
    'order_info',
    'goods_sku',
    'goods',
    'addresses',
    'members',
    'users',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
