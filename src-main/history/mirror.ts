// The offline order history: in shared mode a local SQLite file keeps a copy of the
// orders this till made or touched, and every till's recent orders, so that the order list and
// the order detail still open when MySQL cannot be reached. It is built by the same migrations
// as the shop database, so the very same query code reads it.
import { join } from 'node:path'
import { type Kysely, sql } from 'kysely'
import type { Core } from '../core/core'
import { migrateToLatest } from '../db/migrator'
import { privateFolder } from '../private-files'
import type { Database } from '../db/schema'
import { openStore, type Store } from '../db/store'

export const MIRROR_FILE = 'history.db'

/** One row: how far the copy has got. */
interface MirrorStateTable {
  id: number
  /** The shop database and till this copy was made from; another one means start afresh. */
  source: string
  /** updated_at (the shop database's clock) up to which every order was copied. */
  watermark: number | null
  /** Local time at which the last complete sync began: the mirror holds everything up to it. */
  last_synced_at: number | null
}

type MirrorDb = Kysely<Database & { mirror_state: MirrorStateTable }>

export interface MirrorState {
  watermark: number | null
  lastSyncedAt: number | null
}

export interface OrderMirror {
  /** The SQLite copy; pass `{ ...core, store: mirror.store }` to the order queries to read it. */
  readonly store: Store
  readState(): Promise<MirrorState>
  writeState(state: MirrorState): Promise<void>
  /**
   * Runs `work` when no other copy is running. Copies read MySQL and then write SQLite; doing
   * them one at a time means a later copy of an order always read it later, so an old version
   * can never overwrite a newer one.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>
  readonly closed: boolean
  /** Waits for the running copy, then closes the file. */
  close(): Promise<void>
}

/** The tables that hang off an order by order_id; an order is copied and replaced with all of them. */
export const mirroredOrderChildren = ['order_goods', 'order_events', 'payments', 'refunds'] as const

/** A broken history file must not stop the till from selling: it then runs without one. */
export async function openMirrorOrNone(core: Core): Promise<OrderMirror | null> {
  try {
    return await openMirror(core)
  } catch (error) {
    core.log.error({ err: error }, 'cannot open the offline order history; running without it')
    return null
  }
}

export async function openMirror(core: Core): Promise<OrderMirror> {
  privateFolder(core.config.dataDir)
  const store = openStore(
    { kind: 'sqlite', path: join(core.config.dataDir, MIRROR_FILE) },
    { deadlines: core.config.deadlines },
  )
  try {
    await migrateToLatest(store)
    // A partial copy: orders point at members, staff and goods it does not hold, and MySQL has
    // already enforced the references.
    await sql`pragma foreign_keys = off`.execute(store.db)
    const db = store.db.withTables<{ mirror_state: MirrorStateTable }>()
    await db.schema
      .createTable('mirror_state')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('source', 'varchar(255)', (c) => c.notNull())
      .addColumn('watermark', 'bigint')
      .addColumn('last_synced_at', 'bigint')
      .execute()
    await startAfreshIfSourceChanged(db, sourceOf(core))
  } catch (error) {
    await store.close()
    throw error
  }
  return mirrorOn(store)
}

function mirrorOn(store: Store): OrderMirror {
  const db = store.db.withTables<{ mirror_state: MirrorStateTable }>()
  let queue: Promise<unknown> = Promise.resolve()
  let closed = false
  return {
    store,
    get closed() {
      return closed
    },
    async readState() {
      const row = await db
        .selectFrom('mirror_state')
        .select(['watermark', 'last_synced_at'])
        .where('id', '=', 1)
        .executeTakeFirst()
      return { watermark: row?.watermark ?? null, lastSyncedAt: row?.last_synced_at ?? null }
    },
    async writeState(state) {
      await db
        .updateTable('mirror_state')
        .set({ watermark: state.watermark, last_synced_at: state.lastSyncedAt })
        .where('id', '=', 1)
        .execute()
    },
    exclusive(work) {
      const run = queue.then(work)
      queue = run.catch(() => undefined)
      return run
    },
    async close() {
      if (closed) return
      closed = true
      await queue
      await store.close()
    },
  }
}

/** Which shop database and till the copy belongs to — no user name or password. */
function sourceOf(core: Core): string {
  const location = core.config.store
  if (location.kind !== 'mysql') return `sqlite:${location.path} till ${core.config.tillId}`
  const url = new URL(location.url)
  return `mysql://${url.host}${url.pathname} till ${core.config.tillId}`
}

/**
 * Ids are the shop database's ids: a copy made from another database (or for another till)
 * would mix orders up, so it is thrown away and the next sync copies from scratch.
 */
async function startAfreshIfSourceChanged(db: MirrorDb, source: string): Promise<void> {
  const row = await db.selectFrom('mirror_state').select('source').where('id', '=', 1).executeTakeFirst()
  if (row?.source === source) return
  await db.transaction().execute(async (trx) => {
    for (const table of mirroredOrderChildren) await trx.deleteFrom(table).execute()
    await trx.deleteFrom('order_info').execute()
    await trx.deleteFrom('members').execute()
    await trx.deleteFrom('mirror_state').execute()
    await trx.insertInto('mirror_state').values({ id: 1, source, watermark: null, last_synced_at: null }).execute()
  })
}
