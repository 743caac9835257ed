// The tills of a bench run: each with its own till id, cart, cashier account and (on MySQL) its
// own connections, as separate till PCs in one shop would have.
import { randomBytes } from 'node:crypto'
import { type Actor, type Core, systemActor } from '../core/core'
import { openShift } from '../shifts/shifts.service'
import { addStaff } from '../staff/staff.service'
import type { BenchShop } from './setup'

export interface Till {
  core: Core
  actor: Actor
}

/** Till ids B1…Bn (POS_TILL_ID allows up to 10 letters and digits). */
export async function openTills(shop: BenchShop, count: number): Promise<Till[]> {
  const tills: Till[] = []
  for (let no = 1; no <= count; no++) {
    const tillId = `B${no}`
    const core = await shop.openTillCore(tillId)
    // Through the staff service, as an admin would add a cashier; nobody ever logs in with it.
    const staff = await addStaff(shop.office, systemActor(tillId), {
      username: `bench_cashier_${no}`,
      password: randomBytes(12).toString('base64url'),
      role: 'cashier',
    })
    const actor: Actor = { staffId: staff.id, username: staff.username, role: 'cashier', tillId }
    // The till sells within a shift, as at the counter; the bench counts no cash.
    await openShift(shop.office, actor, { floatFen: 0 })
    tills.push({ core, actor })
  }
  return tills
}
