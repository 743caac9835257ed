import { useState, type FormEvent } from 'react'
import { useErrorText, useStrings, useTill } from '../store'
import { ErrorMessage } from '../components/ErrorMessage'

export function Login() {
  const t = useStrings()
  const errorText = useErrorText()
  const { info, loggedIn } = useTill()
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
      if (result.ok) loggedIn(result.data)
      else setError(errorText(result.error))
    } catch {
      setError(t.unreachable)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="login panel">
      <h1>FreshTill</h1>
      {info?.demo && (
        <p role="status" className="demo-banner">
          <strong>{t.demo}</strong> {t.demoLogin(info.demo.usernames.join(' / '), info.demo.password)}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t.username}
          <input
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            autoFocus
            required
          />
        </label>
        <label>
          {t.password}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? t.loggingIn : t.login}
        </button>
        <ErrorMessage text={error} />
      </form>
    </div>
  )
}
