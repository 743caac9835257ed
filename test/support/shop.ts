// Small builders for tests: staff, goods, a filled cart and a placed order — all through the
// app's own services, so the tests exercise the same paths the tills do.
import type { CallResult, DiscountsInput, OrderView, SessionView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { nextStatus } from '../../src-shared/order-state'
import { lineFen } from '../../src-shared/weight'
import { type Fulfilment, OrderStatus, type PayMethod } from '../../src-shared/order-status'
import { buildHandlers, type PosApp } from '../../src-main/app'
import { addGoods } from '../../src-main/catalog/catalog-admin.service'
import { createDispatcher, type Dispatch } from '../../src-main/contract/dispatch'
import { type Actor, type Core, systemActor } from '../../src-main/core/core'
import { getQuote, type PlaceOrderInput, placeOrder } from '../../src-main/orders/checkout.service'
import { SessionStore } from '../../src-main/staff/sessions'
import { shopSettings, updateSettings } from '../../src-main/settings/settings.service'
import { openShift } from '../../src-main/shifts/shifts.service'
import { addStaff } from '../../src-main/staff/staff.service'
import { testId } from './ids'

/**
 * A staff member at a till, as the till has them once they start work: if the till has no open
 * shift yet, this one opens it (with no float), as a cashier does before the first sale.
 */
export async function staffActor(core: Core, role: 'cashier' | 'admin' = 'cashier', tillId = 'T1'): Promise<Actor> {
  const actor = await staffWithoutShift(core, role, tillId)
  await openTillShift(core, actor)
  return actor
}

/** A staff member at a till whose shift is left as it is: for the tests of shifts themselves. */
export async function staffWithoutShift(
  core: Core,
  role: 'cashier' | 'admin' = 'cashier',
  tillId = 'T1',
): Promise<Actor> {
  const username = testId(`${role}_`)
  const staff = await addStaff(core, systemActor(tillId), { username, password: 'correct horse', role })
  return { staffId: staff.id, username, role, tillId }
}

/** Opens the actor's till's shift with no float, unless it is open already. */
export async function openTillShift(core: Core, actor: Actor, floatFen = 0): Promise<void> {
  await openShift(core, actor, { floatFen }).catch((error: unknown) => {
    if (!(error instanceof PosError && error.code === 'SHIFT_ALREADY_OPEN')) throw error
  })
}

export async function addSku(
  core: Core,
  sku: { stock: number; priceFen?: number; name?: string; onSale?: boolean },
): Promise<number> {
  const name = sku.name ?? testId('苹果 ')
  const [id] = await addGoods(core, {
    name,
    skus: [
      {
        name,
        barcode: testId('69', 32),
        unit: '个',
        priceFen: sku.priceFen ?? 350,
        stock: sku.stock,
        onSale: sku.onSale,
      },
    ],
  })
  return id as number
}

/** A SKU sold by weight: `stock` in grams, `priceFen` per 斤 (unitGrams 500, the default) or per kg. */
export async function addWeightSku(
  core: Core,
  sku: { stock: number; priceFen?: number; name?: string; unitGrams?: 500 | 1000; scaleCode?: string },
): Promise<number> {
  const name = sku.name ?? testId('番茄 ')
  const [id] = await addGoods(core, {
    name,
    skus: [
      {
        name,
        barcode: testId('29', 32),
        unit: '斤',
        priceFen: sku.priceFen ?? 520,
        stock: sku.stock,
        saleMode: 'by_weight',
        unitGrams: sku.unitGrams ?? 500,
        scaleCode: sku.scaleCode ?? null,
      },
    ],
  })
  return id as number
}

export const newKey = () => testId('k_')

export interface CheckoutOptions {
  fulfilment?: Fulfilment
  memberId?: number
  addressId?: number
  payMethod?: PayMethod
  idempotencyKey?: string
  /** The sale's discounts (docs/DISCOUNTS.md), and an admin's approval for them. */
  discounts?: DiscountsInput
  approval?: { username: string; password: string }
}

/** Fills the actor's cart with the given lines (replacing them) and places the order for them. */
export async function sell(
  core: Core,
  actor: Actor,
  lines: [skuId: number, count: number][],
  options: CheckoutOptions = {},
): Promise<OrderView> {
  return placeOrder(core, actor, await orderInput(core, actor, lines, options))
}

/** Quotes the given cart lines and places the order, as the submit page does. */
export async function submit(
  core: Core,
  actor: Actor,
  skuIds: number[],
  options: CheckoutOptions = {},
): Promise<OrderView> {
  return placeOrder(core, actor, await quotedInput(core, actor, skuIds, options))
}

/** The request the submit page sends for these cart lines: the quote's fingerprint, a fresh key. */
async function quotedInput(
  core: Core,
  actor: Actor,
  skuIds: number[],
  options: CheckoutOptions,
): Promise<PlaceOrderInput> {
  const fulfilment = options.fulfilment ?? 'pickup'
  const quote = await getQuote(core, actor, {
    skuIds,
    fulfilment,
    memberId: options.memberId,
    addressId: options.addressId,
    discounts: options.discounts,
  })
  return {
    skuIds,
    fulfilment,
    memberId: options.memberId,
    addressId: options.addressId,
    discounts: options.discounts,
    approval: options.approval,
    payMethod: options.payMethod ?? 3,
    fingerprint: quote.fingerprint,
    idempotencyKey: options.idempotencyKey ?? newKey(),
  }
}

export async function stockOf(core: Core, skuId: number): Promise<{ stock: number; sales: number }> {
  return core.store.db
    .selectFrom('goods_sku')
    .select(['stock', 'sales'])
    .where('id', '=', skuId)
    .executeTakeFirstOrThrow()
}

export async function countRows(core: Core): Promise<{ orders: number; lines: number; events: number }> {
  const one = async (table: 'order_info' | 'order_goods' | 'order_events') =>
    Number(
      (
        await core.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return { orders: await one('order_info'), lines: await one('order_goods'), events: await one('order_events') }
}

/**
 * Fills the actor's cart with the given lines and quotes them; returns the exact input the submit
 * page would send, so that a test can send the very same request more than once.
 */
export async function orderInput(
  core: Core,
  actor: Actor,
  lines: [skuId: number, count: number][],
  options: CheckoutOptions = {},
): Promise<PlaceOrderInput> {
  for (const [skuId, count] of lines) await core.cart.set(actor.tillId, skuId, count)
  return quotedInput(
    core,
    actor,
    lines.map(([skuId]) => skuId),
    options,
  )
}

/**
 * Checks the stored orders against their own lines: each line_fen = its label part + price ×
 * quantity ÷ unit half up, 0 ≤ discount_fen ≤ line_fen, net_fen = line_fen − discount_fen,
 * goods_fen = Σ net_fen, pay_fen = goods_fen + freight_fen, total_count
 * = Σ pieces + one per weighed line, at least one line, exactly one 'created' event.
 * Returns what is wrong, one readable line per problem (an empty list when all is well).
 */
export async function orderTotalsProblems(core: Core, orderIds: readonly number[]): Promise<string[]> {
  if (orderIds.length === 0) return []
  const db = core.store.db
  const orders = await db
    .selectFrom('order_info')
    .selectAll()
    .where('id', 'in', [...orderIds])
    .execute()
  const lines = await db
    .selectFrom('order_goods')
    .selectAll()
    .where('order_id', 'in', [...orderIds])
    .execute()
  const created = await db
    .selectFrom('order_events')
    .select('order_id')
    .where('type', '=', 'created')
    .where('order_id', 'in', [...orderIds])
    .execute()
  const problems: string[] = []
  if (orders.length !== new Set(orderIds).size)
    problems.push(`expected ${new Set(orderIds).size} order rows, found ${orders.length}`)
  for (const order of orders) {
    const own = lines.filter((l) => l.order_id === order.id)
    // Every line recomputed from its own price, quantity, unit and label part, apart from the code under test.
    for (const l of own) {
      const unit = l.unit_grams ?? 1
      const expected = l.label_fen + lineFen(l.price_fen, l.count - l.label_grams, unit)
      if (l.line_fen !== expected)
        problems.push(`order ${order.id} line ${l.id}: line_fen ${l.line_fen} != ${expected}`)
      if (l.discount_fen < 0 || l.discount_fen > l.line_fen)
        problems.push(`order ${order.id} line ${l.id}: discount_fen ${l.discount_fen} outside 0…${l.line_fen}`)
      if (l.net_fen !== l.line_fen - l.discount_fen)
        problems.push(`order ${order.id} line ${l.id}: net_fen ${l.net_fen} != ${l.line_fen} − ${l.discount_fen}`)
    }
    const goodsFen = own.reduce((sum, l) => sum + l.net_fen, 0)
    const totalCount = own.reduce((sum, l) => sum + (l.unit_grams === null ? l.count : 1), 0)
    const events = created.filter((e) => e.order_id === order.id).length
    if (own.length === 0) problems.push(`order ${order.id} has no lines`)
    if (order.goods_fen !== goodsFen)
      problems.push(`order ${order.id}: goods_fen ${order.goods_fen} != Σ net_fen ${goodsFen}`)
    if (order.pay_fen !== order.goods_fen + order.freight_fen) {
      problems.push(
        `order ${order.id}: pay_fen ${order.pay_fen} != goods ${order.goods_fen} + freight ${order.freight_fen}`,
      )
    }
    if (order.total_count !== totalCount)
      problems.push(`order ${order.id}: total_count ${order.total_count} != Σ counts ${totalCount}`)
    if (events !== 1) problems.push(`order ${order.id}: ${events} 'created' events`)
  }
  return problems
}

/** An error as one line that names what it is — a PosError's code, or a raw driver error's errno. */
export function describeError(error: unknown): string {
  if (error instanceof PosError) return `PosError ${error.code} ${JSON.stringify(error.details ?? {})}`
  const e = error as { name?: string; code?: string; errno?: number; message?: string }
  return `${e?.name ?? typeof error} code=${e?.code} errno=${e?.errno}: ${e?.message ?? String(error)}`
}

/**
 * For tests of what follows payment, not of payment itself: moves an UNPAID order to paid
 * with the same kind of conditional UPDATE the payment code runs: only from UNPAID, to the
 * status the state machine gives under the shop's settings (pickup → 5 FINISHED, or 4 UNREVIEWED
 * when the shop asks for ratings; delivery → 2 UNSHIPPED).
 */
export async function markPaid(core: Core, orderId: number): Promise<void> {
  const order = await core.store.db
    .selectFrom('order_info')
    .selectAll()
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow()
  const to = nextStatus(order, 'pay', await shopSettings(core))
  const now = core.now()
  const result = await core.store.db
    .updateTable('order_info')
    .set({ status: to, paid_fen: order.pay_fen, paid_at: now, updated_at: now })
    .where('id', '=', orderId)
    .where('status', '=', OrderStatus.UNPAID)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new Error(`order ${orderId} was not unpaid`)
}

export const STAFF_PASSWORD = 'correct horse'

export interface ContractClient {
  dispatch: Dispatch
  sessions: SessionStore
  /** One call through the real dispatcher; the promise must resolve, even for a failure. */
  call(method: string, input: unknown, token?: string | null): Promise<CallResult<unknown>>
  /**
   * Adds a staff member and logs them in through 'auth.login'; returns the session. Like a cashier
   * starting work, opens the till's shift ('shift.open', no float) if none is open; `shift: false`
   * leaves the till's shift as it is.
   */
  login(role: 'cashier' | 'admin', options?: { shift?: boolean }): Promise<SessionView>
}

/** The app's own dispatcher and handlers on a test core, as Electron IPC and HTTP use them. */
/** `env`: the environment the app started with (the till settings' handlers compare with it); default process.env. */
export function contractClient(core: Core, env?: Record<string, string | undefined>): ContractClient {
  const sessions = new SessionStore(core)
  const dispatch = createDispatcher(buildHandlers(core, sessions, null, null, env), sessions, core.log)
  return clientOf(core, dispatch, sessions)
}

/** The same calls on a whole app, as createApp composed it. */
export const appClient = (app: PosApp): ContractClient => clientOf(app.core, app.dispatch, app.sessions)

function clientOf(core: Core, dispatch: Dispatch, sessions: SessionStore): ContractClient {
  const call = (method: string, input: unknown, token: string | null = null) => dispatch(method, token, input)
  return {
    dispatch,
    sessions,
    call,
    async login(role, options = {}) {
      const username = testId(`${role}_`)
      await addStaff(core, systemActor(core.config.tillId), { username, password: STAFF_PASSWORD, role })
      const result = await call('auth.login', { username, password: STAFF_PASSWORD })
      if (!result.ok) throw new Error(`login failed: ${JSON.stringify(result.error)}`)
      const session = result.data as SessionView
      if (options.shift !== false) {
        const opened = await call('shift.open', { floatFen: 0 }, session.token)
        if (!opened.ok && opened.error.code !== 'SHIFT_ALREADY_OPEN')
          throw new Error(`shift.open failed: ${JSON.stringify(opened.error)}`)
      }
      return session
    },
  }
}

const allTables = [
  'users',
  'members',
  'addresses',
  'goods',
  'goods_sku',
  'order_info',
  'order_goods',
  'payments',
  'refunds',
  'order_events',
  'cart_lines',
  'stock_moves',
  'settings',
] as const

/** Everything a failed call must leave alone: row counts, every SKU's stock and sales, the tills' carts. */
export async function snapshot(core: Core, tillIds: readonly string[] = ['T1']) {
  const counts: Record<string, number> = {}
  for (const table of allTables) {
    counts[table] = Number(
      (
        await core.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  }
  const skus = await core.store.db
    .selectFrom('goods_sku')
    .select(['id', 'stock', 'sales', 'price_fen', 'on_sale', 'sale_mode', 'unit_grams', 'scale_code'])
    .orderBy('id')
    .execute()
  const carts: Record<string, [number, number][]> = {}
  // The lines' scale-label parts, where there are any: a failed call must not change what a label said either.
  const labels: Record<string, [number, number, number][]> = {}
  for (const till of tillIds) {
    const basket = [...(await core.cart.basket(till)).entries()].sort((a, b) => a[0] - b[0])
    carts[till] = basket.map(([sku, l]) => [sku, l.count])
    labels[till] = basket.filter(([, l]) => l.labelGrams > 0).map(([sku, l]) => [sku, l.labelFen, l.labelGrams])
  }
  return { counts, skus, carts, labels }
}

/** Every row of every table, in id order: for calls that must change no value, not only no count. */
export async function everyRow(core: Core): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {}
  for (const table of allTables) {
    const all = await core.store.db.selectFrom(table).selectAll().execute()
    rows[table] = all.map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).sort()
  }
  return rows
}

/** The shop asks for ratings: a paid counter sale waits for its review (UNREVIEWED) instead of finishing. */
export async function askForRatings(core: Core, on = true): Promise<void> {
  await updateSettings(core, systemActor('T1'), { askForRatings: on })
}
