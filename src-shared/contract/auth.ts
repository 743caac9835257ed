import { z } from 'zod'
import type { Role } from '../order-status'
import { text } from '../text'
import { method, password, pin } from './method'
import type { Language } from './settings'

/** Who is logged in at this till: all the page is told about its session. */
export interface StaffSession {
  staffId: number
  username: string
  role: Role
  tillId: string
}

/**
 * A session as the dispatcher answers `auth.login` and `auth.me`: the staff member and the bearer
 * token of their session. The token is for the transport (contract/client.ts keeps it and sends it
 * with every call); what the page gets is the StaffSession without it.
 */
export interface SessionView extends StaffSession {
  token: string
}

/** The methods that answer a SessionView, whose token never reaches the page. */
export const sessionMethods = ['auth.login', 'auth.me'] as const
export type SessionMethodName = (typeof sessionMethods)[number]

/** What the login screen may know before anyone logs in. */
export interface TillInfo {
  tillId: string
  store: 'mysql' | 'sqlite'
  /** Demo mode: demo data, and the demo staff's login to show on the login screen. */
  demo: { usernames: string[]; password: string } | null
  /** 'sandbox': payments go to the built-in Alipay sandbox (no real money; show DEMO). */
  /** 'off': Alipay is not set up on this till (no app id, and no sandbox chosen); it cannot be used. */
  alipay: 'sandbox' | 'live' | 'off'
  /** The shop's display name (shop settings): the receipt's heading. */
  displayName: string
  /** The screens' language until someone picks one (shop settings). */
  defaultLanguage: Language
}

export const authMethods = {
  'app.info': method<TillInfo>()('public', z.object({})),
  /**
   * Whether the till can work now: the store and the carts answer (a statement, a cart read).
   * Public and touching no session, so the screen's heartbeat never keeps a session alive.
   */
  'app.ping': method<null>()('public', z.object({})),
  /**
   * With the password, or a cashier with their PIN at a till it was given for (docs/SECURITY.md):
   * one of the two, never both.
   */
  'auth.login': method<SessionView>()(
    'public',
    z
      .object({ username: text({ min: 1, max: 64 }), password: password(1).optional(), pin: pin.optional() })
      .superRefine((input, ctx) => {
        if ((input.password === undefined) !== (input.pin === undefined)) return
        const field = input.pin === undefined ? 'password' : 'pin'
        ctx.addIssue({ code: 'custom', path: [field], message: 'a password or a PIN, not both' })
      }),
  ),
  'auth.logout': method<null>()('cashier', z.object({})),
  /** Ends every session of the caller, on every till, this one included. */
  'auth.logoutEverywhere': method<null>()('cashier', z.object({})),
  'auth.me': method<SessionView>()('cashier', z.object({})),
}
