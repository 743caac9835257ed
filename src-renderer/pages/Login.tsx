import { useRef, useState, type FormEvent } from 'react'
import { ErrorMessage } from '../components/ErrorMessage'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction } from '../use-call'
import { useFocusOnMount } from '../use-focus'
import { BusyButton } from '../components/BusyButton'

/** The server's own answer when a session it no longer knows is used: the reason the form is back. */
const sessionEndedError = { code: 'NOT_LOGGED_IN', message: '' } as const

export function Login() {
  const t = useStrings()
  const { info, loggedIn, sessionLost } = useTill()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const login = useAction()
  const usernameInput = useRef<HTMLInputElement>(null)
  useFocusOnMount(usernameInput)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const result = await login.run(() => window.pos['auth.login']({ username, password }))
    if (result?.ok) loggedIn(result.data)
  }

  return (
    <div className="login panel">
      <h1>FreshTill</h1>
      {info?.demo && (
        <p role="status" className="demo-banner">
          <strong>{t.demo}</strong> {t.demoLogin(info.demo.usernames.join(' / '), info.demo.password)}
        </p>
      )}
      {info?.alipay === 'sandbox' && (
        <p role="status" className="sandbox-banner" data-testid="sandbox-banner">
          {t.sandboxBanner}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t.username}
          <input
            ref={usernameInput}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
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
        <BusyButton type="submit" className="primary wide" busy={login.busy} busyText={t.loggingIn}>
          {t.login}
        </BusyButton>
        <ErrorMessage error={login.error ?? (sessionLost && !login.busy ? sessionEndedError : null)} />
      </form>
    </div>
  )
}
