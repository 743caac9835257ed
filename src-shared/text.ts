// The one rule for text people type (docs/ERRORS.md, "The text rule"): every free-text field of
// the contract is built here, so a name, an address or a comment is checked the same way on
// every method, and the form is told which field was refused.
import { z } from 'zod'

export interface TextRule {
  /** Most characters (Unicode code points, as MySQL's utf8mb4 varchar counts them), after the rest. */
  max: number
  /** Fewest characters; 1 makes the field required (blank after trimming is refused). */
  min?: number
  /** A field of several lines (a review comment) may hold '\n'; no other control character. */
  multiline?: boolean
  /**
   * Keep the text exactly as typed: no NFC, no trimming. For secrets and file paths, whose
   * characters are compared or looked up byte for byte — see `password` in contract/method.ts.
   */
  asTyped?: boolean
}

/** What each field's rule is, for the contract's own tests to find every text field. */
export const textRules = z.registry<Required<TextRule>>()

/** Length as people and MySQL count it: code points, so '🍎' is one character, not two. */
export const characters = (s: string): number => [...s].length

// A lone surrogate cannot be stored as UTF-8 (it would silently become U+FFFD), so it is refused.
const loneSurrogate = /\p{Cs}/u
// C0, DEL and C1 controls (NUL, ESC, CR, LF, tab…) and the line and paragraph separators.
const control = /[\p{Cc}\p{Zl}\p{Zp}]/u
const controlButNewline = /[^\P{Cc}\n]|[\p{Zl}\p{Zp}]/u
// Embeddings, overrides, isolates and the direction marks: they make text read differently from
// what it holds (a right-to-left override turns "gpj.exe" into "exe.jpg" on screen).
const bidiControl = /\p{Bidi_Control}/u

/** A free-text field: refused if it holds what a screen or receipt cannot show truthfully. */
export function text(rule: TextRule): z.ZodString {
  const { max, min = 0, multiline = false, asTyped = false } = rule
  const refused = multiline ? controlButNewline : control
  let schema = z
    .string()
    .refine((s) => !loneSurrogate.test(s), 'a broken character (lone surrogate)')
    .refine((s) => !refused.test(s), multiline ? 'no control characters but new lines' : 'no control characters')
    .refine((s) => !bidiControl.test(s), 'no text-direction characters')
  if (!asTyped) schema = schema.normalize('NFC').trim()
  return schema
    .refine((s) => characters(s) >= min, min === 1 ? 'required' : `at least ${min} characters`)
    .refine((s) => characters(s) <= max, `at most ${max} characters`)
    .register(textRules, { max, min, multiline, asTyped })
}
