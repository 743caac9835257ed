// 员工: the staff accounts, a new account, deactivate / reactivate, another role, "log out
// everywhere", a password reset and a cashier's PIN (set for some tills, or cleared) — each but
// reactivating ends the staff member's sessions on every till at once. Nobody can deactivate
// themself or change their own role; the server says so too. Below: the login lockouts
// (LoginLockouts.tsx).
import { useState, type FormEvent } from 'react'
import type { StaffView } from '../../src-shared/contract'
import type { Role } from '../../src-shared/order-status'
import { DataTable } from '../components/DataTable'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { Notice } from '../components/Notice'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { AdminSection, DialogForm, Field, useFormSend } from './kit'
import { LoginLockouts } from './LoginLockouts'
import { BusyButton } from '../components/BusyButton'

export function StaffAdmin() {
  const t = useStrings()
  const me = useTill((s) => s.session?.staffId)
  const list = useLoad(() => window.pos['staff.list']({}), [])
  const staff = list.data
  const switching = useAction()
  const [notice, setNotice] = useState<string | null>(null)
  const [resetting, setResetting] = useState<StaffView | null>(null)
  const [givingPin, setGivingPin] = useState<StaffView | null>(null)

  // Add form.
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [role, setRole] = useState<Role>('cashier')
  const { fields, setFields, error: addError, setError: setAddError, busy, send } = useFormSend()

  const replaced = (s: StaffView) => list.setData((all) => all && all.map((x) => (x.id === s.id ? s : x)))

  async function setActive(s: StaffView, active: boolean) {
    setNotice(null)
    const r = await switching.run(() => window.pos['staff.setActive']({ staffId: s.id, active }))
    if (r?.ok) replaced(r.data)
  }

  async function changeRole(s: StaffView, role: Role) {
    setNotice(null)
    const r = await switching.run(() => window.pos['staff.setRole']({ staffId: s.id, role }))
    if (r?.ok) {
      replaced(r.data)
      setNotice(t.roleChanged(s.username))
    }
  }

  async function clearPin(s: StaffView) {
    setNotice(null)
    const r = await switching.run(() => window.pos['staff.clearPin']({ staffId: s.id }))
    if (r?.ok) {
      replaced(r.data)
      setNotice(t.pinCleared(s.username))
    }
  }

  async function logoutEverywhere(s: StaffView) {
    setNotice(null)
    const r = await switching.run(() => window.pos['staff.logoutEverywhere']({ staffId: s.id }))
    if (r?.ok) setNotice(t.loggedOutEverywhere(s.username))
  }

  const staffActions = (s: StaffView) => (
    <div className="row-actions">
      {s.active ? (
        <button
          type="button"
          className="danger-outline"
          aria-label={t.deactivateOf(s.username)}
          disabled={s.id === me}
          onClick={() => void setActive(s, false)}
        >
          {t.deactivate}
        </button>
      ) : (
        <button type="button" aria-label={t.reactivateOf(s.username)} onClick={() => void setActive(s, true)}>
          {t.reactivate}
        </button>
      )}
      <button type="button" aria-label={t.resetPasswordOf(s.username)} onClick={() => setResetting(s)}>
        {t.resetPassword}
      </button>
      <button
        type="button"
        aria-label={s.role === 'admin' ? t.makeCashierOf(s.username) : t.makeAdminOf(s.username)}
        disabled={s.id === me}
        onClick={() => void changeRole(s, s.role === 'admin' ? 'cashier' : 'admin')}
      >
        {s.role === 'admin' ? t.makeCashier : t.makeAdmin}
      </button>
      {s.role === 'cashier' && (
        <button type="button" aria-label={t.setPinOf(s.username)} onClick={() => setGivingPin(s)}>
          {t.setPin}
        </button>
      )}
      {s.pinTills.length > 0 && (
        <button type="button" aria-label={t.clearPinOf(s.username)} onClick={() => void clearPin(s)}>
          {t.clearPin}
        </button>
      )}
      <button type="button" aria-label={t.logoutEverywhereOf(s.username)} onClick={() => void logoutEverywhere(s)}>
        {t.logoutEverywhere}
      </button>
    </div>
  )

  async function add(event: FormEvent) {
    event.preventDefault()
    setAddError(null)
    setNotice(null)
    await send(
      () => window.pos['staff.add']({ username: username.trim(), password, role }),
      (added) => {
        list.setData((all) => [...(all ?? []), added])
        setNotice(t.staffAdded(added.username))
        setUsername('')
        setPassword('')
        setFields({})
      },
    )
  }

  return (
    <AdminSection title={t.staffTitle}>
      <Notice text={notice} />
      <ErrorMessage error={switching.error} />
      <LoadStatus load={list} />
      {staff && (
        <div className="admin-split">
          <div className="panel table-panel">
            <DataTable
              className="lines admin-table"
              rows={staff}
              rowKey={(s) => s.id}
              rowAttributes={(s) => ({ 'data-username': s.username, className: s.active ? undefined : 'off' })}
              columns={[
                {
                  head: t.username,
                  className: 'strong',
                  cell: (s) => (
                    <>
                      {s.username}
                      {s.id === me && <span className="muted small">{t.you}</span>}
                    </>
                  ),
                },
                {
                  head: t.role,
                  cell: (s) => (
                    <span className={s.role === 'admin' ? 'badge role-admin' : 'badge'}>
                      {s.role === 'admin' ? t.administrator : t.cashier}
                    </span>
                  ),
                },
                {
                  head: t.status,
                  testId: 'staff-status',
                  cell: (s) => (
                    <>
                      <span className={s.active ? 'dot on' : 'dot'} aria-hidden="true" />
                      {s.active ? t.active : t.inactive}
                    </>
                  ),
                },
                {
                  head: t.pin,
                  testId: 'staff-pin',
                  cell: (s) => (s.pinTills.length > 0 ? s.pinTills.join(' ') : t.noPin),
                },
                { head: t.actions, cell: (s) => staffActions(s) },
              ]}
            />
          </div>

          <form className="panel admin-form" onSubmit={(e) => void add(e)} noValidate aria-labelledby="add-staff-title">
            <h2 id="add-staff-title">{t.addStaff}</h2>
            <Field label={t.username} error={fields.username}>
              {(p) => (
                <input
                  {...p}
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={t.fieldHints.username}
                />
              )}
            </Field>
            <PasswordField label={t.password} error={fields.password} value={password} onChange={setPassword} />
            <Field label={t.role} error={fields.role}>
              {(p) => (
                <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                  <option value="cashier">{t.cashier}</option>
                  <option value="admin">{t.administrator}</option>
                </select>
              )}
            </Field>
            <ErrorMessage error={addError} />
            <BusyButton type="submit" className="primary" busy={busy} busyText={t.saving}>
              {t.add}
            </BusyButton>
          </form>
        </div>
      )}

      {staff && <LoginLockouts />}

      {givingPin && (
        <SetPin
          staff={givingPin}
          onClose={() => setGivingPin(null)}
          onDone={(changed) => {
            replaced(changed)
            setNotice(t.pinSet(changed.username))
            setGivingPin(null)
          }}
        />
      )}

      {resetting && (
        <ResetPassword
          staff={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            setNotice(t.passwordReset(resetting.username))
            setResetting(null)
          }}
        />
      )}
    </AdminSection>
  )
}

