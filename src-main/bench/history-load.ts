// Loads a shop's history for `pos bench history`: a million orders over 90 days, several tills,
// members, every status, 1–3 lines each. Written straight into the tables with set-based
// INSERT … SELECT from a numbers table — NOT through placeOrder: placing a million orders one by
// one would take the best part of an hour and measure checkout, not the order list.
//
// Every value is a pure function of the order's number i, so the database generates the rows
// itself (no million-row round trips) and the totals agree with the lines without reading them
// back. Portable: no recursive CTE (MariaDB and MySQL stop them at 1,000 rows by default), no
// MariaDB-only seq_1_to_N; the numbers table is built from a cross join of digits.
import { OrderStatus, paidStatuses, PayMethod } from '../../src-shared/order-status'
import { sql } from 'kysely'
import type { Core } from '../core/core'

export interface HistoryShape {
  orders: number
  /** Till ids T1…Tn; staffIds[k] is the cashier of till T(k+1). */
  staffIds: readonly number[]
  /** Epoch ms of the newest order; the oldest is 90 days before. */
  now: number
}

export interface LoadedHistory {
  orders: number
  order_lines: number
  members: number
  skus: number
  load_s: number
}

export const HISTORY_DAYS = 90
/** Rows per INSERT … SELECT: big enough that commits are rare, small enough for the undo log. */
const BATCH = 50_000
const SEQ_SIZE = 100_000
const SKUS = 500

/** The order number of history order i — also how the bench picks orders to look up. */
export const historyOrderNo = (i: number) => `H${String(i).padStart(12, '0')}`
/** Members' phones, for lookups by phone. */
export const historyMemberPhone = (m: number) => `139${String(m).padStart(8, '0')}`
/** About 200 orders per member: with 60% of orders carrying a member, ~120 orders each. */
export const historyMembers = (orders: number) => Math.min(SEQ_SIZE, Math.max(1, Math.round(orders / 200)))

