// The one text rule (src-shared/text.ts): what it refuses, what it changes, how it counts.
import { describe, expect, it } from 'vitest'
import { characters, text, textRules } from '../../src-shared/text'

const name = text({ min: 1, max: 4 })
const comment = text({ max: 4, multiline: true })
const secret = text({ min: 1, max: 4, asTyped: true })

const refusal = (schema: typeof name, value: unknown): string | undefined =>
  schema.safeParse(value).error?.issues[0]?.message

describe('the text rule', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['ESC sequence', '\u001b[31m'],
    ['CR', 'a\rb'],
    ['LF', 'a\nb'],
    ['tab', 'a\tb'],
    ['DEL', 'a\u007fb'],
    ['C1 control (NEL)', 'a\u0085b'],
    ['line separator', 'a\u2028b'],
    ['paragraph separator', 'a\u2029b'],
  ])('refuses a control character: %s', (_, value) => {
    expect(refusal(name, value)).toBe('no control characters')
    expect(refusal(secret, value)).toBe('no control characters')
  })

  it.each([
    ['right-to-left override', '\u202e'],
    ['left-to-right override', '\u202d'],
    ['embedding', '\u202b'],
    ['pop', '\u202c'],
    ['isolate', '\u2067'],
    ['pop isolate', '\u2069'],
    ['right-to-left mark', '\u200f'],
    ['Arabic letter mark', '\u061c'],
  ])('refuses a text-direction character: %s', (_, mark) => {
    expect(refusal(name, `a${mark}b`)).toBe('no text-direction characters')
    expect(refusal(comment, `a${mark}b`)).toBe('no text-direction characters')
    expect(refusal(secret, `a${mark}b`)).toBe('no text-direction characters')
  })

  it('refuses a lone surrogate, high or low, rather than changing it', () => {
    for (const value of ['a\ud83c', '\udf4e', 'a\udf4e\ud83cb']) {
      expect(refusal(name, value)).toBe('a broken character (lone surrogate)')
      expect(refusal(secret, value)).toBe('a broken character (lone surrogate)')
    }
    expect(name.parse('\ud83c\udf4e')).toBe('🍎')
  })

  it('a multi-line field takes \\n and nothing else of the controls', () => {
    expect(comment.parse('a\nb')).toBe('a\nb')
    for (const value of ['a\r\nb', 'a\rb', 'a\tb', '\u0000', 'a\u2028b']) {
      expect(refusal(comment, value)).toBe('no control characters but new lines')
    }
  })

  it('stores NFC and trims; counts code points after that', () => {
    expect(name.parse('Cafe\u0301')).toBe('Caf\u00e9')
    expect(name.parse('  苹果 ')).toBe('苹果')
    // Five code points typed, four once composed: it fits.
    expect(name.parse('abe\u0301')).toBe('ab\u00e9')
    expect(refusal(name, '   ')).toBe('required')
    expect(refusal(name, '')).toBe('required')
  })

  it('counts characters, not UTF-16 units: four apples fit, five do not', () => {
    expect(characters('🍎🍎')).toBe(2)
    expect(name.parse('🍎🍎🍎🍎')).toBe('🍎🍎🍎🍎')
    expect(refusal(name, '🍎🍎🍎🍎🍎')).toBe('at most 4 characters')
    expect(refusal(name, 'abcde')).toBe('at most 4 characters')
    expect(text({ min: 2, max: 4 }).safeParse('🍎').error?.issues[0]?.message).toBe('at least 2 characters')
  })

  it('keeps a secret exactly as typed: neither NFC nor trimmed', () => {
    expect(secret.parse(' e\u0301 ')).toBe(' e\u0301 ')
  })

  it('refuses what is not a string', () => {
    for (const value of [1, null, undefined, ['a'], { a: 1 }]) expect(name.safeParse(value).success).toBe(false)
  })

  it('keeps its rule on the schema, through the modifiers a field adds', () => {
    expect(textRules.get(comment.optional().unwrap())).toEqual({ max: 4, min: 0, multiline: true, asTyped: false })
    expect(textRules.get(name.regex(/^[^<>]*$/))).toEqual({ max: 4, min: 1, multiline: false, asTyped: false })
  })
})
