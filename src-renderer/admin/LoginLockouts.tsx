// 登录锁定: user names and tills with failed logins in the last 24 hours (a name may not exist:
// unknown names are counted too), locked-out ones first, and "clear" to let them in at once.
import { useState } from 'react'
import type { LoginLockView } from '../../src-shared/contract'
import { DataTable } from '../components/DataTable'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { Notice } from '../components/Notice'
import { formatDateTime } from '../format'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'

export function LoginLockouts() {
  const t = useStrings()
  const list = useLoad(() => window.pos['staff.lockouts']({}), [])
  const clearing = useAction()
  const [notice, setNotice] = useState<string | null>(null)

  async function clear(lock: LoginLockView) {
    setNotice(null)
    const r = await clearing.run(() => window.pos['staff.clearLockout']({ scope: lock.scope, subject: lock.subject }))
    if (!r?.ok) return
    list.setData((all) => all && all.filter((l) => !(l.scope === lock.scope && l.subject === lock.subject)))
    setNotice(t.lockoutCleared(lock.subject))
  }

  return (
    <section className="panel table-panel" aria-labelledby="lockouts-title">
      <h2 id="lockouts-title">{t.lockoutsTitle}</h2>
      <p className="muted small">{t.lockoutsHint}</p>
      <Notice text={notice} />
      <ErrorMessage error={clearing.error} />
      <LoadStatus load={list} />
      {list.data && list.data.length === 0 && <p className="muted">{t.noLockouts}</p>}
      {list.data && list.data.length > 0 && (
        <DataTable
          className="lines admin-table"
          testId="lockouts"
          rows={list.data}
          rowKey={(l) => `${l.scope}:${l.subject}`}
          rowAttributes={(l) => ({ 'data-subject': l.subject })}
          columns={[
            { head: t.lockedSubject, className: 'strong', cell: (l) => l.subject },
            { head: t.lockScope, cell: (l) => (l.scope === 'user' ? t.username : t.till) },
            { head: t.failedLogins, num: true, cell: (l) => l.failures },
            { head: t.lastFailure, cell: (l) => formatDateTime(l.lastFailedAt) },
            {
              head: t.lockedUntil,
              testId: 'locked-until',
              cell: (l) => (l.lockedUntil === null ? t.notLocked : formatDateTime(l.lockedUntil)),
            },
            {
              head: t.actions,
              cell: (l) => (
                <button type="button" aria-label={t.clearLockoutOf(l.subject)} onClick={() => void clear(l)}>
                  {t.clearLockout}
                </button>
              ),
            },
          ]}
        />
      )}
    </section>
  )
}
