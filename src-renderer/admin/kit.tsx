// Small pieces the admin screens share: sending a form, a modal dialog (one holding a form), a labelled
// field with its error, a form's cancel / save buttons, and money / whole-number parsing of what
// was typed.
import { type FormEvent, useEffect, useId, useRef, useState, type ReactNode } from 'react'
import type { CallResult } from '../../src-shared/contract'
import { parseYuanAmount } from '../../src-shared/money'
import { ErrorMessage } from '../components/ErrorMessage'
import { type ScreenError, useAction } from '../use-call'
import { everyFieldHinted, fieldErrors } from './field-errors'
import { useStrings } from '../strings'
import { BusyButton } from '../components/BusyButton'

/**
 * A form sent to the server (useAction): once accepted, the answer to `onAccepted`; once refused,
 * the server's field errors at their inputs and its message above the buttons.
 */
export function useFormSend() {
  const t = useStrings()
  const sending = useAction()
  const [fields, setFields] = useState<Record<string, string>>({})

  async function send<T>(call: () => Promise<CallResult<T>>, onAccepted: (data: T) => void): Promise<void> {
    const r = await sending.run(call)
    if (!r) return
    if (r.ok) return onAccepted(r.data)
    setFields(fieldErrors(r.error.details, t.fieldHints))
    // Every refused field shows its hint next to it: above the buttons, only where to look.
    if (everyFieldHinted(r.error, t.fieldHints)) sending.setError(t.fixFields)
  }

  return { fields, setFields, error: sending.error, setError: sending.setError, busy: sending.busy, send }
}

/** A form over saved values (useLoad's data): what was typed, the saved values until something is. */
export function useEditedForm<Saved, Form>(saved: Saved | null, toForm: (saved: Saved) => Form) {
  const [edited, setEdited] = useState<Form | null>(null)
  const form = edited ?? (saved === null ? null : toForm(saved))
  const edit = (change: Partial<Form>) =>
    setEdited((f) => {
      const base = f ?? (saved === null ? null : toForm(saved))
      return base && { ...base, ...change }
    })
  /** Back to the saved values (after a save, or on 重置). */
  const reset = () => setEdited(null)
  return { form, edit, reset }
}

/** An admin tab's page: its heading with the tools beside it (search, date), then what it shows. */
export function AdminSection({ title, tools, children }: { title: string; tools?: ReactNode; children: ReactNode }) {
  return (
    <div className="admin-section">
      <div className="admin-head">
        <h1>{title}</h1>
        {tools}
      </div>
      {children}
    </div>
  )
}

/** A modal over the page: Escape or the close button dismisses it; focus starts inside. */
export function Dialog({
  title,
  onClose,
  children,
  wide,
}: {
  title: string
  onClose: () => void
  children: ReactNode
  wide?: boolean
}) {
  const titleId = useId()
  const box = useRef<HTMLDivElement>(null)
  const close = useRef(onClose)
  useEffect(() => {
    close.current = onClose
  })
  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('input, select, textarea, button.primary')
    ;(first ?? box.current)?.focus()
    // Escape closes it wherever the focus is (a click on the backdrop may have taken it away).
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        className={wide ? 'modal panel wide' : 'modal panel'}
      >
        <div className="modal-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="ghost close" aria-label="×" onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  )
}

/** A dialog that is one form: its fields, then the form's error and cancel / save. */
export function DialogForm({
  title,
  wide,
  onClose,
  onSubmit,
  error,
  busy,
  submitText,
  children,
}: {
  title: string
  wide?: boolean
  onClose: () => void
  onSubmit: (event: FormEvent) => Promise<void>
  error: ScreenError | null
  busy: boolean
  submitText?: string
  children: ReactNode
}) {
  return (
    <Dialog title={title} onClose={onClose} wide={wide}>
      <form className="admin-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {children}
        <ErrorMessage error={error} />
        <FormButtons onCancel={onClose} submitText={submitText} busy={busy} />
      </form>
    </Dialog>
  )
}

/** A label, its input (given by `children` with the props that tie them), and the field's error. */
export function Field({
  label,
  error,
  children,
  className,
}: {
  label: string
  error?: string | undefined
  children: (props: FieldProps) => ReactNode
  className?: string
}) {
  const id = useId()
  const errorId = `${id}-error`
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(error ? { id, 'aria-invalid': true, 'aria-describedby': errorId } : { id })}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  )
}

/** A form's last row: cancel (or reset) and the submit button, which says 保存中… while busy. */
export function FormButtons({
  onCancel,
  cancelText,
  submitText,
  busy,
}: {
  onCancel: () => void
  cancelText?: string
  submitText?: string
  busy: boolean
}) {
  const t = useStrings()
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onCancel}>
        {cancelText ?? t.cancel}
      </button>
      <BusyButton type="submit" className="primary" busy={busy} busyText={t.saving}>
        {submitText ?? t.save}
      </BusyButton>
    </div>
  )
}

export interface FieldProps {
  id: string
  'aria-invalid'?: true
  'aria-describedby'?: string
}

/** "12.5" → 1250; undefined when it is not an amount of yuan with at most two decimals. */
export const parseYuan = (text: string): number | undefined => parseYuanAmount(text) ?? undefined

/** "12" → 12; undefined unless a whole number ≥ min. */
export function parseWhole(text: string, min = 0): number | undefined {
  if (!/^\s*\d{1,9}\s*$/.test(text)) return undefined
  const n = Number(text)
  return n >= min ? n : undefined
}

/** Today in local time as an <input type="date"> value. */
export function todayText(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
