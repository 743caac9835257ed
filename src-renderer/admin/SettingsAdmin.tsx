// 设置: freight and its free threshold, how long unpaid orders keep their stock, the till's display
// name and the default language. Only changed settings are sent; the server's INVALID_INPUT
// fields are shown next to their inputs.
import { useState, type FormEvent } from 'react'
import type { Language, ShopSettings } from '../../src-shared/contract'
import { ErrorMessage } from '../components/ErrorMessage'
import { Notice } from '../components/Notice'
import { useStrings } from '../store'
import { fenToYuanString } from '../../src-shared/money'
import { Field, FormButtons, useFormSend, useLoadOnce, parseWhole, parseYuan } from './kit'
import { useAdminStrings } from './strings'

interface Form {
  freight: string
  freeFrom: string
  unpaid: string
  name: string
  language: Language
}

const toForm = (s: ShopSettings): Form => ({
  freight: fenToYuanString(s.freightFen),
  freeFrom: fenToYuanString(s.freeFreightFromFen),
  unpaid: String(s.unpaidTtlMinutes),
  name: s.tillDisplayName,
  language: s.defaultLanguage,
})

export function SettingsAdmin() {
  const a = useAdminStrings()
  const t = useStrings()
  const [saved, setSaved] = useState<ShopSettings | null>(null)
  const [form, setForm] = useState<Form | null>(null)
  const { fields, setFields, error, setError, busy, send } = useFormSend()
  const [notice, setNotice] = useState<string | null>(null)

  useLoadOnce(
    () => window.pos['settings.get']({}),
    (settings) => {
      setSaved(settings)
      setForm(toForm(settings))
    },
    setError,
  )

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
    const changes = Object.fromEntries(
      Object.entries(next).filter(([k, v]) => saved[k as keyof ShopSettings] !== v),
    ) as Partial<ShopSettings>
    if (Object.keys(changes).length === 0) return setNotice(a.nothingChanged)
    await send(
      () => window.pos['settings.update'](changes),
      (settings) => {
        setSaved(settings)
        setForm(toForm(settings))
        setNotice(a.settingsSaved)
      },
    )
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
          <Notice text={notice} />
          <FormButtons
            onCancel={() => saved && (setForm(toForm(saved)), setFields({}), setError(null))}
            cancelText={t.resetSearch}
            busy={busy}
          />
        </form>
      )}
    </div>
  )
}
