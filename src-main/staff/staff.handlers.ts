import { sql } from 'kysely'
import type { Core } from '../core/core'
import type { PublicHandlers, StaffHandlers } from '../contract/handlers'
import { DEMO_PASSWORD, DEMO_STAFF } from '../seed/demo-seed'
import type { OrderMirror } from '../history/mirror'
import { offlineHistory } from '../history/mirror.handlers'
import { shopSettings } from '../settings/settings.service'
import type { Language } from '../../src-shared/contract'
import { PosError } from '../../src-shared/errors'
import { clearStaffPin, loginWithPin, setStaffPin } from './pins.service'
import type { SessionStore } from './sessions'
import {
  actorView,
  addStaff,
  listStaff,
  logOutEverywhere,
  login,
  resetStaffPassword,
  setStaffActive,
  setStaffRole,
} from './staff.service'

/** `mirror`: the offline history (shared mode), whose staff copy lets staff log in while MySQL is down. */
export const staffHandlers = (core: Core, sessions: SessionStore, mirror: OrderMirror | null = null) => {
  const history = offlineHistory(core, mirror)
  return {
    'app.info': async () => ({
      tillId: core.config.tillId,
      store: core.store.kind,
      demo: core.config.demo ? { usernames: DEMO_STAFF, password: DEMO_PASSWORD } : null,
      alipay: core.config.alipay
        ? ('live' as const)
        : core.config.demo || core.config.alipaySandbox
          ? ('sandbox' as const)
          : ('off' as const),
      ...(await shopFacts(core)),
    }),
    'app.ping': async () => {
      await sql`select 1`.execute(core.store.db)
      await core.cart.lines(core.config.tillId)
      return null
    },
    'auth.login': ({ username, password, pin }) =>
      history.readUnmarked(async (from) => {
        // The schema lets through one of the two: no PIN, a password.
        if (pin === undefined) return login(from, sessions, username, password ?? '')
        // The offline history holds no PINs (docs/SECURITY.md): offline, a cashier uses the password.
        if (from.store !== core.store) throw new PosError('PIN_OFFLINE')
        return loginWithPin(from, sessions, username, pin)
      }),
    'auth.logout': async (_input, { token }) => {
      await sessions.close(token)
      return null
    },
    'auth.logoutEverywhere': (_input, { actor }) => logOutEverywhere(core, sessions, actor.staffId),
    'auth.me': (_input, { actor, token }) => Promise.resolve({ token, ...actorView(actor) }),
    'staff.list': (_input, { actor }) => listStaff(core, actor),
    'staff.add': (input, { actor }) => addStaff(core, actor, input),
    'staff.setActive': (input, { actor }) => setStaffActive(core, sessions, actor, input.staffId, input.active),
    'staff.resetPassword': (input, { actor, token }) =>
      resetStaffPassword(core, sessions, actor, input.staffId, input.password, token),
    'staff.setRole': (input, { actor }) => setStaffRole(core, sessions, actor, input.staffId, input.role),
    'staff.setPin': (input, { actor }) => setStaffPin(core, sessions, actor, input),
    'staff.clearPin': (input, { actor }) => clearStaffPin(core, sessions, actor, input.staffId),
    'staff.logoutEverywhere': (input, { actor, token }) =>
      logOutEverywhere(core, sessions, input.staffId, input.staffId === actor.staffId ? token : undefined),
  } satisfies PublicHandlers &
    Pick<
      StaffHandlers,
      | 'auth.logout'
      | 'auth.logoutEverywhere'
      | 'auth.me'
      | 'staff.list'
      | 'staff.add'
      | 'staff.setActive'
      | 'staff.resetPassword'
      | 'staff.setRole'
      | 'staff.setPin'
      | 'staff.clearPin'
      | 'staff.logoutEverywhere'
    >
}

/** How long the login screen waits for the shop settings before showing the defaults. */
const SHOP_FACTS_WAIT_MS = 1_500

/**
 * The shop's name and language for the login screen and the receipt. The login screen must open
 * while the shop database is unreachable (shared mode, offline): then the defaults are shown.
 */
async function shopFacts(core: Core): Promise<{ displayName: string; defaultLanguage: Language }> {
  const fallback = { displayName: `FreshTill ${core.config.tillId}`, defaultLanguage: 'zh' as const }
  let timer: NodeJS.Timeout | undefined
  try {
    const settings = await Promise.race([
      shopSettings(core),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), SHOP_FACTS_WAIT_MS)
        timer.unref()
      }),
    ])
    return settings ? { displayName: settings.tillDisplayName, defaultLanguage: settings.defaultLanguage } : fallback
  } catch (error) {
    core.log.warn({ err: error }, 'cannot read the shop settings for the login screen; showing the defaults')
    return fallback
  } finally {
    clearTimeout(timer)
  }
}
