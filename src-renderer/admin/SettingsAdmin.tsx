// 设置: freight and its free threshold, how long unpaid orders keep their stock, how long parked
// sales wait, whether counter sales ask the customer for a rating, the cashier's discount limit
// and which 抹零 the till offers (docs/DISCOUNTS.md), the till's display name, the
// default language and the scale label formats (one a line, "22/13/5/amount"). Only changed
// settings are sent;
// the server's INVALID_INPUT fields are shown next to their inputs.
import { useState, type FormEvent } from 'react'
import type { Language, RoundDownOffer, ShopSettings } from '../../src-shared/contract'
import { ErrorMessage } from '../components/ErrorMessage'
import { LoadStatus } from '../components/LoadStatus'
import { Notice } from '../components/Notice'
import { fenToYuanString } from '../../src-shared/money'
import { formatToText, textToFormat } from '../../src-shared/scale-label'
import { useLoad } from '../use-call'
import { AdminSection, Field, FormButtons, useEditedForm, useFormSend, parseWhole, parseYuan } from './kit'
import { useStrings } from '../strings'

interface Form {
  freight: string
  freeFrom: string
  unpaid: string
  parked: string
  name: string
  language: Language
  scaleFormats: string
  ratings: 'yes' | 'no'
  cashOut: string
  discountLimit: string
  roundDown: RoundDownOffer
}

const toForm = (s: ShopSettings): Form => ({
  freight: fenToYuanString(s.freightFen),
  freeFrom: fenToYuanString(s.freeFreightFromFen),
  unpaid: String(s.unpaidTtlMinutes),
  parked: String(s.parkedSaleHours),
  name: s.tillDisplayName,
  language: s.defaultLanguage,
  scaleFormats: s.scaleLabelFormats.map(formatToText).join('\n'),
  ratings: s.askForRatings ? 'yes' : 'no',
  cashOut: fenToYuanString(s.cashOutApprovalFen),
  discountLimit: String(s.discountLimitPercent),
  roundDown: s.roundDown,
})

/** The server names a format's own field (scaleLabelFormats.0.codeDigits): shown under the one box. */
function formatsError(fields: Record<string, string>): string | undefined {
  const key = Object.keys(fields).find((k) => k.startsWith('scaleLabelFormats'))
  return key === undefined ? undefined : `${key.replace(/^scaleLabelFormats\.?/, '')} ${fields[key] ?? ''}`.trim()
}

