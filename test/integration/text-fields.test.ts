// Every string field of every method, found by walking the contract's input schemas, is sent what
// the text rule refuses (docs/ERRORS.md, "The text rule"): INVALID_INPUT naming that field, and
// nothing written. Free text that passes is stored NFC and measured in characters.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract, type MethodName, methodNames, type SessionView, tillSettingKeys } from '../../src-shared/contract'
import { addAddress, addMember } from '../../src-main/members/members.service'
import { TILL_SETTINGS_FILE } from '../../src-main/till-settings'
import { testBarcode, testId } from '../support/ids'
import { failed, invalid, ok } from '../support/results'
import {
  addSku,
  askForRatings,
  type ContractClient,
  contractClient,
  everyRow,
  markPaid,
  sell,
  snapshot,
  staffActor,
} from '../support/shop'
import { freshStore, type TestStore, testStores } from '../support/stores'
import { type StringField, stringFields, withValueAt } from '../support/string-fields'

const freshPhone = () => `139${BigInt(`0x${testId()}`).toString().slice(-8)}`
const bidiControls = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']
const directionMarks = ['\u200e', '\u200f', '\u061c']

/** What no field of the contract takes, whatever its rule or pattern. */
function refusedEverywhere(field: StringField): [what: string, value: string][] {
  const max = field.rule?.max ?? 1000
  const values: [string, string][] = [
    ['NUL', 'ab\u0000c'],
    ['an ESC sequence', 'ab\u001b[31mc'],
    ['CR LF', 'ab\r\nc'],
    ['CR', 'ab\rc'],
    ['tab', 'ab\tc'],
    ['DEL', 'ab\u007fc'],
    ['a C1 control', 'ab\u009bc'],
    ['a line separator', 'ab\u2028c'],
    ...[...bidiControls, ...directionMarks].map((c): [string, string] => [
      `U+${c.codePointAt(0)?.toString(16).toUpperCase()}`,
      `ab${c}c`,
    ]),
    ['a lone high surrogate', 'ab\ud83cc'],
    ['a lone low surrogate', 'ab\udf4ec'],
    ['one ASCII character too many', 'a'.repeat(max + 1)],
    ['one astral character too many', '🍎'.repeat(max + 1)],
  ]
  if (!field.rule?.multiline) values.push(['LF', 'ab\nc'])
  return values
}

