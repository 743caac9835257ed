// Copies whole orders from the shop database into the mirror: the order row, its lines, events,
// payments and refunds, and its member (so that search by phone works offline). The mirror's
// rows keep the shop database's ids; an order is replaced as a whole in one SQLite transaction,
// so copying the same order twice is harmless and a reader never sees half an order.
import type { Kysely } from 'kysely'
import type { Core } from '../core/core'
import type { Database } from '../db/schema'
import type { Trx } from '../db/transaction'
import { mirroredOrderChildren, type OrderMirror } from './mirror'

type Row = Record<string, unknown>
type OrderChild = (typeof mirroredOrderChildren)[number]

/** Under SQLite's limit of 32,766 bound values per statement, with room to spare. */
const MAX_VALUES_PER_INSERT = 20_000

/**
 * Copies these orders as they are now in the shop database; an id it no longer has is removed
 * from the mirror. Returns how many orders were copied.
 */
export async function copyOrders(core: Core, mirror: OrderMirror, orderIds: readonly number[]): Promise<number> {
  const ids = [...new Set(orderIds)]
  if (ids.length === 0) return 0
  return mirror.exclusive(async () => {
    if (mirror.closed) return 0
    const source = core.store.db
    const orders = await source.selectFrom('order_info').selectAll().where('id', 'in', ids).execute()
    const children = new Map<OrderChild, Row[]>()
    for (const table of mirroredOrderChildren) children.set(table, await childRows(source, table, ids))
    const memberIds = [...new Set(orders.flatMap((o) => (o.member_id === null ? [] : [o.member_id])))]
    const members =
      memberIds.length === 0
        ? []
        : await source.selectFrom('members').selectAll().where('id', 'in', memberIds).execute()

    await mirror.store.db.transaction().execute(async (trx) => {
      for (const table of mirroredOrderChildren) await trx.deleteFrom(table).where('order_id', 'in', ids).execute()
      await trx.deleteFrom('order_info').where('id', 'in', ids).execute()
      await insertAll(trx, 'order_info', orders)
      for (const table of mirroredOrderChildren) await insertAll(trx, table, children.get(table) ?? [])
      if (members.length > 0) {
        // A phone may have moved from one member to another since the last copy.
        const phones = members.map((m) => m.phone)
        await trx
          .deleteFrom('members')
          .where((eb) => eb.or([eb('id', 'in', memberIds), eb('phone', 'in', phones)]))
          .execute()
        await insertAll(trx, 'members', members)
      }
    })
    return orders.length
  })
}

/**
 * Copies what the history needs of the staff and no more: the active staff who have logged in at
 * this till, and this till's sessions, so that a session ended on another till stops opening the
 * history here too. Only cashiers keep their scrypt hash, for offline login; an admin is copied
 * without one (no hash can match it), so an admin's session opened before an outage still reads
 * the history but no admin can log in offline, and a stolen till's file holds no admin hash to
 * attack (docs/SECURITY.md). Other tills' cashiers stay out. Small: copied whole, and anyone no
 * longer in it leaves the mirror.
 */
/** Stands where an admin's hash would be: not a hash, so no password verifies against it. */
const NO_OFFLINE_LOGIN = 'no offline login'

export async function copyStaff(core: Core, mirror: OrderMirror): Promise<void> {
  const staff = await core.store.db
    .selectFrom('users')
    .selectAll()
    .where('active', '=', 1)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('login_events')
        .select('staff_id')
        .where('till_id', '=', core.config.tillId)
        .where('kind', '=', 'succeeded')
        .where('staff_id', 'is not', null)
        .$narrowType<{ staff_id: number }>(),
    )
    .execute()
  const sessions = await core.store.db
    .selectFrom('sessions')
    .selectAll()
    .where('till_id', '=', core.config.tillId)
    .execute()
  await mirror.exclusive(async () => {
    if (mirror.closed) return
    await mirror.store.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('users').execute()
      await insertAll(
        trx,
        'users',
        staff.map((user) => (user.role === 'cashier' ? user : { ...user, password_hash: NO_OFFLINE_LOGIN })),
      )
      await trx.deleteFrom('sessions').execute()
      await insertAll(trx, 'sessions', sessions)
    })
  })
}

/** Removes other tills' orders that have not changed since `before` (this till's orders stay). */
export async function pruneOtherTills(core: Core, mirror: OrderMirror, before: number): Promise<void> {
  await mirror.exclusive(async () => {
    if (mirror.closed) return
    await mirror.store.db.transaction().execute(async (trx) => {
      const stale = trx
        .selectFrom('order_info')
        .select('id')
        .where('till_id', '<>', core.config.tillId)
        .where('updated_at', '<', before)
      for (const table of mirroredOrderChildren) await trx.deleteFrom(table).where('order_id', 'in', stale).execute()
      await trx
        .deleteFrom('order_info')
        .where('till_id', '<>', core.config.tillId)
        .where('updated_at', '<', before)
        .execute()
    })
  })
}

function childRows(db: Kysely<Database>, table: OrderChild, orderIds: number[]): Promise<Row[]> {
  // The four tables differ in columns but all hang off order_id; rows are copied as they are.
  return db
    .selectFrom(table as 'order_goods')
    .selectAll()
    .where('order_id', 'in', orderIds)
    .orderBy('id')
    .execute()
}

async function insertAll(db: Trx, table: keyof Database, rows: readonly Row[]): Promise<void> {
  const first = rows[0]
  if (!first) return
  const perInsert = Math.max(1, Math.floor(MAX_VALUES_PER_INSERT / Object.keys(first).length))
  for (let at = 0; at < rows.length; at += perInsert) {
    // Rows read from the same table in the shop database: the same columns, the same types.
    await db
      .insertInto(table as 'order_goods')
      .values(rows.slice(at, at + perInsert) as never[])
      .execute()
  }
}
