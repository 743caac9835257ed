import { z } from 'zod'
import { text } from '../text'
import { idempotencyKey, method, password, tillId } from './method'

/** Cash counted or moved at one till at once: at most 1,000,000 yuan. */
export const drawerFen = z.number().int().min(0).max(100_000_000)

export type CashMoveKind = 'in' | 'out'

/**
 * The open shift as the till shows it. No expected figure: the cashier counts the drawer blind at
 * the close (docs/SHIFTS.md), so the till is never told what the drawer should hold.
 */
export interface ShiftView {
  id: number
  tillId: string
  staffId: number
  username: string
  openedAt: number
  floatFen: number
  cashMoves: { kind: CashMoveKind; amountFen: number; reason: string; at: number; approvedBy: string | null }[]
}

export interface ShiftStatus {
  tillId: string
  shift: ShiftView | null
  /** Cash out above this needs an admin at the till (the shop's setting cashOutApprovalFen). */
  cashOutApprovalFen: number
}

/** What the close tells the cashier: that the count was taken. The difference is on the X and Z. */
export interface ClosedShiftView {
  id: number
  tillId: string
  closedAt: number
  countedFen: number
}

/** One payment channel's takings. */
export interface ChannelTotal {
  channel: 'qr' | 'barcode' | 'cash' | 'card'
  payments: number
  fen: number
}

export interface CashierTotal {
  staffId: number
  username: string
  orders: number
  paidFen: number
}

/** The drawer: expected = float + taken − change − refunds + in − out. */
export interface DrawerFigures {
  floatFen: number
  takenFen: number
  changeFen: number
  refundsFen: number
  inFen: number
  outFen: number
  expectedFen: number
  /** null while a shift of the report is still open (an X in the middle of a shift). */
  countedFen: number | null
  differenceFen: number | null
}

export interface ShiftFigures {
  id: number
  staffId: number
  username: string
  openedAt: number
  closedAt: number | null
  drawer: DrawerFigures
}

/** An X (read-only, any time) or a Z (closes the till's day) report: the same figures. */
export interface TillReportFigures {
  tillId: string
  from: number
  to: number
  shifts: ShiftFigures[]
  byChannel: ChannelTotal[]
  paidOrders: number
  paidFen: number
  refunds: { count: number; fen: number }
  cancelledOrders: { count: number; payFen: number }
  /** Line and order discounts, and goods returned: see discountsAndReturns in the report code. */
  discountsFen: number
  returnsFen: number
  byCashier: CashierTotal[]
  drawer: DrawerFigures
}

export interface XReport extends TillReportFigures {
  kind: 'X'
  /** The number the next Z of this till will have. */
  nextZ: number
}

export interface ZReport extends TillReportFigures {
  kind: 'Z'
  number: number
  createdAt: number
  /** Hex SHA-256: of the till's previous Z, of the rows this one covers, and of this one. */
  prevHash: string
  coveredHash: string
  hash: string
  coveredRows: number
}

const tillChoice = z.object({ tillId: tillId.optional() })

export const shiftMethods = {
  'shift.status': method<ShiftStatus>()('cashier', z.object({})),
  'shift.open': method<ShiftView>()('cashier', z.object({ floatFen: drawerFen })),
  'shift.cash': method<ShiftView>()(
    'cashier',
    z.object({
      kind: z.enum(['in', 'out']),
      amountFen: drawerFen.min(1),
      reason: text({ min: 1, max: 200 }),
      /** An admin's name and password, typed at the till, for a cash out above the limit. */
      approval: z.object({ username: text({ min: 1, max: 64 }), password: password(1) }).optional(),
      idempotencyKey,
    }),
  ),
  'shift.close': method<ClosedShiftView>()('cashier', z.object({ countedFen: drawerFen })),
  /** The till's figures since its last Z, open shift included; writes nothing. */
  'reports.x': method<XReport>()('admin', tillChoice),
  /** Closes the till's day: every shift closed since its last Z, chained to that Z. */
  'reports.z': method<ZReport>()('admin', tillChoice),
  /** The till's Z reports, newest first. */
  'reports.zList': method<ZReport[]>()('admin', tillChoice),
}
