// `pos payments match --date D` and the contract's payments.matchDay on a composed app with the
// Alipay settings of a real till pointed at the sandbox: exit 0 for a clean day, 1 with the
// differences listed, 2 when the bill cannot be fetched; the contract method is for admins only.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '../../src-main/app'
import { chinaTime } from '../../src-main/alipay/china-time'
import { commands } from '../../src-main/cli/commands'
import { loadConfig } from '../../src-main/config'
import { consoleLogger } from '../../src-main/logger'
import { addSku, appClient, newKey } from '../support/shop'
import { fastPayments, liveAlipayTill } from '../support/payments'

const appId = '9021000000000078'
const till = liveAlipayTill(appId)
const today = chinaTime(Date.now()).slice(0, 10)

afterEach(() => vi.restoreAllMocks())

/** Runs the command and returns its exit code and what it printed. */
async function match(date = today): Promise<{ code: number; out: string }> {
  const lines: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk))
    return true
  })
  try {
    const run = commands.payments
    if (!run) throw new Error('no payments command')
    const code = await run(['match', '--date', date], () => loadConfig(till.env()))
    return { code, out: lines.join('') }
  } finally {
    vi.restoreAllMocks()
  }
}

describe('pos payments match and payments.matchDay', () => {
  it('a clean day exits 0 and says so', async () => {
    const { code, out } = await match()
    expect(out).toContain(`bill of ${today}: 0 payment(s), 0 refund(s); clean`)
    expect(code).toBe(0)
  })

  it('the contract method is for admins; it lists money with no paid order, and so does the command (exit 1)', async () => {
    const app = await createApp(loadConfig(till.env()), {
      log: consoleLogger('silent'),
      sweep: false,
      payments: { ...fastPayments, poll: false },
    })
    let outTradeNo = ''
    try {
      const client = appClient(app)
      const cashier = await client.login('cashier')
      const admin = await client.login('admin')
      expect(await app.dispatch('payments.matchDay', cashier.token, { date: today })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      })
      expect(await app.dispatch('payments.matchDay', admin.token, { date: today })).toMatchObject({
        ok: true,
        data: { billDate: today, clean: true, differences: [] },
      })
      // The customer pays a QR code the till never settles (no poller here).
      const sku = await addSku(app.core, { stock: 5, priceFen: 1880 })
      await app.dispatch('cart.add', cashier.token, { skuId: sku, count: 1 })
      const quote = await app.dispatch('orders.quote', cashier.token, { skuIds: [sku], fulfilment: 'pickup' })
      if (!quote.ok) throw new Error(quote.error.message)
      const placed = await app.dispatch('orders.place', cashier.token, {
        skuIds: [sku],
        fulfilment: 'pickup',
        payMethod: 3,
        fingerprint: (quote.data as { fingerprint: string }).fingerprint,
        idempotencyKey: newKey(),
      })
      if (!placed.ok) throw new Error(placed.error.message)
      const qr = await app.dispatch('payments.startAlipayQr', cashier.token, {
        orderId: (placed.data as { id: number }).id,
      })
      if (!qr.ok) throw new Error(qr.error.message)
      outTradeNo = (qr.data as { outTradeNo: string }).outTradeNo
      till.sandbox.pay(outTradeNo)
      expect(await app.dispatch('payments.matchDay', admin.token, { date: today })).toMatchObject({
        ok: true,
        data: {
          clean: false,
          billPayments: 1,
          differences: [{ kind: 'money_without_paid_order', outTradeNo, ourFen: null, alipayFen: 1880 }],
        },
      })
    } finally {
      await app.close()
    }
    const { code, out } = await match()
    expect(out).toContain('1 difference(s), kept')
    expect(out).toContain(`money_without_paid_order  ${outTradeNo}  ours -  Alipay 18.80`)
    expect(code).toBe(1)
  })

  it('a bill that cannot be fetched exits 2', async () => {
    till.sandbox.faults.add({ kind: 'http5xx', method: 'alipay.data.dataservice.bill.downloadurl.query' })
    const { code, out } = await match()
    expect(out).toContain('could not be fetched')
    expect(code).toBe(2)
  })
})
