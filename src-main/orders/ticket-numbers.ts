// Short ticket numbers: each till counts its orders per shop day, 1, 2, 3…, shown as T1-0042
// (docs/ORDERS.md "Ticket numbers"). The count lives in this process, read once per till and day
// from the orders already written, so that drawing a number costs a sale no database round trip.
// The unique index (till_id, ticket_seq, ticket_day) is the guard: if a second process serves
// the same till id, its insert is refused, the count is read again and the order placed again.
import type { Kysely } from 'kysely'
import { chinaDay } from '../alipay/china-time'
import type { Database } from '../db/schema'

export interface Ticket {
  day: number
  seq: number
}

export class TicketNumbers {
  private readonly last = new Map<string, Ticket>()

  /** The next ticket of `tillId` on the shop day of `now`. */
  async draw(db: Kysely<Database>, tillId: string, now: number): Promise<Ticket> {
    const day = chinaDay(now)
    let last = this.last.get(tillId)
    if (!last || last.day !== day) last = { day, seq: await highestSeq(db, tillId, day) }
    const ticket = { day, seq: last.seq + 1 }
    this.last.set(tillId, ticket)
    return ticket
  }

  /**
   * A placement that drew `ticket` wrote nothing: its number goes back if nothing was drawn
   * since, so that a refused sale (out of stock, a changed price) leaves no gap.
   */
  giveBack(tillId: string, ticket: Ticket): void {
    const last = this.last.get(tillId)
    if (last && last.day === ticket.day && last.seq === ticket.seq)
      this.last.set(tillId, { day: ticket.day, seq: ticket.seq - 1 })
  }

  /** Another process wrote this till's tickets too: read the count again at the next draw. */
  forget(tillId: string): void {
    this.last.delete(tillId)
  }
}

async function highestSeq(db: Kysely<Database>, tillId: string, day: number): Promise<number> {
  const row = await db
    .selectFrom('order_info')
    .select((eb) => eb.fn.max('ticket_seq').as('seq'))
    .where('till_id', '=', tillId)
    .where('ticket_day', '=', day)
    .executeTakeFirst()
  return Number(row?.seq ?? 0)
}

/** How a ticket is shown and typed: the till, a dash, at least four digits. */
export function ticketLabel(tillId: string, seq: number): string {
  return `${tillId}-${String(seq).padStart(4, '0')}`
}
