import { useStrings, useTill } from '../store'

/** The bar on top of every till screen: who is at which till, language, logout. */
export function Header() {
  const t = useStrings()
  const { session, info, language, setLanguage, loggedOut } = useTill()

  async function logout() {
    await window.pos['auth.logout']({}).catch(() => undefined)
    loggedOut()
  }

  return (
    <header className="topbar">
      <span className="brand">FreshTill</span>
      {info?.demo && <span className="badge demo">{t.demoBadge}</span>}
      <span className="who">{session && t.loggedIn(session.username, session.tillId)}</span>
      <button type="button" className="ghost" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
        {t.otherLanguage}
      </button>
      {session && (
        <button type="button" className="ghost" onClick={() => void logout()}>
          {t.logout}
        </button>
      )}
    </header>
  )
}
