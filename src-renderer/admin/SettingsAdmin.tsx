// 设置: freight and its free threshold, how long unpaid orders keep their stock, the till's display
// name and the default language. Only changed settings are sent; the server's INVALID_INPUT
// fields are shown next to their inputs.
import { useEffect, useState, type FormEvent } from 'react'
import type { Language, ShopSettings } from '../../src-shared/contract'
import { ErrorMessage } from '../components/ErrorMessage'
import { useErrorText, useStrings } from '../store'
import { Field, parseWhole, parseYuan, yuanText } from './kit'
import { fieldErrors, formErrorText, useAdminStrings } from './strings'

interface Form {
  freight: string
  freeFrom: string
  unpaid: string
  name: string
  language: Language
}

const toForm = (s: ShopSettings): Form => ({
  freight: yuanText(s.freightFen),
  freeFrom: yuanText(s.freeFreightFromFen),
  unpaid: String(s.unpaidTtlMinutes),
  name: s.tillDisplayName,
  language: s.defaultLanguage,
})

export function SettingsAdmin() {
  const a = useAdminStrings()
  const t = useStrings()
  const errorText = useErrorText()
  const [saved, setSaved] = useState<ShopSettings | null>(null)
  const [form, setForm] = useState<Form | null>(null)
  const [fields, setFields] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let current = true
    void window.pos['settings.get']({})
      .then((r) => {
        if (!current) return
        if (r.ok) {
          setSaved(r.data)
          setForm(toForm(r.data))
        } else setError(errorText(r.error))
      })
      .catch(() => current && setError(t.unreachable))
    return () => {
      current = false
    }
  }, [])

  async function save(event: FormEvent) {
    event.preventDefault()
    if (!form || !saved) return
    setError(null)
    setNotice(null)
    const freightFen = parseYuan(form.freight)
    const freeFreightFromFen = parseYuan(form.freeFrom)
    const unpaidTtlMinutes = parseWhole(form.unpaid, 0)
    const local: Record<string, string> = {}
    if (freightFen === undefined) local.freightFen = a.fieldHints.freightFen ?? ''
    if (freeFreightFromFen === undefined) local.freeFreightFromFen = a.fieldHints.freeFreightFromFen ?? ''
    if (unpaidTtlMinutes === undefined) local.unpaidTtlMinutes = a.fieldHints.unpaidTtlMinutes ?? ''
    setFields(local)
    if (Object.keys(local).length) return
    const next: ShopSettings = {
      freightFen: freightFen ?? saved.freightFen,
      freeFreightFromFen: freeFreightFromFen ?? saved.freeFreightFromFen,
      unpaidTtlMinutes: unpaidTtlMinutes ?? saved.unpaidTtlMinutes,
      tillDisplayName: form.name.trim(),
      defaultLanguage: form.language,
    }
    const changes = Object.fromEntries(Object.entries(next).filter(([k, v]) => saved[k as keyof ShopSettings] !== v)) as Partial<ShopSettings>
    if (Object.keys(changes).length === 0) return setNotice(a.nothingChanged)
    setBusy(true)
    try {
      const r = await window.pos['settings.update'](changes)
      if (r.ok) {
        setSaved(r.data)
        setForm(toForm(r.data))
        setNotice(a.settingsSaved)
      } else {
        setFields(fieldErrors(r.error.details, a.fieldHints))
        setError(formErrorText(r.error, a.fieldHints, a.fixFields, errorText))
      }
    } catch {
      setError(t.unreachable)
    } finally {
      setBusy(false)
    }
  }

  const bind = (name: keyof Form) => ({
    value: form?.[name] ?? '',
    onChange: (e: { target: { value: string } }) => setForm((f) => f && { ...f, [name]: e.target.value }),
  })

  return (
    <div className="admin-section">
      <div className="admin-head">
        <h1>{a.settingsTitle}</h1>
      </div>
      {!form && !error && <p className="muted">{t.loading}</p>}
      {!form && <ErrorMessage text={error} />}
      {form && (
        <form className="panel admin-form settings-form" onSubmit={(e) => void save(e)} noValidate>
          <div className="form-row">
            <Field label={a.freight} error={fields.freightFen}>
              {(p) => <input {...p} {...bind('freight')} inputMode="decimal" />}
            </Field>
            <Field label={a.freeFreightFrom} error={fields.freeFreightFromFen}>
              {(p) => <input {...p} {...bind('freeFrom')} inputMode="decimal" />}
            </Field>
          </div>
          <Field label={a.unpaidMinutes} error={fields.unpaidTtlMinutes}>
            {(p) => <input {...p} {...bind('unpaid')} inputMode="numeric" />}
          </Field>
          <Field label={a.tillDisplayName} error={fields.tillDisplayName}>
            {(p) => <input {...p} {...bind('name')} maxLength={64} />}
          </Field>
          <Field label={a.defaultLanguage} error={fields.defaultLanguage}>
            {(p) => (
              <select {...p} {...bind('language')}>
                <option value="zh">{a.languages.zh}</option>
                <option value="en">{a.languages.en}</option>
              </select>
            )}
          </Field>
          <ErrorMessage text={error} />
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => saved && (setForm(toForm(saved)), setFields({}), setError(null))}>
              {t.resetSearch}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? a.saving : a.save}
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
