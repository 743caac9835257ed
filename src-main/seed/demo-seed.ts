// `pos seed --demo`: a shop to try things in — catalogue, two staff, two members with addresses.
import { randomBytes } from 'node:crypto'
import { addGoods } from '../catalog/catalog-admin.service'
import { hasAnySku } from '../catalog/catalog.repository'
import { type Core, systemActor } from '../core/core'
import { addAddress, addMember } from '../members/members.service'
import { hasAnyStaff } from '../staff/staff.repository'
import { addStaff } from '../staff/staff.service'
import { demoCatalog } from './demo-catalog'

/** The demo staff's password: shown on the login screen in demo mode, so it is no secret. */
export const DEMO_PASSWORD = 'demo1234'
export const DEMO_STAFF = ['cashier', 'admin']

export interface DemoSeedResult {
  seeded: boolean
  skus: number
  password: string | null
  passwordGenerated: boolean
}

/** Seeds an empty store; a store that already has goods or staff is left alone. */
export async function seedDemo(core: Core, password?: string): Promise<DemoSeedResult> {
  if ((await hasAnySku(core.store.db)) || (await hasAnyStaff(core.store.db)))
    return { seeded: false, skus: 0, password: null, passwordGenerated: false }

  const pw = password ?? randomBytes(9).toString('base64url')
  let skus = 0
  for (const goods of demoCatalog()) skus += (await addGoods(core, goods)).length
  const system = systemActor(core.config.tillId)
  await addStaff(core, system, { username: 'admin', password: pw, role: 'admin' })
  await addStaff(core, system, { username: 'cashier', password: pw, role: 'cashier' })
  const li = await addMember(core, { phone: '13800138000', name: '李娜' })
  await addAddress(core, {
    memberId: li.id,
    receiver: '李娜',
    phone: '13800138000',
    address: '上海市浦东新区世纪大道100号 1201室',
    zip: '200120',
    isDefault: true,
  })
  await addAddress(core, {
    memberId: li.id,
    receiver: '李娜（公司）',
    phone: '13800138000',
    address: '上海市静安区南京西路1266号 28楼',
    zip: '200040',
    isDefault: false,
  })
  const wang = await addMember(core, { phone: '13900139000', name: '王伟' })
  await addAddress(core, {
    memberId: wang.id,
    receiver: '王伟',
    phone: '13900139000',
    address: '北京市朝阳区建国路88号 3号楼502',
    zip: '100022',
    isDefault: true,
  })
  return { seeded: true, skus, password: pw, passwordGenerated: password === undefined }
}