describe.each(testStores)('the text rule on every string field of the contract, on %s', (kind) => {
  let t: TestStore
  let api: ContractClient
  let admin: SessionView
  /** A valid input for each method that has string fields; each call gets fresh phones and barcodes. */
  let valid: Partial<Record<MethodName, () => Record<string, unknown>>>

  const fields = methodNames.flatMap((method) =>
    stringFields(contract[method].input).map((field) => ({ method, field, name: field.path.join('.') })),
  )
  const tillFile = () => join(t.config.dataDir, TILL_SETTINGS_FILE)
  const tillFileText = () => (existsSync(tillFile()) ? readFileSync(tillFile(), 'utf8') : null)

  beforeAll(async () => {
    t = await freshStore(kind)
    // Paid counter sales wait for a review here (orders.review is among the fields tried).
    await askForRatings(t.core)
    api = contractClient(t.core)
    admin = await api.login('admin')
    const cashier = await staffActor(t.core, 'cashier')
    const sku = await addSku(t.core, { stock: 100, priceFen: 500, name: '番茄' })
    const member = await addMember(t.core, { phone: freshPhone(), name: '会员丙' })
    const address = await addAddress(t.core, {
      memberId: member.id,
      receiver: '丙',
      phone: member.phone,
      address: '杭州市上城区 3 号',
      zip: '',
      isDefault: true,
    })
    const order = await sell(t.core, cashier, [[sku, 1]])
    await markPaid(t.core, order.id)
    const lineId = order.lines[0]?.id
    const addressInput = { receiver: '丙', phone: member.phone, address: '杭州市上城区 3 号', zip: '310000' }
    valid = {
      'auth.login': () => ({ username: 'nobody', password: 'not the password' }),
      'catalog.search': () => ({ query: '番茄', cursor: '' }),
      'catalog.byBarcode': () => ({ barcode: testBarcode() }),
      'cart.scan': () => ({ code: testBarcode() }),
      'orders.place': () => ({
        skuIds: [sku],
        fulfilment: 'pickup',
        payMethod: 1,
        fingerprint: 'a'.repeat(32),
        idempotencyKey: testId('k_'),
      }),
      'orders.list': () => ({ orderNo: order.orderNo, memberPhone: member.phone, cursor: '' }),
      'orders.review': () => ({ orderId: order.id, lines: [{ lineId, rating: 5, comment: '新鲜' }] }),
      'orders.exportCsv': () => ({ orderNo: order.orderNo, memberPhone: member.phone }),
      'orders.quote': () => ({ skuIds: [sku], fulfilment: 'pickup', memberPhone: member.phone }),
      'orders.ofMember': () => ({ memberPhone: member.phone, cursor: '' }),
      'payments.payCash': () => ({ orderId: order.id, tenderedFen: 100, idempotencyKey: testId('k_') }),
      'payments.payCard': () => ({ orderId: order.id, idempotencyKey: testId('k_') }),
      'payments.payAlipayBarcode': () => ({
        orderId: order.id,
        authCode: '2'.repeat(18),
        idempotencyKey: testId('k_'),
      }),
      'payments.refund': () => ({ orderId: order.id, amountFen: 1, reason: '坏了', idempotencyKey: testId('r_') }),
      'payments.matchDay': () => ({ date: '2026-01-02' }),
      'returns.fromOrder': () => ({
        orderId: order.id,
        lines: [{ lineId, count: 1, restock: true }],
        reason: '坏了',
        idempotencyKey: testId('k_'),
      }),
      'returns.withoutOrder': () => ({
        lines: [{ skuId: sku, count: 1, restock: true }],
        reason: '没有小票',
        idempotencyKey: testId('k_'),
      }),
      'receipts.get': () => ({ orderNo: order.orderNo }),
      'receipts.print': () => ({ orderNo: order.orderNo, copy: true }),
      'members.byPhone': () => ({ phone: member.phone }),
      'members.add': () => ({ phone: freshPhone(), name: '会员丁' }),
      'members.addresses': () => ({ memberPhone: member.phone }),
      'members.addAddress': () => ({ memberPhone: member.phone, ...addressInput }),
      'members.updateAddress': () => ({ memberPhone: member.phone, addressId: address.id, ...addressInput }),
      'reviews.ofSku': () => ({ skuId: sku, cursor: '' }),
      'staff.add': () => ({ username: testId('s_', 20), password: 'long enough', role: 'cashier' }),
      'staff.resetPassword': () => ({ staffId: cashier.staffId, password: 'long enough' }),
      'staff.clearLockout': () => ({ scope: 'user', subject: 'nobody' }),
      'staff.setPin': () => ({ staffId: cashier.staffId, pin: '2580', tills: ['T1'] }),
      'goods.add': () => ({
        name: '黄瓜',
        description: '本地',
        skus: [{ name: '黄瓜', barcode: testBarcode(), unit: '根', priceFen: 200, stock: 5 }],
      }),
      'goods.updateSku': () => ({ skuId: sku, name: '番茄', unit: '个' }),
      'goods.adjustStock': () => ({ skuId: sku, delta: 1, reason: 'receive', note: '到货' }),
      'goods.list': () => ({ query: '番茄', cursor: '' }),
      'goods.stockMoves': () => ({ skuId: sku, cursor: '' }),
      'reports.day': () => ({ date: '2026-01-02' }),
      'settings.update': () => ({ tillDisplayName: '鲜果店' }),
      'shift.cash': () => ({
        kind: 'out',
        amountFen: 100,
        reason: '买零钱袋',
        approval: { username: 'boss', password: 'long enough' },
        idempotencyKey: testId('k_'),
      }),
      'till.settings.update': () => ({ values: Object.fromEntries(tillSettingKeys.map((k) => [k, ''])) }),
    }
  })
  afterAll(() => t.dispose())

  const input = (method: MethodName) => valid[method]?.() ?? {}

  it('finds the string fields, and every one is the text rule or a pattern of its own', () => {
    expect(fields.map((f) => `${f.method} ${f.name}`)).toEqual(
      expect.arrayContaining([
        'members.add name',
        'members.addAddress address',
        'goods.add skus.0.name',
        'orders.review lines.0.comment',
        'payments.refund reason',
        'catalog.search query',
        'settings.update tillDisplayName',
        'till.settings.update values.POS_DB',
        'staff.add password',
      ]),
    )
    for (const { method, field, name } of fields) {
      expect(field.rule !== undefined || field.pattern, `${method} ${name}`).toBe(true)
    }
  })

  it('has a valid input for every method with string fields, so only the field under test is wrong', () => {
    for (const method of new Set(fields.map((f) => f.method))) {
      const parsed = contract[method].input.safeParse(input(method))
      expect(parsed.success, `${method}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true)
    }
  })

  describe.each([...new Set(fields.map((f) => f.method))])('%s', (method) => {
    it('refuses control and direction characters, lone surrogates and over-long text, naming the field', async () => {
      const before = { rows: await everyRow(t.core), counts: await snapshot(t.core), tillFile: tillFileText() }
      for (const { field, name } of fields.filter((f) => f.method === method)) {
        for (const [what, value] of refusedEverywhere(field)) {
          const result = await api.call(method, withValueAt(input(method), field.path, value), admin.token)
          expect(result.ok, `${name} took ${what}`).toBe(false)
          invalid(result, name)
        }
      }
      expect({ rows: await everyRow(t.core), counts: await snapshot(t.core), tillFile: tillFileText() }).toEqual(before)
    })
  })

  describe.each([...new Set(fields.filter((f) => f.field.rule && !f.field.rule.asTyped).map((f) => f.method))])(
    '%s',
    (method) => {
      it('takes free text as long as its limit in characters, astral ones too, and NFD', async () => {
        for (const { field, name } of fields.filter((f) => f.method === method && f.field.rule?.asTyped === false)) {
          const max = field.rule?.max ?? 0
          for (const value of ['🍎'.repeat(max), 'Cafe\u0301', 'a'.repeat(max)]) {
            const result = await api.call(method, withValueAt(input(method), field.path, value), admin.token)
            // The handler may still refuse for its own reasons (a review given already); never this field.
            if (!result.ok) expect(Object.keys(result.error.details?.fields ?? {}), name).not.toContain(name)
          }
        }
      })
    },
  )

  it('what was taken above is stored NFC: no decomposed accent anywhere in the store', async () => {
    const stored = JSON.stringify(await everyRow(t.core))
    expect(stored).not.toContain('e\u0301')
    expect(stored).toContain('Caf\u00e9')
  })

  it('a member name and a review comment typed in NFD come back and are stored in NFC', async () => {
    const added = ok(await api.call('members.add', { phone: freshPhone(), name: ' Zoe\u0308 ' }, admin.token)) as {
      id: number
      name: string
    }
    expect(added.name).toBe('Zo\u00eb')

    const cashier = await staffActor(t.core, 'cashier')
    const sku = await addSku(t.core, { stock: 5 })
    const order = await sell(t.core, cashier, [[sku, 1]])
    await markPaid(t.core, order.id)
    const comment = 'tre\u0300s bon\n很新鲜'
    ok(
      await api.call(
        'orders.review',
        { orderId: order.id, lines: [{ lineId: order.lines[0]?.id, rating: 5, comment }] },
        admin.token,
      ),
    )
    // Each row as JSON, where the comment's new line is escaped as backslash-n.
    const stored = Object.values(await everyRow(t.core))
      .flat()
      .join('\n')
    expect(stored).toContain('"name":"Zo\u00eb"')
    expect(stored).toContain('"comment":"tr\u00e8s bon\\n很新鲜"')
    expect(stored).not.toMatch(/Zoe\u0308|tre\u0300s/)
  })

  it('a password is kept as typed: NFD stays NFD, and 200 astral characters fit', async () => {
    for (const password of ['passe\u0301 word', '🔑'.repeat(200)]) {
      const username = testId('p_', 20)
      ok(await api.call('staff.add', { username, password, role: 'cashier' }, admin.token))
      ok(await api.call('auth.login', { username, password }))
      if (password.normalize('NFC') !== password) {
        failed(await api.call('auth.login', { username, password: password.normalize('NFC') }), 'LOGIN_FAILED')
      }
    }
  })
})
