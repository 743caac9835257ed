// The one rule every sale, payment and refund passes: the till has an open shift. It is checked
// inside the write's own transaction and the shift row is read with a shared lock (MySQL; SQLite's
// BEGIN IMMEDIATE holds the whole store), so a close — which updates that row — waits for the
// sales already under way and none can slip in after it: each one belongs to the shift it names.
import { type CompiledQuery, sql } from 'kysely'
import { PosError } from '../../src-shared/errors'
import { precompiled, precompiledConstant } from '../db/precompiled'
import type { Store } from '../db/store'
import type { Trx } from '../db/transaction'

/** The till's open shift id, locked against its close until `trx` commits; SHIFT_CLOSED if none. */
export async function requireOpenShift(trx: Trx, storeKind: Store['kind'], tillId: string): Promise<number> {
  const query = trx.selectFrom('shifts').select('id').where('open_till', '=', tillId)
  const row = await (storeKind === 'mysql' ? query.modifyEnd(sql`lock in share mode`) : query).executeTakeFirst()
  if (!row) throw new PosError('SHIFT_CLOSED', undefined, { tillId })
  return row.id
}

/**
 * The same rule as statements of the MySQL one-round-trip order batch (orders/place-order.ts):
 * @shift_id is the open shift, read with the same lock, or NULL — and order_info.shift_id is NOT
 * NULL, so the order's insert fails and the batch rolls back. The batch's caller then asks
 * requireOpenShift to say why.
 */
export function openShiftStatements(tillId: string): CompiledQuery[] {
  return [forgetShift(), findOpenShift({ tillId })]
}

// The connection is pooled: a variable left from an earlier batch must not stand in for a shift.
const forgetShift = precompiledConstant(() => sql`SET @shift_id = NULL`)
const findOpenShift = precompiled<{ tillId: string }>(
  ['tillId'],
  ({ tillId }) => sql`SELECT id INTO @shift_id FROM shifts WHERE open_till = ${tillId} LOCK IN SHARE MODE`,
)

/** The shift the batch found, as a value of its order insert. */
export const batchShiftId = sql<number>`@shift_id`

/** MySQL's "column cannot be null" (1048) on order_info.shift_id: the batch found no open shift. */
export function batchFoundNoShift(error: unknown): boolean {
  const e = error as { errno?: unknown; message?: unknown }
  return e?.errno === 1048 && typeof e.message === 'string' && e.message.includes('shift_id')
}
