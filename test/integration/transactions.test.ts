// db.transaction() is the one way to run a transaction on both stores. On SQLite the store's
// dialect begins it IMMEDIATE: the write lock is taken at BEGIN, before the first read, so two
// tills can never both read the same stock and then write it. Savepoints work inside it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../src-main/db/migrator'
import { openStore, type Store } from '../../src-main/db/store'
import { writeTransaction } from '../../src-main/db/transaction'
import { freshStore, type TestStore, testStores } from '../support/stores'

describe('SQLite write transactions', () => {
  let dir: string
  let first: Store
  let second: Store

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'freshtill-trx-'))
    const path = join(dir, 'store.db')
    first = openStore({ kind: 'sqlite', path })
    await migrateToLatest(first)
    // Another process on the same file, as a second till in embedded mode would be.
    second = openStore({ kind: 'sqlite', path })
    // Answer SQLITE_BUSY at once instead of waiting: better-sqlite3 waits synchronously, which
    // would stall this very thread, and with it the first connection's commit.
    await sql`pragma busy_timeout = 0`.execute(second.db)
  })
  afterAll(async () => {
    await second.close()
    await first.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('take the write lock at BEGIN: a second connection cannot begin while the first has only read', async () => {
    let secondBegan = false
    await first.db.transaction().execute(async (trx) => {
      // Only a read so far: a plain (deferred) BEGIN would hold no write lock yet.
      await trx.selectFrom('goods').select('id').execute()
      const attempt = second.db.transaction().execute(async (other) => {
        secondBegan = true
        await other.selectFrom('goods').select('id').execute()
      })
      await expect(attempt).rejects.toMatchObject({ code: 'SQLITE_BUSY' })
    })
    expect(secondBegan).toBe(false)
    // Once the first has committed, the second begins and reads.
    const read = await second.db.transaction().execute((other) => other.selectFrom('goods').select('id').execute())
    expect(read).toEqual([])
  })
})

describe.each(testStores)('savepoints in a write transaction on %s', (kind) => {
  let t: TestStore

  beforeAll(async () => {
    t = await freshStore(kind)
  })
  afterAll(() => t.dispose())

  const goodsNamed = async (prefix: string) =>
    (
      await t.core.store.db
        .selectFrom('goods')
        .select('name')
        .where('name', 'like', `${prefix}%`)
        .orderBy('id')
        .execute()
    ).map((g) => g.name)

  it('rolling back to a savepoint undoes only what came after it; the rest commits', async () => {
    await writeTransaction(t.core.store, async (trx) => {
      const add = (name: string) => trx.insertInto('goods').values({ name, description: '', created_at: 1 }).execute()
      await add('sp-kept')
      await sql`savepoint trial`.execute(trx)
      await add('sp-undone')
      await sql`rollback to savepoint trial`.execute(trx)
      await sql`release savepoint trial`.execute(trx)
      await add('sp-after')
    })
    expect(await goodsNamed('sp-')).toEqual(['sp-kept', 'sp-after'])
  })

  it("Kysely's own savepoints work on the same dialect", async () => {
    const trx = await t.core.store.db.startTransaction().execute()
    await trx.insertInto('goods').values({ name: 'ks-kept', description: '', created_at: 1 }).execute()
    const inner = await trx.savepoint('trial').execute()
    await inner.insertInto('goods').values({ name: 'ks-undone', description: '', created_at: 1 }).execute()
    await inner.rollbackToSavepoint('trial').execute()
    await trx.commit().execute()
    expect(await goodsNamed('ks-')).toEqual(['ks-kept'])
  })
})
