import type { Core } from '../core/core'
import type { PublicHandlers, StaffHandlers } from '../contract/handlers'
import { DEMO_PASSWORD, DEMO_STAFF } from '../seed/demo-seed'
import type { OrderMirror } from '../history/mirror'
import { offlineHistory } from '../history/mirror.handlers'
import type { SessionStore } from './sessions'
import { actorView, addStaff, listStaff, login, resetStaffPassword, setStaffActive } from './staff.service'

/** `mirror`: the offline history (shared mode), whose staff copy lets staff log in while MySQL is down. */
export const staffHandlers = (core: Core, sessions: SessionStore, mirror: OrderMirror | null = null) => {
  const history = offlineHistory(core, mirror)
  return {
    'app.info': async () => ({
      tillId: core.config.tillId,
      store: core.store.kind,
      demo: core.config.demo ? { usernames: DEMO_STAFF, password: DEMO_PASSWORD } : null,
      alipay: core.config.alipay ? ('live' as const) : ('sandbox' as const),
    }),
    'auth.login': (input) => history.readUnmarked((from) => login(from, sessions, input.username, input.password)),
    'auth.logout': async (_input, { token }) => {
      sessions.close(token)
      return null
    },
    'auth.me': async (_input, { actor, token }) => ({ token, ...actorView(actor) }),
    'staff.list': (_input, { actor }) => listStaff(core, actor),
    'staff.add': (input, { actor }) => addStaff(core, actor, input),
    'staff.setActive': (input, { actor }) => setStaffActive(core, sessions, actor, input.staffId, input.active),
    'staff.resetPassword': (input, { actor, token }) => resetStaffPassword(core, sessions, actor, input.staffId, input.password, token),
  } satisfies PublicHandlers &
    Pick<StaffHandlers, 'auth.logout' | 'auth.me' | 'staff.list' | 'staff.add' | 'staff.setActive' | 'staff.resetPassword'>
}
