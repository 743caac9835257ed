// Keeping the mirror up to date: an incremental sync by updated_at watermark (every 30 s in the
// app), and an immediate copy of each order this till has just written.
import type { Core } from '../core/core'
import type { OrderMirror } from './mirror'
import { copyOrders, copyStaff, pruneOtherTills } from './mirror.copy'

export const HISTORY_SYNC_EVERY_MS = 30_000
/** Orders looked at per round trip, so a first sync of a big shop never holds it all in memory. */
export const SYNC_PAGE_ORDERS = 500
/**
 * Each sync re-reads this much before the watermark: updated_at comes from the clock of the till
 * that wrote it, and a transaction can commit a while after it stamped its rows.
 */
export const SYNC_OVERLAP_MS = 2 * 60_000
/** Every till's orders changed in this many days are kept, for admins; this till's are kept for good. */
export const RECENT_DAYS = 7
const DAY_MS = 24 * 60 * 60_000

export interface SyncResult {
  /** Orders copied (new or changed); unchanged orders in the overlap are not rewritten. */
  copied: number
  /** Orders looked at in the shop database. */
  checked: number
  /** Local time this sync began: the mirror now holds every change made before it. */
  syncedAt: number
}

/** The columns that tell whether the mirror's copy of an order is still current. */
const versionColumns = ['id', 'updated_at', 'status', 'paid_fen', 'refunded_fen'] as const
type Version = { id: number; updated_at: number; status: number; paid_fen: number; refunded_fen: number }

/**
 * Copies every order changed since the last sync (less the overlap) that belongs in the mirror:
 * this till's orders, and every till's recent ones. Relies on every write to an order moving
 * its order_info.updated_at, as the order lifecycle does.
 */
export async function syncMirror(core: Core, mirror: OrderMirror): Promise<SyncResult> {
  const startedAt = core.now()
  const recentFrom = startedAt - RECENT_DAYS * DAY_MS
  const { watermark } = await mirror.readState()
  const from = watermark === null ? 0 : watermark - SYNC_OVERLAP_MS
  let copied = 0
  let checked = 0
  let newest: number | null = null
  await copyStaff(core, mirror)
  // Paged by id, not by updated_at: without an index on updated_at each page is still one
  // forward walk of the primary key, and the pages together walk it once.
  for (let afterId = 0; ;) {
    if (mirror.closed) throw new Error('order history closed during sync')
    const page: Version[] = await core.store.db
      .selectFrom('order_info')
      .select(versionColumns)
      .where('id', '>', afterId)
      .where('updated_at', '>=', from)
      .where((eb) => eb.or([eb('till_id', '=', core.config.tillId), eb('updated_at', '>=', recentFrom)]))
      .orderBy('id')
      .limit(SYNC_PAGE_ORDERS)
      .execute()
    checked += page.length
    copied += await copyOrders(core, mirror, await changedOrders(mirror, page))
    for (const order of page) newest = Math.max(newest ?? order.updated_at, order.updated_at)
    const last = page.at(-1)
    if (!last || page.length < SYNC_PAGE_ORDERS) break
    afterId = last.id
  }
  await pruneOtherTills(core, mirror, recentFrom)
  // Never past our own start: a till whose clock runs ahead must not push the watermark over
  // changes that other tills are still about to commit.
  const nextWatermark = newest === null ? watermark : Math.min(newest, startedAt)
  await mirror.writeState({ watermark: nextWatermark, lastSyncedAt: startedAt })
  return { copied, checked, syncedAt: startedAt }
}

/** The ids in `page` whose mirror copy is missing or differs. */
async function changedOrders(mirror: OrderMirror, page: readonly Version[]): Promise<number[]> {
  if (page.length === 0) return []
  const held = await mirror.store.db
    .selectFrom('order_info')
    .select(versionColumns)
    .where(
      'id',
      'in',
      page.map((o) => o.id),
    )
    .execute()
  const byId = new Map(held.map((o) => [o.id, o]))
  return page.filter((o) => !sameVersion(byId.get(o.id), o)).map((o) => o.id)
}

function sameVersion(a: Version | undefined, b: Version): boolean {
  return a !== undefined && versionColumns.every((column) => a[column] === b[column])
}

/**
 * An order this till has just written: copied at once in the background, so that it is in the
 * mirror even if MySQL goes away before the next sync. Never fails the caller's call.
 */
export function copyTouchedOrder(core: Core, mirror: OrderMirror, orderId: number): void {
  if (mirror.closed) return
  copyOrders(core, mirror, [orderId]).catch((error) =>
    core.log.warn({ err: error, orderId }, 'copying an order into the offline history failed'),
  )
}

/** Syncs now and then every `everyMs` in the app process; returns a function that stops it. */
export function startMirrorSync(core: Core, mirror: OrderMirror, everyMs = HISTORY_SYNC_EVERY_MS): () => void {
  let running = false
  const sync = () => {
    if (running || mirror.closed) return
    running = true
    syncMirror(core, mirror)
      .then((result) => result.copied > 0 && core.log.info(result, 'offline history synced'))
      // Expected while MySQL is down; the next round catches up.
      .catch((error) => core.log.warn({ err: error }, 'offline history sync failed'))
      .finally(() => {
        running = false
      })
  }
  const first = setTimeout(sync, 0)
  const timer = setInterval(sync, everyMs)
  first.unref()
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}
