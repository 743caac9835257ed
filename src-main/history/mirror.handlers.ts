// What the order handlers do with the offline history: read from MySQL and fall back to the
// mirror when MySQL cannot be reached, and copy every order this till writes into the mirror.
import type { MethodName, OrderPage } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import type { Core } from '../core/core'
import { dbErrorKind } from '../db/errors'
import type { OrderMirror } from './mirror'
import { copyTouchedOrder } from './mirror.sync'

type Offline = OrderPage['offline']

/**
 * What a session checked only against the offline history's copy may call while MySQL cannot be
 * reached: the history itself, who is logged in, and logging out.
 */
export const offlineMethods: ReadonlySet<MethodName> = new Set<MethodName>([
  'orders.list',
  'orders.get',
  'orders.ofMember',
  'auth.me',
  'auth.logout',
])

/**
 * How long a read waits for MySQL before answering from the mirror. A closed or refused
 * connection fails at once; this is for a network that silently drops packets, where a query
 * on a pooled connection would otherwise wait for TCP to give up (many minutes).
 */
export const ONLINE_READ_WAIT_MS = 5_000

export interface OfflineHistory {
  /** Runs an order query on MySQL; if MySQL cannot be reached, on the mirror, marked offline. */
  read<T extends object>(query: (from: Core) => Promise<T>): Promise<T & { offline: Offline }>
  /** The same fallback for a read whose answer carries no mark (logging in to see the history). */
  readUnmarked<T>(query: (from: Core) => Promise<T>): Promise<T>
  /** Passes a written order through and copies it into the mirror in the background. */
  touched<T extends { id: number }>(write: Promise<T>): Promise<T>
}

/** `mirror` is null in embedded mode: the store is already local and never offline. */
export function offlineHistory(core: Core, mirror: OrderMirror | null): OfflineHistory {
  return {
    async read(query) {
      const { answer, asOf } = await withFallback(query)
      return { ...answer, offline: asOf === null ? null : { asOf } }
    },
    async readUnmarked(query) {
      return (await withFallback(query)).answer
    },
    async touched(write) {
      const order = await write
      if (mirror) copyTouchedOrder(core, mirror, order.id)
      return order
    },
  }

  /** The answer from MySQL (asOf null) or, when MySQL cannot be reached, from the mirror. */
  async function withFallback<T>(query: (from: Core) => Promise<T>): Promise<{ answer: T; asOf: number | null }> {
    if (!mirror) return { answer: await query(core), asOf: null }
    let online
    try {
      online = await answerWithin(query(core), ONLINE_READ_WAIT_MS)
    } catch (error) {
      if (!unreachable(error)) throw error
      return fromMirror(mirror, query, error)
    }
    if (online === 'no answer') return fromMirror(mirror, query, new PosError('DB_UNAVAILABLE'))
    return { answer: online.data, asOf: null }
  }

  async function fromMirror<T>(mirror: OrderMirror, query: (from: Core) => Promise<T>, cause: unknown) {
    const { lastSyncedAt } = await mirror.readState()
    // Never synced: an empty list would look like "no orders", so say the database is down.
    if (lastSyncedAt === null || mirror.closed) throw cause
    core.log.debug('MySQL unreachable: answering from the offline history')
    return { answer: await query({ ...core, store: mirror.store }), asOf: lastSyncedAt }
  }
}

function unreachable(error: unknown): boolean {
  if (error instanceof PosError) return error.code === 'DB_UNAVAILABLE'
  return dbErrorKind(error) === 'connection-lost'
}

/** The promise's result, or 'no answer' after `ms`; a late failure is dropped, not unhandled. */
function answerWithin<T>(promise: Promise<T>, ms: number): Promise<{ data: T } | 'no answer'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'no answer'>((resolve) => {
    timer = setTimeout(() => resolve('no answer'), ms)
  })
  promise.catch(() => undefined)
  return Promise.race([promise.then((data) => ({ data })), late]).finally(() => clearTimeout(timer))
}
