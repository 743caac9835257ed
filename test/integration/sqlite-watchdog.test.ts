// The SQLite store's watchdog: a transaction that keeps the connection (and the file's write lock)
// past the store deadline is rolled back, the connection handed on to the next caller and the
// lock to the next process, and the late transaction's own statements and COMMIT are refused as
// DB_UNAVAILABLE — nothing it wrote is left. The rules are in docs/DEADLINES.md.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Deadlines } from '../../src-main/config'
import { migrateToLatest } from '../../src-main/db/migrator'
import { openStore, type Store } from '../../src-main/db/store'
import { type Trx, writeTransaction } from '../../src-main/db/transaction'

const deadlines: Deadlines = { storeMs: 200, reportMs: 1_500, redisMs: 3_000 }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A promise the test settles by hand: what a transaction "awaits" while it holds the lock. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {}
  const wait = new Promise<void>((resolve) => (open = resolve))
  return { wait, open }
}

describe('the SQLite watchdog', () => {
  let dir: string
  let store: Store
  let otherProcess: Store

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'freshtill-watchdog-'))
    const path = join(dir, 'store.db')
    store = openStore({ kind: 'sqlite', path }, { deadlines })
    await migrateToLatest(store)
    // A second connection to the file, as another till process would have. It answers
    // SQLITE_BUSY at once: better-sqlite3 waits synchronously, which would stall this very thread.
    otherProcess = openStore({ kind: 'sqlite', path }, { deadlines })
    await sql`pragma busy_timeout = 0`.execute(otherProcess.db)
  })
  afterAll(async () => {
    await otherProcess.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const addGoods = (trx: Trx | Store['db'], name: string) =>
    trx.insertInto('goods').values({ name, description: '', created_at: 1 }).execute()
  const goodsNamed = async (db: Store['db'], prefix: string) =>
    (await db.selectFrom('goods').select('name').where('name', 'like', `${prefix}%`).orderBy('id').execute()).map(
      (g) => g.name,
    )

  it('rolls back a transaction that waits past the deadline and lets the next caller write', async () => {
    const stuck = gate()
    const late = writeTransaction(store, async (trx) => {
      await addGoods(trx, 'wd1-stuck')
      await stuck.wait // e.g. a call to another service that does not answer
      await addGoods(trx, 'wd1-after-wait')
    })
    const lateOutcome = late.then(
      () => 'committed',
      (error: unknown) => error,
    )
    // The next write of this till waits its turn; it gets it when the watchdog ends the stuck one.
    await writeTransaction(store, (trx) => addGoods(trx, 'wd1-next'))
    expect(await goodsNamed(store.db, 'wd1-')).toEqual(['wd1-next'])

    stuck.open()
    expect(await lateOutcome).toMatchObject({ code: 'DB_UNAVAILABLE' })
    expect(await goodsNamed(store.db, 'wd1-')).toEqual(['wd1-next'])
  })

  it('hands the file write lock to another process once the deadline has passed', async () => {
    const stuck = gate()
    const late = writeTransaction(store, async (trx) => {
      await addGoods(trx, 'wd2-stuck')
      await stuck.wait
    }).catch((error: unknown) => error)

    // While the stuck transaction holds the lock, the other process cannot write.
    await expect(otherProcess.db.transaction().execute((trx) => addGoods(trx, 'wd2-other'))).rejects.toMatchObject({
      code: 'SQLITE_BUSY',
    })
    await sleep(deadlines.storeMs * 2)
    await otherProcess.db.transaction().execute((trx) => addGoods(trx, 'wd2-other'))

    stuck.open()
    expect(await late).toMatchObject({ code: 'DB_UNAVAILABLE' })
    expect(await goodsNamed(store.db, 'wd2-')).toEqual(['wd2-other'])
  })

  it('refuses the next statement of a transaction that ran past the deadline while the timer could not fire', async () => {
    const outcome = await writeTransaction(store, async (trx) => {
      await addGoods(trx, 'wd3-first')
      // Hold the thread itself, as a long computation would: no timer runs meanwhile.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, deadlines.storeMs * 2)
      await addGoods(trx, 'wd3-second')
    }).catch((error: unknown) => error)
    expect(outcome).toMatchObject({ code: 'DB_UNAVAILABLE' })
    expect(await goodsNamed(store.db, 'wd3-')).toEqual([])
    // The connection is free again for the next caller.
    await writeTransaction(store, (trx) => addGoods(trx, 'wd3-next'))
    expect(await goodsNamed(store.db, 'wd3-')).toEqual(['wd3-next'])
  })

  it('refuses the COMMIT of a transaction that ran past the deadline, leaving nothing', async () => {
    const outcome = await writeTransaction(store, async (trx) => {
      await addGoods(trx, 'wd4-only')
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, deadlines.storeMs * 2)
    }).catch((error: unknown) => error)
    expect(outcome).toMatchObject({ code: 'DB_UNAVAILABLE' })
    expect(await goodsNamed(store.db, 'wd4-')).toEqual([])
  })

  it('gives reports, exports and migrations the longer report deadline on the same connection', async () => {
    await store.slowDb.transaction().execute(async (trx) => {
      await addGoods(trx, 'wd5-slow')
      await sleep(deadlines.storeMs * 2)
      await addGoods(trx, 'wd5-slow-after')
    })
    expect(await goodsNamed(store.db, 'wd5-')).toEqual(['wd5-slow', 'wd5-slow-after'])
  })

  it('lets a transaction within its deadline commit whole, its savepoints included', async () => {
    const trx = await store.db.startTransaction().execute()
    await addGoods(trx, 'wd6-kept')
    const trial = await trx.savepoint('trial').execute()
    await addGoods(trial, 'wd6-undone')
    const rolledBack = await trial.rollbackToSavepoint('trial').execute()
    await addGoods(rolledBack, 'wd6-after')
    await rolledBack.commit().execute()
    expect(await goodsNamed(store.db, 'wd6-')).toEqual(['wd6-kept', 'wd6-after'])
  })
})
