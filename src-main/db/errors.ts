// Driver errors, sorted into the few kinds the order core reacts to. Callers never see a raw
// driver error: these kinds become retries or named PosError codes.
import { PosError } from '../../src-shared/errors'

export type DbErrorKind =
  'deadlock' | 'lock-wait-timeout' | 'stock-guard' | 'duplicate-key' | 'connection-lost' | 'busy'

/**
 * The CHECK (stock >= 0) on goods_sku (migrations/001_initial.ts): the last guard against
 * overselling, and the one CHECK a sale or a stock adjustment is expected to break. Any other
 * CHECK failing means the code wrote a row it should never have written: it is left unsorted,
 * so that it reaches the caller as INTERNAL with a trace id rather than as "out of stock".
 */
export const STOCK_GUARD = 'goods_sku_stock_nonneg'

interface DriverError {
  errno?: number
  code?: string
  fatal?: boolean
  message?: string
}

const connectionCodes = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  // No answer within the store deadline (mysql-deadlines.ts): to the caller, the same as a lost
  // connection — and the connection is destroyed.
  'STORE_DEADLINE',
])

// 1927 connection killed, 1053 server shutdown, 2006 gone away, 2013 lost during query,
// 1317 query interrupted (KILL QUERY); the server's own cap on a statement ran out: 1969 on
// MariaDB (max_statement_time), 3024 on MySQL 8 (max_execution_time).
const connectionErrnos = new Set([1927, 1053, 2006, 2013, 1317, 1969, 3024])

export function dbErrorKind(error: unknown): DbErrorKind | null {
  if (typeof error !== 'object' || error === null) return null
  const e = error as DriverError
  if (e.errno === 1213) return 'deadlock'
  if (e.errno === 1205) return 'lock-wait-timeout'
  // A violated CHECK: 4025 on MariaDB, 3819 on MySQL 8.
  if (e.errno === 4025 || e.errno === 3819 || e.code === 'SQLITE_CONSTRAINT_CHECK') {
    return checkConstraintName(e.message ?? '') === STOCK_GUARD ? 'stock-guard' : null
  }
  if (e.errno === 1062 || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return 'duplicate-key'
  }
  if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_BUSY_SNAPSHOT' || e.code === 'SQLITE_LOCKED') return 'busy'
  if ((e.errno !== undefined && connectionErrnos.has(e.errno)) || (e.code && connectionCodes.has(e.code))) {
    return 'connection-lost'
  }
  if (e.fatal === true) return 'connection-lost'
  if (e.message === 'Pool is closed.' || e.message === 'driver has already been destroyed') return 'connection-lost'
  return null
}

/** The unique key a duplicate-key error names, e.g. 'order_info.idempotency_key'. */
export function duplicateKeyName(error: unknown): string {
  const message = (error as DriverError)?.message ?? ''
  // MariaDB: "Duplicate entry 'x' for key 'order_info_idempotency_key_unique'"; SQLite:
  // "UNIQUE constraint failed: order_info.idempotency_key" (every column of a key on several).
  return /for key '([^']+)'/.exec(message)?.[1] ?? /constraint failed: (.+)$/.exec(message)?.[1] ?? ''
}

/** The CHECK constraint a CHECK violation names. */
function checkConstraintName(message: string): string {
  // MariaDB: "CONSTRAINT `goods_sku_stock_nonneg` failed for `db`.`goods_sku`"; MySQL 8: "Check
  // constraint 'goods_sku_stock_nonneg' is violated."; SQLite: "CHECK constraint failed:
  // goods_sku_stock_nonneg".
  return (
    /CONSTRAINT `([^`]+)` failed/.exec(message)?.[1] ??
    /constraint '([^']+)' is violated/i.exec(message)?.[1] ??
    /constraint failed: (\S+)/.exec(message)?.[1] ??
    ''
  )
}

/**
 * Whether a refusal may be a repeat of a call that already went through with the same
 * idempotency key — so the key is worth looking up: a rule refused it (the first call changed
 * what it checks: the cart, the order's status), or the unique key `keyColumn` refused the
 * insert. Not when the store or the cache could not be reached: nothing is known then.
 */
export function couldBeRepeat(error: unknown, keyColumn: string): boolean {
  if (error instanceof PosError) return error.code !== 'DB_UNAVAILABLE' && error.code !== 'CACHE_UNAVAILABLE'
  return dbErrorKind(error) === 'duplicate-key' && duplicateKeyName(error).includes(keyColumn)
}