function ResetPassword({ staff, onClose, onDone }: { staff: StaffView; onClose: () => void; onDone: () => void }) {
  const t = useStrings()
  const [password, setPassword] = useState('')
  const { fields, error, setError, busy, send } = useFormSend()

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    await send(() => window.pos['staff.resetPassword']({ staffId: staff.id, password }), onDone)
  }

  return (
    <DialogForm title={t.resetPasswordOf(staff.username)} onClose={onClose} onSubmit={submit} error={error} busy={busy}>
      <PasswordField label={t.newPassword} error={fields.password} value={password} onChange={setPassword} />
    </DialogForm>
  )
}

/**
 * A cashier's PIN and the tills it works at: this till's id to start with, several apart by
 * spaces or commas.
 */
function SetPin({
  staff,
  onClose,
  onDone,
}: {
  staff: StaffView
  onClose: () => void
  onDone: (changed: StaffView) => void
}) {
  const t = useStrings()
  const thisTill = useTill((s) => s.info?.tillId ?? s.session?.tillId ?? '')
  const [pin, setPin] = useState('')
  const [tills, setTills] = useState((staff.pinTills.length > 0 ? staff.pinTills : [thisTill]).join(' '))
  const { fields, error, setError, busy, send } = useFormSend()
  // A refused till is named by its place in the list (tills.1): shown at the one field.
  const tillsError = Object.entries(fields).find(([path]) => path.split('.')[0] === 'tills')?.[1]

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    const list = tills.split(/[\s,，]+/).filter((till) => till !== '')
    await send(() => window.pos['staff.setPin']({ staffId: staff.id, pin, tills: list }), onDone)
  }

  return (
    <DialogForm title={t.setPinOf(staff.username)} onClose={onClose} onSubmit={submit} error={error} busy={busy}>
      <Field label={t.newPin} error={fields.pin}>
        {(p) => (
          <input
            {...p}
            type="password"
            inputMode="numeric"
            maxLength={8}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/[^0-9]/g, ''))}
            autoComplete="off"
            placeholder={t.fieldHints.pin}
          />
        )}
      </Field>
      <Field label={t.pinTillsLabel} error={tillsError}>
        {(p) => (
          <input
            {...p}
            value={tills}
            onChange={(e) => setTills(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder={t.fieldHints.tills}
          />
        )}
      </Field>
    </DialogForm>
  )
}

/** A new password, as the add form and the reset dialog ask for it. */
function PasswordField({
  label,
  error,
  value,
  onChange,
}: {
  label: string
  error: string | undefined
  value: string
  onChange: (password: string) => void
}) {
  const t = useStrings()
  return (
    <Field label={label} error={error}>
      {(p) => (
        <input
          {...p}
          type="password"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="new-password"
          placeholder={t.fieldHints.password}
        />
      )}
    </Field>
  )
}