export async function loadHistory(
  core: Core,
  shape: HistoryShape,
  signal: AbortSignal,
  note: (line: string) => void,
): Promise<LoadedHistory> {
  // INSERT … SELECTs of 50,000 rows may rightly take longer than the store deadline.
  const db = core.store.slowDb
  const d = dialect(core.store.kind)
  const started = performance.now()
  const existing = await db.selectFrom('order_info').select('id').limit(1).executeTakeFirst()
  if (existing) throw new Error('history needs an empty bench database')
  const tills = int(shape.staffIds.length)
  const stepMs = Math.max(1, Math.floor((HISTORY_DAYS * 86_400_000) / shape.orders))
  const step = int(stepMs)
  const start = int(shape.now - shape.orders * stepMs)
  const members = historyMembers(shape.orders)

  await sql`create table bench_seq (n integer not null primary key)`.execute(db)
  try {
    const digits =
      '(select 0 as d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9)'
    await sql
      .raw(
        `insert into bench_seq (n) select a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d from ${digits} a cross join ${digits} b cross join ${digits} c cross join ${digits} e cross join ${digits} f`,
      )
      .execute(db)

    await sql
      .raw(
        `insert into members (id, phone, name, created_at) select n + 1, ${d.cat(`'139'`, d.pad('n + 1', 8))}, ${d.cat(`'会员'`, 'n + 1')}, ${start} from bench_seq where n < ${int(members)}`,
      )
      .execute(db)
    const goods = await db
      .insertInto('goods')
      .values({ name: '历史商品', description: 'bench history', created_at: Number(start) })
      .executeTakeFirstOrThrow()
    await sql
      .raw(
        `insert into goods_sku (id, goods_id, name, barcode, unit, price_fen, stock, sales, on_sale, created_at, updated_at) ` +
          `select n + 1, ${int(Number(goods.insertId))}, ${d.cat(`'历史商品 '`, 'n + 1')}, ${d.cat(`'HIST'`, d.pad('n + 1', 8))}, '份', ${price('n')}, 100000, 0, 1, ${start}, ${start} from bench_seq where n < ${SKUS}`,
      )
      .execute(db)

    const staffCase = `case i % ${tills} ${shape.staffIds.map((id, k) => `when ${k} then ${int(id)}`).join(' ')} end`
    let lines = 0
    for (let base = 1; base <= shape.orders; base += BATCH) {
      if (signal.aborted) throw new Error('bench interrupted')
      const count = Math.min(BATCH, shape.orders - base + 1)
      await sql
        .raw(ordersSql(d, { base: int(base), count: int(count), start, step, tills, staffCase, members: int(members) }))
        .execute(db)
      const inserted = await sql.raw(linesSql(d, int(base), int(base + count - 1))).execute(db)
      lines += Number(inserted.numAffectedRows ?? 0n)
      note(
        `history: ${base + count - 1} of ${shape.orders} orders loaded (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      )
    }
    // Fresh statistics, or the optimizer guesses index choices from an empty table's.
    if (core.store.kind === 'mysql') await sql`analyze table order_info, order_goods, members`.execute(db)
    else await sql`analyze`.execute(db)
    return {
      orders: shape.orders,
      order_lines: lines,
      members,
      skus: SKUS,
      load_s: Math.round((performance.now() - started) / 100) / 10,
    }
  } finally {
    await sql`drop table if exists bench_seq`.execute(db).catch(() => undefined)
  }
}

interface Dialect {
  cat(...parts: string[]): string
  /** Left-pads a number with zeros. */
  pad(expr: string, width: number): string
}

function dialect(kind: 'mysql' | 'sqlite'): Dialect {
  return kind === 'mysql'
    ? { cat: (...p) => `concat(${p.join(', ')})`, pad: (e, w) => `lpad(${e}, ${w}, '0')` }
    : // SQLite's || binds tighter than +: every part goes in parentheses.
      {
        cat: (...p) => `(${p.map((x) => `(${x})`).join(' || ')})`,
        pad: (e, w) => `substr('${'0'.repeat(w)}' || (${e}), -${w})`,
      }
}

/**
 * Only whole numbers the bench computed itself are written into the SQL text (checked here);
 * the generated statements carry no outside input at all.
 */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${n}`)
  return String(n)
}

// The shape of order i. Line j (1…3) exists when j ≤ 1 + i % 3; its SKU index, count and price
// (13 apart, so one order's SKUs are distinct):
const skuOf = (i: string, j: string) => `((${i} * 7 + ${j} * 13) % ${SKUS})`
const countOf = (i: string, j: string) => `(1 + (${i} + ${j}) % 3)`
const price = (sku: string) => `(100 + (${sku} * 37) % 1900)`
/** Σ over the order's lines of term(j), for the totals written with the order. */
const sumLines = (i: string, term: (j: string) => string) =>
  [
    term('1'),
    `case when ${i} % 3 >= 1 then ${term('2')} else 0 end`,
    `case when ${i} % 3 >= 2 then ${term('3')} else 0 end`,
  ].join(' + ')

/**
 * Scatters i over 0…n−1: a multiplicative hash modulo a prime (a permutation of i below it), so
 * statuses, members and pay methods look random and are independent of the till (i % tills) and
 * of each other (each uses its own prime).
 */
const scatter = (i: string, multiplier: number, prime: number, n: number | string) =>
  `((${i} * ${multiplier}) % ${prime} % ${n})`

/**
 * Statuses as a shop's history has them: mostly finished or awaiting review, a few cancelled or refunded, a handful
 * still moving.
 */
const statusOf = (i: string) => {
  const h = scatter(i, 2654435761, 1000003, 100)
  const { UNPAID, UNSHIPPED, UNRECEIVED, UNREVIEWED, FINISHED, CANCELLED, REFUNDED } = OrderStatus
  return (
    `case when ${h} < 2 then ${UNPAID} when ${h} < 4 then ${UNSHIPPED} when ${h} < 6 then ${UNRECEIVED} ` +
    `when ${h} < 30 then ${UNREVIEWED} when ${h} < 88 then ${FINISHED} when ${h} < 96 then ${CANCELLED} else ${REFUNDED} end`
  )
}

function ordersSql(
  d: Dialect,
  p: { base: string; count: string; start: string; step: string; tills: string; staffCase: string; members: string },
): string {
  // 60% of orders carry a member; a tenth of those are delivered.
  const member = `case when ${scatter('i', 40503, 999983, 10)} < 6 then 1 + ${scatter('i', 69069, 1000033, p.members)} else null end`
  const delivery = `(m is not null and i % 10 = 0)`
  const freight = `case when ${delivery} and g < 9900 then 1000 else 0 end`
  // Paid at some time: the paid statuses, and refunded (paid, then given back).
  const paid = `st in (${[...paidStatuses, OrderStatus.REFUNDED].join(', ')})`
  const payMethod = `case when ${scatter('i', 48271, 1000039, 10)} < 5 then ${PayMethod.ALIPAY} when ${scatter('i', 48271, 1000039, 10)} < 8 then ${PayMethod.CASH} else ${PayMethod.CARD} end`
  return (
    `insert into order_info (id, order_no, member_id, staff_id, till_id, fulfilment, address_id, receiver, receiver_phone, address, ` +
    `pay_method, total_count, goods_fen, freight_fen, pay_fen, status, paid_fen, refunded_fen, idempotency_key, request_hash, ` +
    `created_at, updated_at, paid_at, expires_at) ` +
    `select i, ${d.cat(`'H'`, d.pad('i', 12))}, m, ${p.staffCase}, ${d.cat(`'T'`, `1 + i % ${p.tills}`)}, ` +
    `case when ${delivery} then 'delivery' else 'pickup' end, null, ` +
    `case when ${delivery} then ${d.cat(`'会员'`, 'm')} end, case when ${delivery} then ${d.cat(`'139'`, d.pad('m', 8))} end, ` +
    `case when ${delivery} then '上海市浦东新区世纪大道100号' end, ` +
    `${payMethod}, c, g, ${freight}, g + ${freight}, st, ` +
    `case when ${paid} then g + ${freight} else 0 end, case when st = ${OrderStatus.REFUNDED} then g + ${freight} else 0 end, ` +
    `${d.cat(`'hist_'`, d.pad('i', 12))}, 'bench-history', t, t + 60000, case when ${paid} then t + 60000 end, t + 900000 ` +
    `from (select i, ${p.start} + i * ${p.step} as t, ${statusOf('i')} as st, ${member} as m, ` +
    `${sumLines('i', (j) => `${price(skuOf('i', j))} * ${countOf('i', j)}`)} as g, ${sumLines('i', (j) => countOf('i', j))} as c ` +
    `from (select n + ${p.base} as i from bench_seq where n < ${p.count}) a) b`
  )
}

/** The lines of orders lo…hi, the same functions of i as the totals above; reviews on finished orders. */
function linesSql(d: Dialect, lo: string, hi: string): string {
  const finished = OrderStatus.FINISHED
  return (
    `insert into order_goods (order_id, sku_id, sku_name, price_fen, count, line_fen, net_fen, rating, comment, reviewed_at) ` +
    `select id, s + 1, ${d.cat(`'历史商品 '`, 's + 1')}, ${price('s')}, 1 + (id + j) % 3, ${price('s')} * (1 + (id + j) % 3), ` +
    `${price('s')} * (1 + (id + j) % 3), ` +
    `case when status = ${finished} then 1 + (id + j) % 5 end, case when status = ${finished} then '新鲜，好吃' end, ` +
    `case when status = ${finished} then created_at + 86400000 end ` +
    `from (select o.id, o.status, o.created_at, l.j, ${skuOf('o.id', 'l.j')} as s from order_info o ` +
    `join (select 1 as j union all select 2 union all select 3) l on l.j <= 1 + o.id % 3 ` +
    `where o.id between ${lo} and ${hi}) x`
  )
}
