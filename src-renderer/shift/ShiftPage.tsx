// 班次: the open shift of this till — who opened it, the float, the cash put in or taken out — the
// cash in/out form (an admin's name and password for a cash out above the shop's limit) and the
// blind close: the cashier types the counted drawer and never sees what it should hold.
import { type FormEvent, useRef, useState } from 'react'
import type { CashMoveKind, ShiftStatus } from '../../src-shared/contract'
import { formatFen, parseYuanAmount } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { formatDateTime } from '../format'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { useFocusOnMount } from '../use-focus'
import { OpenShiftForm } from './ShiftGate'

const newKey = () => `cash_${crypto.randomUUID().replaceAll('-', '')}`

export function ShiftPage() {
  const t = useStrings()
  const status = useLoad(() => window.pos['shift.status']({}), [])
  const [closedText, setClosedText] = useState<string | null>(null)
  if (!status.data) return <LoadStatus load={status} />
  const shift = status.data.shift
  if (!shift)
    return (
      <div className="shift-page">
        {closedText && <p className="notice">{closedText}</p>}
        <OpenShiftForm onOpened={() => (setClosedText(null), status.reload())} />
      </div>
    )
  return (
    <div className="shift-page">
      <section className="panel">
        <h1>{t.shiftTitle}</h1>
        <p data-testid="shift-opened">
          {t.shiftOpenedBy(shift.username, formatDateTime(shift.openedAt), formatFen(shift.floatFen))}
        </p>
        <h2>{t.cashMovesTitle}</h2>
        {shift.cashMoves.length === 0 ? (
          <p className="muted">{t.noCashMoves}</p>
        ) : (
          <ul className="cash-moves">
            {shift.cashMoves.map((m, i) => (
              <li key={i}>
                {formatDateTime(m.at)} · {m.kind === 'in' ? t.cashIn : t.cashOut} {formatFen(m.amountFen)} · {m.reason}
                {m.approvedBy && ` · ${t.approvedBy(m.approvedBy)}`}
              </li>
            ))}
          </ul>
        )}
        <CashMoveForm status={status.data} onMoved={status.reload} />
      </section>
      <CloseShiftForm onClosed={(text) => (setClosedText(text), status.reload())} />
    </div>
  )
}

function CashMoveForm({ status, onMoved }: { status: ShiftStatus; onMoved: () => void }) {
  const t = useStrings()
  const [kind, setKind] = useState<CashMoveKind>('in')
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [approver, setApprover] = useState({ username: '', password: '' })
  const [hint, setHint] = useState<string | null>(null)
  // One key per move typed: a repeated Enter after a lost answer is the same move, not a second.
  const key = useRef(newKey())
  const send = useAction({ exclusive: true })
  const amountFen = parseYuanAmount(amount)
  const needsAdmin = kind === 'out' && amountFen !== null && amountFen > status.cashOutApprovalFen

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (amountFen === null || amountFen <= 0) return setHint(t.enterYuan)
    setHint(null)
    const result = await send.run(() =>
      window.pos['shift.cash']({
        kind,
        amountFen,
        reason,
        idempotencyKey: key.current,
        ...(needsAdmin ? { approval: approver } : {}),
      }),
    )
    if (result?.ok) {
      key.current = newKey()
      setAmount('')
      setReason('')
      setApprover({ username: '', password: '' })
      onMoved()
    }
  }

  return (
    <form className="admin-form cash-move-form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="form-row">
        <label className="field">
          <span>{t.cashKind}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as CashMoveKind)}>
            <option value="in">{t.cashIn}</option>
            <option value="out">{t.cashOut}</option>
          </select>
        </label>
        <label className="field">
          <span>{t.amountYuan}</span>
          <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" autoComplete="off" />
        </label>
        <label className="field">
          <span>{t.reason}</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
        </label>
      </div>
      {needsAdmin && (
        <div className="form-row approval">
          <p className="muted">{t.cashOutLimit(formatFen(status.cashOutApprovalFen))}</p>
          <label className="field">
            <span>{t.adminUsername}</span>
            <input
              value={approver.username}
              onChange={(e) => setApprover({ ...approver, username: e.target.value })}
              autoComplete="off"
            />
          </label>
          <label className="field">
            <span>{t.adminPassword}</span>
            <input
              type="password"
              value={approver.password}
              onChange={(e) => setApprover({ ...approver, password: e.target.value })}
              autoComplete="off"
            />
          </label>
        </div>
      )}
      {hint && <p className="error">{hint}</p>}
      <ErrorMessage error={send.error} />
      <button type="submit" disabled={send.busy}>
        {t.cashMoveButton}
      </button>
    </form>
  )
}

function CloseShiftForm({ onClosed }: { onClosed: (text: string) => void }) {
  const t = useStrings()
  const [counted, setCounted] = useState('')
  const [hint, setHint] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  useFocusOnMount(input)
  const close = useAction({ exclusive: true })
  const goTo = useTill((s) => s.goTo)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const countedFen = parseYuanAmount(counted)
    if (countedFen === null) return setHint(t.enterYuan)
    setHint(null)
    const result = await close.run(() => window.pos['shift.close']({ countedFen }))
    if (result?.ok) onClosed(t.shiftClosed(formatFen(result.data.countedFen)))
    else if (result && !result.ok && result.error.code === 'SHIFT_CLOSED') goTo('sell')
  }

  return (
    <form className="panel shift-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t.closeShiftTitle}</h2>
      <p className="muted">{t.closeShiftHint}</p>
      <label className="field">
        <span>{t.countedYuan}</span>
        <input
          ref={input}
          value={counted}
          onChange={(e) => setCounted(e.target.value)}
          inputMode="decimal"
          autoComplete="off"
        />
      </label>
      {hint && <p className="error">{hint}</p>}
      <ErrorMessage error={close.error} />
      <button type="submit" className="primary" disabled={close.busy}>
        {t.closeShiftButton}
      </button>
    </form>
  )
}
