import { type Kysely, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Database } from '../../src-main/db/schema'
import { mysqlBuilder, precompiled } from '../../src-main/db/precompiled'

// Kysely building the same statement anew each time, with the same compiler: what a precompiled statement must equal.
const db = mysqlBuilder

interface Take {
  skuId: number
  count: number
  priceFen: number
}
const take = (line: Take, k: Kysely<Database>) =>
  k
    .updateTable('goods_sku')
    .set({
      sales: sql`sales + ${line.count}`,
      stock: sql`case when price_fen = ${line.priceFen} then stock - ${line.count} else -1 end`,
    })
    .where('id', '=', line.skuId)
    .where('on_sale', '=', 1)

describe('precompiled statements', () => {
  it('give the SQL and parameters Kysely builds for the same values, a value used twice included', () => {
    const statement = precompiled<Take>(['skuId', 'count', 'priceFen'], take)
    for (const line of [
      { skuId: 7, count: 3, priceFen: 1250 },
      { skuId: 9, count: 250, priceFen: 0 },
    ]) {
      const built = take(line, db).compile()
      const compiled = statement(line)
      expect(compiled.sql).toBe(built.sql)
      expect(compiled.parameters).toEqual(built.parameters)
    }
    expect(statement({ skuId: 7, count: 3, priceFen: 1250 }).parameters).toEqual([3, 1250, 3, 7, 1])
  })

  it('keep text values as bound parameters, never in the SQL', () => {
    const insert = precompiled<{ name: string }>(['name'], (v, k) =>
      k.insertInto('goods').values({ name: v.name, description: '', created_at: 0 }),
    )
    const compiled = insert({ name: "x'); drop table goods_sku; --" })
    expect(compiled.sql).not.toContain('drop table')
    expect(compiled.parameters).toContain("x'); drop table goods_sku; --")
  })

  it('refuse at their first use a value that did not reach the SQL as a parameter', () => {
    const lost = precompiled<{ count: number }>(['count'], (v, k) =>
      k
        .selectFrom('goods_sku')
        .selectAll()
        .limit(Number(v.count) || 1),
    )
    expect(() => lost({ count: 2 })).toThrow(/count did not reach the SQL/)
  })
})
