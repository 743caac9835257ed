import { useEffect, useState, type FormEvent } from 'react'
import type { SessionView, TillInfo } from '../src-shared/contract'

const strings = {
  zh: {
    username: '用户名',
    password: '密码',
    login: '登录',
    loggingIn: '正在登录…',
    loggedIn: (username: string, tillId: string) => `已登录：${username}，收银台 ${tillId}`,
    unreachable: '无法连接收银服务，请重试。',
    welcome: '欢迎光临',
    otherLanguage: 'English',
    demo: '演示模式 DEMO — 演示数据，不是真实交易',
    demoLogin: (users: string, password: string) => `演示账号：${users}，密码 ${password}`,
  },
  en: {
    username: 'User name',
    password: 'Password',
    login: 'Log in',
    loggingIn: 'Logging in…',
    loggedIn: (username: string, tillId: string) => `Logged in as ${username} at till ${tillId}`,
    unreachable: 'The till service cannot be reached. Please try again.',
    welcome: 'Welcome',
    otherLanguage: '中文',
    demo: 'DEMO — demo data, no real sales',
    demoLogin: (users: string, password: string) => `Demo staff: ${users}, password ${password}`,
  },
}

type Language = keyof typeof strings
type Strings = (typeof strings)[Language]

export function App() {
  return window.location.hash === '#/customer' ? <CustomerDisplay /> : <Till />
}

function CustomerDisplay() {
  return (
    <main>
      <h1>FreshTill</h1>
      <p>{strings.zh.welcome}</p>
    </main>
  )
}

function Till() {
  const [language, setLanguage] = useState<Language>('zh')
  const [session, setSession] = useState<SessionView | null>(null)
  const [info, setInfo] = useState<TillInfo | null>(null)
  const t = strings[language]

  useEffect(() => {
    void window.pos['app.info']({}).then((result) => result.ok && setInfo(result.data))
  }, [])

  return (
    <main lang={language === 'zh' ? 'zh-CN' : 'en'}>
      <h1>FreshTill</h1>
      {info?.demo && (
        <p role="status">
          <strong>{t.demo}</strong> {t.demoLogin(info.demo.usernames.join(' / '), info.demo.password)}
        </p>
      )}
      <button type="button" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
        {t.otherLanguage}
      </button>
      {session ? <p>{t.loggedIn(session.username, session.tillId)}</p> : <LoginForm t={t} onLoggedIn={setSession} />}
    </main>
  )
}

function LoginForm({ t, onLoggedIn }: { t: Strings; onLoggedIn: (session: SessionView) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const result = await window.pos['auth.login']({ username, password })
      if (result.ok) onLoggedIn(result.data)
      else setError(result.error.message)
    } catch {
      setError(t.unreachable)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit}>
      <label>
        {t.username}
        <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" autoFocus required />
      </label>
      <label>
        {t.password}
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? t.loggingIn : t.login}
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  )
}
