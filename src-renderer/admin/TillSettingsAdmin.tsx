// 本机设置: this till's connection settings (the settings file in the app's data folder). Values
// the environment sets are shown read-only: they win over the file. Only changed keys are sent
// ('' removes one); passwords come back masked ('***') and a masked value sent back keeps the
// stored password. Saved settings apply on the next start, which the screen says — but for the
// receipt printer's, which the till reads at every print.
import { useState, type FormEvent } from 'react'
import { type TillSettingKey, tillSettingKeys, type TillSettingsView } from '../../src-shared/contract'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { Notice } from '../components/Notice'
import { paperWidths } from '../../src-shared/receipt'
import { useAction, useLoad } from '../use-call'
import { AdminSection, Field, FormButtons, useEditedForm } from './kit'
import { useStrings } from '../strings'
import { useTill } from '../store'

type Form = Record<TillSettingKey, string>

const toForm = (view: TillSettingsView): Form =>
  Object.fromEntries(tillSettingKeys.map((key) => [key, view.overridden[key] ?? view.values[key] ?? ''])) as Form

const strategies = ['atomic', 'pessimistic', 'optimistic']

export function TillSettingsAdmin() {
  const t = useStrings()
  const alipayOff = useTill((s) => s.info?.alipay === 'off')
  const settings = useLoad(() => window.pos['till.settings.get']({}), [])
  const view = settings.data
  const { form, edit, reset } = useEditedForm(view, toForm)
  const [fields, setFields] = useState<Record<string, string>>({})
  const saving = useAction()
  const [notice, setNotice] = useState<string | null>(null)

  async function save(event: FormEvent) {
    event.preventDefault()
    if (!form || !view) return
    saving.setError(null)
    setNotice(null)
    setFields({})
    const changes: Partial<Form> = {}
    for (const key of tillSettingKeys) {
      if (view.overridden[key] !== undefined) continue
      const value = form[key].trim()
      if (value !== (view.values[key] ?? '')) changes[key] = value
    }
    if (Object.keys(changes).length === 0) return setNotice(t.nothingChanged)
    const r = await saving.run(() => window.pos['till.settings.update']({ values: changes }))
    if (!r) return
    if (r.ok) {
      settings.setData(r.data)
      reset()
      setNotice(r.data.restartRequired ? t.tillSaved : t.tillSavedNow)
      return
    }
    const refused = r.error.details?.fields
    if (r.error.code === 'INVALID_INPUT' && typeof refused === 'object' && refused !== null) {
      setFields(Object.fromEntries(Object.entries(refused).map(([k, m]) => [k, t.tillInvalid(String(m))])))
      saving.setError(t.fixFields)
    }
  }

  const bind = (key: TillSettingKey) => ({
    value: form?.[key] ?? '',
    readOnly: view?.overridden[key] !== undefined,
    onChange: (e: { target: { value: string } }) => edit({ [key]: e.target.value }),
  })

  return (
    <AdminSection title={t.thisTill}>
      <p className="muted">{t.tillIntro}</p>
      {alipayOff && (
        <p role="status" className="alipay-off-hint" data-testid="alipay-off-hint">
          {t.alipayOffSettings}
        </p>
      )}
      <LoadStatus load={settings} />
      {form && view && (
        <form className="panel admin-form settings-form till-settings-form" onSubmit={(e) => void save(e)} noValidate>
          <Notice text={view.restartRequired && !notice ? t.tillPending : null} />
          {tillSettingKeys.map((key) => {
            const overridden = view.overridden[key] !== undefined
            const label = `${t.tillLabels[key] ?? key} (${key})`
            return (
              <Field key={key} label={label} error={fields[key]}>
                {(p) => (
                  <>
                    {key === 'POS_STOCK_STRATEGY' && !overridden ? (
                      <select {...p} {...bind(key)}>
                        <option value="">{t.strategyDefault}</option>
                        {strategies.map((s) => (
                          <option key={s} value={s}>
                            {s}
                          </option>
                        ))}
                      </select>
                    ) : key === 'POS_PAPER_WIDTH' && !overridden ? (
                      <select {...p} {...bind(key)} data-setting={key}>
                        <option value="">{t.paperWidthDefault}</option>
                        {paperWidths.map((mm) => (
                          <option key={mm} value={String(mm)}>
                            {t.paperWidthOption(mm)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        {...p}
                        {...bind(key)}
                        placeholder={t.tillPlaceholders[key]}
                        spellCheck={false}
                        autoComplete="off"
                        data-setting={key}
                      />
                    )}
                    {overridden && <span className="muted small">{t.tillOverridden(key)}</span>}
                  </>
                )}
              </Field>
            )
          })}
          <p className="muted small">{t.tillFile(view.file)}</p>
          <ErrorMessage error={saving.error} />
          <Notice text={notice} />
          <FormButtons
            onCancel={() => (reset(), setFields({}), saving.setError(null), setNotice(null))}
            cancelText={t.resetSearch}
            busy={saving.busy}
          />
        </form>
      )}
    </AdminSection>
  )
}
