// Receipts (docs/RECEIPTS.md): a paid order's receipt to show, to print through the system print
// dialog, or to send to this till's network printer. Printing is its own call, made after the
// sale was committed and answered: a printer that is offline costs the cashier a notice, never
// the sale. The printer's settings are read from the till's settings at every print, so a
// changed printer address applies at once.
import { toSVG } from 'bwip-js/node'
import type { PrintedReceipt, ReceiptView } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { PayMethod } from '../../src-shared/order-status'
import { type Config, ConfigError, parsePrinterSettings } from '../config'
import type { Actor, Core } from '../core/core'
import { loadOrderView } from '../orders/order-view'
import { findOrderByNo } from '../orders/orders.repository'
import { shopSettings } from '../settings/settings.service'
import { mergeTillSettings, readTillSettings } from '../till-settings'
import { receiptBytes } from './escpos'
import { buildReceipt } from './receipt-model'
import { printerName, sendToPrinter } from './printer'

type Env = Record<string, string | undefined>

export interface ReceiptRequest {
  orderNo: string
  copy: boolean
}

export async function getReceipt(core: Core, env: Env, actor: Actor, request: ReceiptRequest): Promise<ReceiptView> {
  const receipt = await receiptOf(core, actor, request)
  const setup = printerSetup(core, env)
  return {
    receipt,
    paperWidth: setup.paperWidth,
    printerSet: setup.printer !== null,
    barcodeSvg: barcodeSvg(receipt.barcode),
  }
}

export async function printReceipt(
  core: Core,
  env: Env,
  actor: Actor,
  request: ReceiptRequest,
): Promise<PrintedReceipt> {
  const { printer, paperWidth } = printerSetup(core, env)
  if (!printer) throw new PosError('PRINTER_NOT_SET')
  const receipt = await receiptOf(core, actor, request)
  const { defaultLanguage } = await shopSettings(core)
  // The drawer opens for the cash of a sale, not for a reprint.
  const openDrawer = !request.copy && receipt.payments.some((p) => p.method === PayMethod.CASH)
  const bytes = receiptBytes(receipt, { paperWidth, language: defaultLanguage, openDrawer })
  try {
    await sendToPrinter(printer, bytes)
  } catch (error) {
    core.log.warn({ err: error, orderNo: receipt.orderNo, printer: printerName(printer) }, 'receipt not printed')
    throw error
  }
  return { printer: printerName(printer), drawerOpened: openDrawer }
}

/**
 * The receipt's barcode drawn for the page (the printer draws its own from the ESC/POS command):
 * CODE128 by the kept library bwip-js, as SVG, so that it prints sharp at any paper width.
 */
function barcodeSvg(text: string): string {
  return toSVG({ bcid: 'code128', text, height: 8, includetext: false })
}

/** Only an order that was paid has a receipt; a cashier's only for their own till's orders. */
async function receiptOf(core: Core, actor: Actor, { orderNo, copy }: ReceiptRequest) {
  const row = await findOrderByNo(core.store.db, orderNo)
  if (!row || (actor.role !== 'admin' && row.till_id !== actor.tillId))
    throw new PosError('ORDER_NOT_FOUND', undefined, { orderNo })
  if (row.paid_at === null)
    throw new PosError('ILLEGAL_TRANSITION', 'Only a paid order has a receipt.', {
      status: row.status,
      action: 'print',
    })
  return buildReceipt(core, await loadOrderView(core.store.db, row.id), copy)
}

/**
 * The printer settings as they are now: the environment over the till's settings file. A file
 * broken by hand leaves the settings the till started with, loudly.
 */
function printerSetup(core: Core, env: Env): Pick<Config, 'printer' | 'paperWidth'> {
  try {
    return parsePrinterSettings(mergeTillSettings(env, readTillSettings(core.config.dataDir)))
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    core.log.warn({ err: error }, 'printer settings not readable; using those the till started with')
    return { printer: core.config.printer, paperWidth: core.config.paperWidth }
  }
}
