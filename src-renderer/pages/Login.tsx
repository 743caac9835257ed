// The login form: user name and password, or — for a cashier given one at this till — user name
// and PIN (F2 switches; Enter logs in). The server decides where a PIN works (docs/SECURITY.md).
import { useEffect, useRef, useState, type FormEvent } from 'react'
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
  const [withPin, setWithPin] = useState(false)
  const login = useAction()
  const usernameInput = useRef<HTMLInputElement>(null)
  const secretInput = useRef<HTMLInputElement>(null)
  useFocusOnMount(usernameInput)

  /** Password ↔ PIN: what was typed goes, and the focus goes where the next keystroke belongs. */
  function switchMode() {
    setWithPin((pin) => !pin)
    setPassword('')
    login.setError(null)
    ;(usernameInput.current?.value ? secretInput.current : usernameInput.current)?.focus()
  }
  // F2 works wherever the focus is on this screen.
  const onF2 = useRef(switchMode)
  useEffect(() => {
    onF2.current = switchMode
  })
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F2') return
      event.preventDefault()
      onF2.current()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

  // LOGIN_FAILED names the password; in PIN mode it was the PIN.
  const pinFailed =
    withPin && login.error !== null && typeof login.error !== 'string' && login.error.code === 'LOGIN_FAILED'
  const shownError = pinFailed ? t.wrongPin : login.error

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const credential = withPin ? { pin: password } : { password }
    const result = await login.run(() => window.pos['auth.login']({ username, ...credential }))
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
          {withPin ? t.pin : t.password}
          <input
            ref={secretInput}
            type="password"
            value={password}
            onChange={(e) => setPassword(withPin ? e.target.value.replace(/[^0-9]/g, '') : e.target.value)}
            autoComplete={withPin ? 'off' : 'current-password'}
            inputMode={withPin ? 'numeric' : undefined}
            maxLength={withPin ? 8 : undefined}
            required
          />
        </label>
        <BusyButton type="submit" className="primary wide" busy={login.busy} busyText={t.loggingIn}>
          {t.login}
        </BusyButton>
        <ErrorMessage error={shownError ?? (sessionLost && !login.busy ? sessionEndedError : null)} />
        <button type="button" className="ghost" onClick={switchMode}>
          {withPin ? t.loginWithPassword : t.loginWithPin} <kbd>F2</kbd>
        </button>
      </form>
    </div>
  )
}
