// Every text the till shows, in Chinese (the default) and English: one catalogue per language,
// written in per-area files. The Chinese catalogue gives the shape; the English one is checked
// against it, so a key missing in either is a type error. A text is written under one key only
// (test/unit/strings.test.ts), and read through useStrings() or useErrorText().
import type { Language } from '../../src-shared/contract'
import type { ErrorBody } from '../../src-shared/errors'
import { useTill } from '../store'
import { adminEn, adminZh } from './admin'
import { commonEn, commonZh } from './common'
import { errorsEn, errorsZh, errorText } from './errors'
import { ordersEn, ordersZh } from './orders'
import { payEn, payZh } from './pay'
import { shiftsEn, shiftsZh } from './shifts'
import { tillEn, tillZh } from './till'
import { weightEn, weightZh } from './weight'

/** The catalogue's parts, each a set of keys no other part has (checked by the same test). */
export const stringParts = {
  zh: [commonZh, tillZh, ordersZh, payZh, adminZh, weightZh, shiftsZh],
  en: [commonEn, tillEn, ordersEn, payEn, adminEn, weightEn, shiftsEn],
}

const zh = {
  ...commonZh,
  ...tillZh,
  ...ordersZh,
  ...payZh,
  ...adminZh,
  ...weightZh,
  ...shiftsZh,
  errors: errorsZh,
}

export type Strings = typeof zh

export const strings: Record<Language, Strings> = {
  zh,
  en: {
    ...commonEn,
    ...tillEn,
    ...ordersEn,
    ...payEn,
    ...adminEn,
    ...weightEn,
    ...shiftsEn,
    errors: errorsEn,
  },
}

export function useStrings(): Strings {
  return strings[useTill((s) => s.language)]
}

/** Turns an error answer into the cashier's message in the current language. */
export function useErrorText(): (error: ErrorBody) => string {
  const t = useStrings()
  return (error) => errorText(error, t.errors)
}
