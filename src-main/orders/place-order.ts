// Writing an order: its row, its lines, its 'created' event, its cart removal (cart-removals.ts)
// and the stock, in one transaction.
import { type CompiledQuery, sql } from 'kysely'
import { PosError } from '../../src-shared/errors'
import { finishCartRemovals, recordCartRemoval, removalCommitted, removalFollowingOrder } from '../cart/cart-removals'
import { findSkusByIds, skusByIds } from '../catalog/catalog.repository'
import type { Actor, Core } from '../core/core'
import { type BatchRunner, rowsAfterRollback } from '../db/batch'
import type { OrderLineRow, OrderRow, SkuRow } from '../db/schema'
import { dbErrorKind } from '../db/errors'
import { retryingTransaction, type Trx, writeTransaction } from '../db/transaction'
import { draftOrder, type OrderDraft, type PlaceOrderInput, type Prepared } from './order-draft'
import { linesWritten, noEarlierSaleInCart, orderWrites } from './order-batch'
import { appendOrderEvent, insertOrder, insertOrderLines, type OrderLineDraft } from './orders.repository'
import { ascendingUnique } from './quote'
import { explainRefusal, stockStrategyRules, takeStock, type TakeInOneRoundTrip } from './stock'
import { batchFoundNoShift, openShiftStatements, requireOpenShift } from '../shifts/open-shift'
import { precompiledConstant } from '../db/precompiled'

export interface Placed {
  /** The order row as written, so that nobody needs to read it back. */
  order: OrderRow
  lines: readonly OrderLineDraft[]
  /** The order's line rows when the write could return them at no extra cost. */
  lineRows: OrderLineRow[] | null
  /**
   * Its lines' removal from the cart when the write did it too (the one-round-trip batch with the
   * Redis cart), or null when it is still to do (cart-removals.ts takeOutOfCart).
   */
  cartRemoval: { ok: true } | { ok: false; error: unknown } | null
}

export function writeOrder(core: Core, actor: Actor, input: PlaceOrderInput, prepared: Prepared): Promise<Placed> {
  const takeInOneRoundTrip = stockStrategyRules[core.config.stockStrategy].oneRoundTrip
  const batch = core.store.batch
  if (batch && takeInOneRoundTrip)
    return writeOrderInOneRoundTrip(core, batch, takeInOneRoundTrip, actor, input, prepared)
  return writeTransaction(core.store, (trx) => writeOrderStepByStep(trx, core, actor, input, prepared))
}

/**
 * The write itself refuses an order while an earlier sale's lines are still to leave the cart
 * (EarlierSaleInCart), so the basket may be read without finishing those first: the MySQL
 * one-round-trip batch. Every other write needs the basket read after them.
 */
export function writeChecksEarlierSales(core: Core): boolean {
  return core.store.batch !== null && stockStrategyRules[core.config.stockStrategy].oneRoundTrip !== null
}

const refusedWithKeyFree = new WeakSet<object>()

/**
 * The order batch refused after its order row had been inserted (the stock guard): no order held
 * the idempotency key then, so the refusal is not a repeated submit's and needs no look-up.
 */
export function refusedWithKeyUnused(error: unknown): boolean {
  return typeof error === 'object' && error !== null && refusedWithKeyFree.has(error)
}

/** The batch found an earlier sale's lines still in the cart and took them out: place again on the cart as it is. */
export class EarlierSaleInCart extends Error {
  override name = 'EarlierSaleInCart'
}

/** One statement at a time; the strategy decides how the SKUs are read and the stock is taken. */
async function writeOrderStepByStep(
  trx: Trx,
  core: Core,
  actor: Actor,
  input: PlaceOrderInput,
  prepared: Prepared,
): Promise<Placed> {
  const shiftId = await requireOpenShift(trx, core.store.kind, actor.tillId)
  const strategy = stockStrategyRules[core.config.stockStrategy]
  const skus = await strategy.readSkus(trx, ascendingUnique(input.skuIds), core.store.kind === 'mysql')
  const draft = draftOrder(core, actor, input, prepared, skus)
  strategy.checkBeforeWriting(skus, draft.lines)
  const orderId = await insertOrder(trx, { ...draft.order, shift_id: shiftId })
  await insertOrderLines(trx, orderId, draft.lines)
  await appendOrderEvent(trx, { orderId, ...draft.event })
  await recordCartRemoval(trx, orderId, draft.order.till_id, draft.event.at)
  // Last, so that a hot SKU's row stays locked for as short a time as possible: from here
  // to COMMIT every other till selling it waits.
  await takeStock(trx, core.config.stockStrategy, draft.lines)
  return {
    order: { ...draft.order, shift_id: shiftId, id: orderId },
    lines: draft.lines,
    lineRows: null,
    cartRemoval: null,
  }
}

/**
 * The `atomic` strategy on MySQL: the inserts, the stock decrements and the COMMIT travel in one
 * round trip, so a hot SKU's row is locked only while the server itself works — no network
 * wait between the decrement and the COMMIT for the other tills to pay for. Each decrement is
 * written to break the stock guard when the line cannot be had (too little stock, off sale, or
 * a new price); the failing statement stops the batch and the transaction is rolled back.
 */