export function SettingsAdmin() {
  const t = useStrings()
  const settings = useLoad(() => window.pos['settings.get']({}), [])
  const saved = settings.data
  const { form, edit, reset } = useEditedForm(saved, toForm)
  const { fields, setFields, error, setError, busy, send } = useFormSend()
  const [notice, setNotice] = useState<string | null>(null)

  async function save(event: FormEvent) {
    event.preventDefault()
    if (!form || !saved) return
    setError(null)
    setNotice(null)
    const freightFen = parseYuan(form.freight)
    const freeFreightFromFen = parseYuan(form.freeFrom)
    const unpaidTtlMinutes = parseWhole(form.unpaid, 0)
    const parkedSaleHours = parseWhole(form.parked, 0)
    const cashOutApprovalFen = parseYuan(form.cashOut)
    const discountLimitPercent = parseWhole(form.discountLimit, 0)
    const local: Record<string, string> = {}
    if (freightFen === undefined) local.freightFen = t.fieldHints.freightFen
    if (freeFreightFromFen === undefined) local.freeFreightFromFen = t.fieldHints.freeFreightFromFen
    if (unpaidTtlMinutes === undefined) local.unpaidTtlMinutes = t.fieldHints.unpaidTtlMinutes
    if (parkedSaleHours === undefined) local.parkedSaleHours = t.fieldHints.parkedSaleHours
    if (cashOutApprovalFen === undefined) local.cashOutApprovalFen = t.fieldHints.cashOutApprovalFen
    if (discountLimitPercent === undefined) local.discountLimitPercent = t.fieldHints.discountLimitPercent
    const formatLines = form.scaleFormats.split('\n').filter((line) => line.trim() !== '')
    const scaleLabelFormats = formatLines.map(textToFormat)
    if (scaleLabelFormats.includes(null)) local.scaleLabelFormats = t.fieldHints.scaleLabelFormats
    setFields(local)
    if (Object.keys(local).length) return
    const next: ShopSettings = {
      freightFen: freightFen ?? saved.freightFen,
      freeFreightFromFen: freeFreightFromFen ?? saved.freeFreightFromFen,
      unpaidTtlMinutes: unpaidTtlMinutes ?? saved.unpaidTtlMinutes,
      parkedSaleHours: parkedSaleHours ?? saved.parkedSaleHours,
      tillDisplayName: form.name.trim(),
      defaultLanguage: form.language,
      scaleLabelFormats: scaleLabelFormats.filter((f) => f !== null),
      askForRatings: form.ratings === 'yes',
      cashOutApprovalFen: cashOutApprovalFen ?? saved.cashOutApprovalFen,
      discountLimitPercent: discountLimitPercent ?? saved.discountLimitPercent,
      roundDown: form.roundDown,
    }
    const changes = Object.fromEntries(
      Object.entries(next).filter(([k, v]) => JSON.stringify(saved[k as keyof ShopSettings]) !== JSON.stringify(v)),
    ) as Partial<ShopSettings>
    if (Object.keys(changes).length === 0) return setNotice(t.nothingChanged)
    await send(
      () => window.pos['settings.update'](changes),
      (next) => {
        settings.setData(next)
        reset()
        setNotice(t.settingsSaved)
      },
    )
  }

  const bind = (name: keyof Form) => ({
    value: form?.[name] ?? '',
    onChange: (e: { target: { value: string } }) => edit({ [name]: e.target.value }),
  })

  return (
    <AdminSection title={t.settingsTitle}>
      <LoadStatus load={settings} />
      {form && (
        <form className="panel admin-form settings-form" onSubmit={(e) => void save(e)} noValidate>
          <div className="form-row">
            <Field label={t.freightYuan} error={fields.freightFen}>
              {(p) => <input {...p} {...bind('freight')} inputMode="decimal" />}
            </Field>
            <Field label={t.freeFreightFrom} error={fields.freeFreightFromFen}>
              {(p) => <input {...p} {...bind('freeFrom')} inputMode="decimal" />}
            </Field>
          </div>
          <Field label={t.unpaidMinutes} error={fields.unpaidTtlMinutes}>
            {(p) => <input {...p} {...bind('unpaid')} inputMode="numeric" />}
          </Field>
          <Field label={t.parkedHours} error={fields.parkedSaleHours}>
            {(p) => <input {...p} {...bind('parked')} inputMode="numeric" />}
          </Field>
          <Field label={t.tillDisplayName} error={fields.tillDisplayName}>
            {(p) => <input {...p} {...bind('name')} maxLength={64} />}
          </Field>
          <Field label={t.defaultLanguage} error={fields.defaultLanguage}>
            {(p) => (
              <select {...p} {...bind('language')}>
                <option value="zh">{t.languageNames.zh}</option>
                <option value="en">{t.languageNames.en}</option>
              </select>
            )}
          </Field>
          <Field label={t.scaleLabelFormats} error={formatsError(fields)}>
            {(p) => <textarea {...p} {...bind('scaleFormats')} rows={3} spellCheck={false} />}
          </Field>
          <p className="muted">{t.scaleLabelFormatsHint}</p>
          <Field label={t.askForRatings} error={fields.askForRatings}>
            {(p) => (
              <select {...p} {...bind('ratings')}>
                <option value="no">{t.ratingsOff}</option>
                <option value="yes">{t.ratingsOn}</option>
              </select>
            )}
          </Field>
          <Field label={t.cashOutApproval} error={fields.cashOutApprovalFen}>
            {(p) => <input {...p} {...bind('cashOut')} inputMode="decimal" />}
          </Field>
          <div className="form-row">
            <Field label={t.discountLimitPercent} error={fields.discountLimitPercent}>
              {(p) => <input {...p} {...bind('discountLimit')} inputMode="numeric" />}
            </Field>
            <Field label={t.roundDownOffer} error={fields.roundDown}>
              {(p) => (
                <select {...p} {...bind('roundDown')}>
                  <option value="off">{t.roundDownNames.off}</option>
                  <option value="fen">{t.roundDownNames.fen}</option>
                  <option value="jiao">{t.roundDownNames.jiao}</option>
                </select>
              )}
            </Field>
          </div>
          <ErrorMessage error={error} />
          <Notice text={notice} />
          <FormButtons
            onCancel={() => (reset(), setFields({}), setError(null))}
            cancelText={t.resetSearch}
            busy={busy}
          />
        </form>
      )}
    </AdminSection>
  )
}
