// Parked sales (挂单) and "new sale" (docs/PARKED.md): a till sets its basket aside with a label,
// any till of the shop recalls it later, one till at a time; a new sale starts from an empty
// basket. The member found for the sale goes with the basket; prices are today's at recall.
import type { Logger } from 'pino'
import type { ParkedSaleView, ParkedView, RecalledView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { findSkusByIds } from '../catalog/catalog.repository'
import type { Actor, Core } from '../core/core'
import { findMemberById } from '../members/members.repository'
import { memberIdOfPhone } from '../members/members.service'
import { itemCount, pricedLine } from '../orders/quote'
import { shopSettings } from '../settings/settings.service'
import { clearCart, getCart } from './cart.service'
import type { ParkedSale } from './parked.store'

const HOUR_MS = 60 * 60 * 1000
/** The recall list is a short list to pick from, not a report. */
const LIST_MAX = 50

export async function parkSale(
  core: Core,
  actor: Actor,
  input: { label: string; memberPhone?: string },
): Promise<ParkedView> {
  const memberId = input.memberPhone ? await memberIdOfPhone(core, input.memberPhone) : null
  await core.parked.finishPending(actor.tillId)
  // Reading the cart first finishes the removals of earlier sales: their bought lines are not parked.
  if ((await core.cart.lines(actor.tillId)).size === 0) throw new PosError('CART_EMPTY')
  const now = core.now()
  const { parkedSaleHours } = await shopSettings(core)
  const sale = await core.parked.park(actor.tillId, {
    label: input.label,
    memberId,
    staffId: actor.staffId,
    username: actor.username,
    parkedAt: now,
    expiresAt: now + parkedSaleHours * HOUR_MS,
  })
  if (!sale) throw new PosError('CART_EMPTY')
  const [view] = await viewsOf(core, [sale], now)
  return { cart: await getCart(core, actor), sale: view as ParkedSaleView }
}

export async function parkedSales(core: Core, actor: Actor): Promise<ParkedSaleView[]> {
  await core.parked.finishPending(actor.tillId)
  const now = core.now()
  return viewsOf(core, await core.parked.waiting(now, LIST_MAX), now)
}

export async function recallSale(core: Core, actor: Actor, id: number): Promise<RecalledView> {
  // Finishes earlier sales' removals, so that lines already bought do not count as an open sale.
  await core.cart.lines(actor.tillId)
  const now = core.now()
  const sale = await core.parked.recall(actor.tillId, id, now)
  const member = sale.memberId === null ? undefined : await findMemberById(core.store.db, sale.memberId)
  const [view] = await viewsOf(core, [sale], now)
  return {
    cart: await getCart(core, actor),
    member: member ? { id: member.id, phone: member.phone, name: member.name } : null,
    sale: view as ParkedSaleView,
  }
}

/** The next customer starts from an empty basket; a park left half done is finished first. */
export async function newSale(core: Core, actor: Actor) {
  await core.parked.finishPending(actor.tillId)
  return clearCart(core, actor)
}

/** At the till's start: what a till that died while parking or recalling left. Never stops the start. */
export async function finishParkedAtStart(core: Core, tillId: string, log: Logger): Promise<void> {
  try {
    await core.parked.finishPending(tillId)
  } catch (error) {
    log.warn({ err: error, tillId }, 'could not finish a parked sale left half done; the next park or recall does')
  }
}

async function viewsOf(core: Core, sales: readonly ParkedSale[], now: number): Promise<ParkedSaleView[]> {
  const skus = new Map(
    (await findSkusByIds(core.store.db, [...new Set(sales.flatMap((s) => s.lines.map((l) => l.skuId)))])).map((s) => [
      s.id,
      s,
    ]),
  )
  const names = new Map<number, string>()
  for (const memberId of new Set(sales.map((s) => s.memberId))) {
    if (memberId === null) continue
    const member = await findMemberById(core.store.db, memberId)
    if (member) names.set(memberId, member.name)
  }
  return sales.map((sale) => {
    const priced = sale.lines.flatMap((l) => {
      const sku = skus.get(l.skuId)
      return sku ? [pricedLine(sku, l)] : []
    })
    return {
      id: sale.id,
      label: sale.label,
      lineCount: sale.lines.length,
      totalCount: itemCount(priced),
      goodsFen: priced.reduce((sum, l) => sum + l.lineFen, 0),
      parkedAt: sale.parkedAt,
      ageMs: Math.max(0, now - sale.parkedAt),
      expiresAt: sale.expiresAt,
      tillId: sale.tillId,
      username: sale.username,
      memberName: sale.memberId === null ? null : (names.get(sale.memberId) ?? null),
    }
  })
}
