import type { Page } from '../store'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction } from '../use-call'
import { ErrorMessage } from './ErrorMessage'

const sellPages: Page[] = ['sell', 'checkout', 'placed']

/** The bar on top of every till screen: where to go, who is at which till, language, logout (here or everywhere). */
export function Header() {
  const t = useStrings()
  const { session, info, language, page, setLanguage, loggedOut, goTo } = useTill()
  const everywhere = useAction({ exclusive: true })

  async function logout() {
    // Logged out here whatever the answer: the session token is dropped either way.
    await window.pos['auth.logout']({})
    loggedOut()
  }

  async function logoutEverywhere() {
    // Every session of this staff member, at every till, this one included.
    // A refusal (the store away) stays on screen beside the button: the sessions elsewhere live on.
    const result = await everywhere.run(() => window.pos['auth.logoutEverywhere']({}))
    if (result?.ok) loggedOut()
  }

  const otherLanguage = language === 'zh' ? 'en' : 'zh'
  const inSell = sellPages.includes(page)
  const inAdmin = page === 'admin'
  const inShift = page === 'shift'
  const inOrders = !inSell && !inAdmin && !inShift
  const places: { page: Page; text: string; here: boolean }[] = [
    { page: 'sell', text: t.navSell, here: inSell },
    { page: 'orders', text: t.orders, here: inOrders },
    { page: 'shift', text: t.navShift, here: inShift },
    // 管理 is offered to admins only.
    ...(session?.role === 'admin' ? [{ page: 'admin' as const, text: t.admin, here: inAdmin }] : []),
  ]
  return (
    <header className="topbar">
      <span className="brand">FreshTill</span>
      {info?.demo && <span className="badge demo">{t.demoBadge}</span>}
      {session && (
        <nav className="main-nav" aria-label="FreshTill">
          {places.map((place) => (
            <button
              key={place.page}
              type="button"
              className={place.here ? 'nav on' : 'nav'}
              aria-current={place.here ? 'page' : undefined}
              onClick={() => goTo(place.page)}
            >
              {place.text}
            </button>
          ))}
        </nav>
      )}
      <span className="who">{session && t.loggedIn(session.username, session.tillId)}</span>
      <button type="button" className="ghost" onClick={() => setLanguage(otherLanguage)}>
        {t.languageNames[otherLanguage]}
      </button>
      {session && (
        <>
          <ErrorMessage error={everywhere.error} />
          <button type="button" className="ghost" disabled={everywhere.busy} onClick={() => void logoutEverywhere()}>
            {t.logoutEverywhere}
          </button>
          <button type="button" className="ghost" onClick={() => void logout()}>
            {t.logout}
          </button>
        </>
      )}
    </header>
  )
}
