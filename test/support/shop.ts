// Small builders for tests: staff, goods, a filled cart and a placed order — all through the
// app's own services, so the tests exercise the same paths the tills do.
import { randomBytes } from 'node:crypto'
import type { OrderView } from '../../src-shared/contract'
import type { Fulfilment, PayMethod } from '../../src-shared/order-status'
import { addGoods } from '../../src-main/catalog/catalog-admin.service'
import { type Actor, type Core, systemActor } from '../../src-main/core/core'
import { getQuote, placeOrder } from '../../src-main/orders/checkout.service'
import { addStaff } from '../../src-main/staff/staff.service'

let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`

export async function staffActor(core: Core, role: 'cashier' | 'admin' = 'cashier', tillId = 'T1'): Promise<Actor> {
  const username = `${role}_${unique()}`
  const staff = await addStaff(core, systemActor(tillId), { username, password: 'correct horse', role })
  return { staffId: staff.id, username, role, tillId }
}

export async function addSku(core: Core, sku: { stock: number; priceFen?: number; name?: string; onSale?: boolean }): Promise<number> {
  const name = sku.name ?? `苹果 ${unique()}`
  const [id] = await addGoods(
    core.store,
    { name, skus: [{ name, barcode: `69${unique()}`.slice(0, 32), unit: '个', priceFen: sku.priceFen ?? 350, stock: sku.stock, onSale: sku.onSale }] },
    core.now(),
  )
  return id as number
}

export const newKey = () => `k_${unique()}`

export interface CheckoutOptions {
  fulfilment?: Fulfilment
  memberId?: number
  addressId?: number
  payMethod?: PayMethod
  idempotencyKey?: string
}

/** Fills the actor's cart with the given lines (replacing them) and places the order for them. */
export async function sell(core: Core, actor: Actor, lines: [skuId: number, count: number][], options: CheckoutOptions = {}): Promise<OrderView> {
  for (const [skuId, count] of lines) await core.cart.set(actor.tillId, skuId, count)
  return submit(core, actor, lines.map(([skuId]) => skuId), options)
}

/** Quotes the given cart lines and places the order, as the submit page does. */
export async function submit(core: Core, actor: Actor, skuIds: number[], options: CheckoutOptions = {}): Promise<OrderView> {
  const fulfilment = options.fulfilment ?? 'pickup'
  const quote = await getQuote(core, actor, { skuIds, fulfilment, memberId: options.memberId, addressId: options.addressId })
  return placeOrder(core, actor, {
    skuIds,
    fulfilment,
    memberId: options.memberId,
    addressId: options.addressId,
    payMethod: options.payMethod ?? 3,
    fingerprint: quote.fingerprint,
    idempotencyKey: options.idempotencyKey ?? newKey(),
  })
}

export async function stockOf(core: Core, skuId: number): Promise<{ stock: number; sales: number }> {
  return core.store.db.selectFrom('goods_sku').select(['stock', 'sales']).where('id', '=', skuId).executeTakeFirstOrThrow()
}

export async function countRows(core: Core): Promise<{ orders: number; lines: number; events: number }> {
  const one = async (table: 'order_info' | 'order_goods' | 'order_events') =>
    Number((await core.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  return { orders: await one('order_info'), lines: await one('order_goods'), events: await one('order_events') }
}
