// A status change guarded by the status it starts from: of two racing writers (a sweep and a
// cashier, a poller and a notify) only the first changes the row, and the other learns it lost.
import type { UpdateObject } from 'kysely'
import type { Database } from './schema'
import type { Trx } from './transaction'

type StatusTable = 'order_info' | 'payments' | 'refunds'

/** Sets `set` on row `id` of `table` if its status is still `from`; false when someone moved it first. */
export async function moveStatus<T extends StatusTable>(
  trx: Trx,
  table: T,
  id: number,
  from: Database[T]['status'],
  set: UpdateObject<Database, T> & { updated_at: number },
): Promise<boolean> {
  // Widened to the union: Kysely cannot build a query over a table that is still a type parameter.
  const target: StatusTable = table
  const result = await trx
    .updateTable(target)
    .set(set as UpdateObject<Database, StatusTable>)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
