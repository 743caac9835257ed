// The one-round-trip batch sends values escaped by mysql2 with multiple statements on. Under
// NO_BACKSLASH_ESCAPES mysql2's \' no longer stays inside its string, and a value could run SQL of
// its own. The batch pins sql_mode itself, so a session left in any mode cannot let that happen;
// and every connection the store opens starts with the mode pinned, whatever the server's default.
// No global server setting is touched: other test runs share this server.
import { CompiledQuery, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src-main/core/core'
import { PINNED_SQL_MODE } from '../../src-main/db/mysql-deadlines'
import { freshStore, type TestStore } from '../support/stores'

/** A free-text value written to break out of its string and insert a row of its own. */
const breakout =
  "x', 0x20, 1); INSERT INTO goods (name, description, created_at) VALUES (0x696e6a6563746564, 0x20, 1); -- "

describe('the MySQL batch under NO_BACKSLASH_ESCAPES', () => {
  let t: TestStore
  /** One connection in each pool, so the session the test leaves behind is the one the batch gets. */
  let till: Core

  beforeAll(async () => {
    t = await freshStore('mysql')
    till = await t.openAnother({}, 1)
  })
  afterAll(() => t.dispose())

  const goodsNames = async () =>
    (await t.core.store.db.selectFrom('goods').select('name').orderBy('id').execute()).map((g) => g.name)

  it('keeps a value inside its string even when the session was left in that mode', async () => {
    const batch = till.store.batch
    if (!batch) throw new Error('MySQL has the batch')
    // The batch's one connection, left in NO_BACKSLASH_ESCAPES — as a server default would leave it.
    await batch.runTransaction([CompiledQuery.raw("SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'")])

    await batch.runTransaction([
      till.store.db.insertInto('goods').values({ name: breakout, description: '', created_at: 1 }).compile(),
    ])

    expect(await goodsNames()).toEqual([breakout])
  })

  it('opens every connection with the mode and the statement cap pinned', async () => {
    // A fresh till's first connections: the pinned mode, not the server's default.
    const fresh = await t.openAnother({}, 1)
    const session = async (db: typeof fresh.store.db) =>
      (
        await sql<{
          mode: string
          cap: number
        }>`SELECT @@session.sql_mode AS mode, @@session.max_statement_time AS cap`.execute(db)
      ).rows[0]
    expect(await session(fresh.store.db)).toEqual({ mode: PINNED_SQL_MODE, cap: t.config.deadlines.storeMs / 1000 })
    expect(await session(fresh.store.slowDb)).toEqual({
      mode: PINNED_SQL_MODE,
      cap: t.config.deadlines.reportMs / 1000,
    })
  })
})
