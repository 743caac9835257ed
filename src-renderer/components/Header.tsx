import type { Page } from '../store'
import { useTill } from '../store'
import { useStrings } from '../strings'

const sellPages: Page[] = ['sell', 'checkout', 'placed']

/** The bar on top of every till screen: where to go, who is at which till, language, logout. */
export function Header() {
  const t = useStrings()
  const { session, info, language, page, setLanguage, loggedOut, goTo } = useTill()

  async function logout() {
    // Logged out here whatever the answer: the session token is dropped either way.
    await window.pos['auth.logout']({})
    loggedOut()
  }

  const otherLanguage = language === 'zh' ? 'en' : 'zh'
  const inSell = sellPages.includes(page)
  const inAdmin = page === 'admin'
  const inOrders = !inSell && !inAdmin
  return (
    <header className="topbar">
      <span className="brand">FreshTill</span>
      {info?.demo && <span className="badge demo">{t.demoBadge}</span>}
      {session && (
        <nav className="main-nav" aria-label="FreshTill">
          <button
            type="button"
            className={inSell ? 'nav on' : 'nav'}
            aria-current={inSell ? 'page' : undefined}
            onClick={() => goTo('sell')}
          >
            {t.navSell}
          </button>
          <button
            type="button"
            className={inOrders ? 'nav on' : 'nav'}
            aria-current={inOrders ? 'page' : undefined}
            onClick={() => goTo('orders')}
          >
            {t.orders}
          </button>
          {session.role === 'admin' && (
            <button
              type="button"
              className={inAdmin ? 'nav on' : 'nav'}
              aria-current={inAdmin ? 'page' : undefined}
              onClick={() => goTo('admin')}
            >
              {t.admin}
            </button>
          )}
        </nav>
      )}
      <span className="who">{session && t.loggedIn(session.username, session.tillId)}</span>
      <button type="button" className="ghost" onClick={() => setLanguage(otherLanguage)}>
        {t.languageNames[otherLanguage]}
      </button>
      {session && (
        <button type="button" className="ghost" onClick={() => void logout()}>
          {t.logout}
        </button>
      )}
    </header>
  )
}