async function writeOrderInOneRoundTrip(
  core: Core,
  batch: BatchRunner,
  takeInOneRoundTrip: TakeInOneRoundTrip,
  actor: Actor,
  input: PlaceOrderInput,
  prepared: Prepared,
): Promise<Placed> {
  return retryingTransaction(async () => {
    const draft = await draftFromQuotedPrices(core, actor, input, prepared).catch((error: unknown) =>
      refusedOnCartAsLeft(core, actor, error),
    )
    try {
      // When the stock guard says no, the SKUs are read again in the ROLLBACK's round trip, to say why.
      const readSkus = () => skusByIds(core.store.db, ascendingUnique(input.skuIds)).compile()
      const statements = orderStatements(draft, takeInOneRoundTrip)
      const { results, cartRemoval } =
        core.cart.home === 'redis'
          ? await writeAndTakeOutOfCart(core, batch, statements, readSkus, draft)
          : { results: await batch.runTransaction(statements, readSkus), cartRemoval: null }
      const lineRows = results.at(-1) as OrderLineRow[]
      const [shift, inserted] = results.slice(SHIFT_READ_AT) as [{ shift_id: number }[], { insertId: number }]
      return {
        order: { ...draft.order, shift_id: Number(shift[0]?.shift_id), id: Number(inserted.insertId) },
        lines: draft.lines,
        lineRows,
        cartRemoval,
      }
    } catch (error) {
      if (dbErrorKind(error) === 'stock-guard')
        await explainBatchRefusal(core, actor, input, prepared, rowsAfterRollback(error) as SkuRow[] | null).catch(
          (refusal: unknown) => {
            // The stock statements run after the order's insert: its key was free.
            if (typeof refusal === 'object' && refusal) refusedWithKeyFree.add(refusal)
            throw refusal
          },
        )
      if (batchFoundNoShift(error)) await explainNoShift(core, actor)
      throw error
    }
  })
}

/**
 * The basket was read as left (writeChecksEarlierSales): a refusal drafted from it (CART_CHANGED,
 * CART_EMPTY) stands only if no earlier sale's lines were still in it. Checked only on a refusal.
 */
async function refusedOnCartAsLeft(core: Core, actor: Actor, error: unknown): Promise<never> {
  if (error instanceof PosError && (await finishCartRemovals(core.store, core.cart, actor.tillId)) > 0)
    throw new EarlierSaleInCart()
  throw error
}

/**
 * The batch with the removal of its lines from the Redis cart opened in the same round trip
 * (cart-removals.ts removalFollowingOrder): the sale then costs the store two round trips.
 */
async function writeAndTakeOutOfCart(
  core: Core,
  batch: BatchRunner,
  statements: CompiledQuery[],
  readSkus: () => CompiledQuery,
  draft: OrderDraft,
) {
  const tillId = draft.order.till_id
  const { results, after } = await batch.runTransactionThen(
    statements,
    readSkus,
    removalFollowingOrder(core.cart, tillId, draft.lines),
  )
  if (after.ok) removalCommitted(core.cart, tillId, after.value.orderId, after.value.taken)
  return { results, cartRemoval: after.ok ? { ok: true as const } : { ok: false as const, error: after.error } }
}

/** Drafts from the till's last quoted rows when they still make the customer's quote, else reads the SKUs. */
async function draftFromQuotedPrices(
  core: Core,
  actor: Actor,
  input: PlaceOrderInput,
  prepared: Prepared,
): Promise<OrderDraft> {
  const skuIds = ascendingUnique(input.skuIds)
  const quoted = core.quotedPrices.recall(actor.tillId, skuIds, core.now())
  if (quoted) {
    try {
      return draftOrder(core, actor, input, prepared, quoted)
    } catch (error) {
      if (!(error instanceof PosError)) throw error
      // The quoted rows do not make this quote; the database decides.
    }
  }
  return draftOrder(core, actor, input, prepared, await findSkusByIds(core.store.db, skuIds))
}

function orderStatements(draft: OrderDraft, takeInOneRoundTrip: TakeInOneRoundTrip) {
  return [
    ...openShiftStatements(draft.order.till_id),
    noEarlierSaleInCart({ tillId: draft.order.till_id }),
    shiftFound(),
    ...orderWrites(draft),
    ...draft.lines.map((l) => takeInOneRoundTrip(l)),
    linesWritten(),
  ]
}

/** Reads @shift_id back for the answer: the batch's result at SHIFT_READ_AT. */
const shiftFound = precompiledConstant<{ shift_id: number }>(() => sql`SELECT @shift_id AS shift_id`)

/**
 * The stock guard stopped the batch: with the rows as read again (`skus`, after the ROLLBACK, or
 * read now if that read did not run), say why. A new price or an SKU gone
 * off sale no longer makes the customer's quote (CART_CHANGED with the new quote, SKU_OFF_SALE);
 * otherwise explainRefusal names the line that is short.
 */
async function explainBatchRefusal(
  core: Core,
  actor: Actor,
  input: PlaceOrderInput,
  prepared: Prepared,
  skus: readonly SkuRow[] | null,
): Promise<never> {
  skus ??= await findSkusByIds(core.store.db, ascendingUnique(input.skuIds))
  explainRefusal(skus, draftOrder(core, actor, input, prepared, skus).lines)
}

/** The batch's result that reads @shift_id back: after openShiftStatements and noEarlierSaleInCart. */
const SHIFT_READ_AT = 3

/**
 * The batch wrote no order because @shift_id was NULL: an earlier sale's lines still in the cart
 * (order-batch.ts noEarlierSaleInCart) — finished now, or by another call meanwhile — or no open
 * shift, which requireOpenShift names: SHIFT_CLOSED.
 */
async function explainNoShift(core: Core, actor: Actor): Promise<never> {
  await finishCartRemovals(core.store, core.cart, actor.tillId)
  await writeTransaction(core.store, (trx) => requireOpenShift(trx, core.store.kind, actor.tillId))
  throw new EarlierSaleInCart()
}
