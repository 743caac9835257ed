// The till's strings catalogue: the same keys in both languages, one key per text (a text under
// two keys drifts apart when one is changed), and parts that never share a key (a later part
// would silently replace an earlier one's text).
import { describe, expect, it } from 'vitest'
import { stringParts, strings } from '../../src-renderer/strings'

/** Every text by its path; a text with blanks ("库存 {n}") is written out with sample values. */
function texts(node: object, prefix = ''): [string, string][] {
  return Object.entries(node).flatMap(([key, value]): [string, string][] => {
    const path = prefix + key
    if (typeof value === 'function') {
      const fill = value as (...args: unknown[]) => unknown
      return [[path, String(fill(...Array<number>(fill.length).fill(7)))]]
    }
    if (typeof value === 'object' && value !== null) return texts(value as object, `${path}.`)
    return [[path, String(value)]]
  })
}

describe('the strings catalogue', () => {
  it('has the same keys in Chinese and English', () => {
    const paths = (language: 'zh' | 'en') => texts(strings[language]).map(([path]) => path)
    expect(paths('en')).toEqual(paths('zh'))
  })

  for (const language of ['zh', 'en'] as const) {
    it(`writes each ${language} text under one key only`, () => {
      const keysByText = new Map<string, string[]>()
      for (const [path, text] of texts(strings[language])) keysByText.set(text, [...(keysByText.get(text) ?? []), path])
      const repeated = [...keysByText].filter(([, paths]) => paths.length > 1)
      expect(repeated).toEqual([])
    })

    it(`builds the ${language} catalogue from parts that share no key`, () => {
      const keys = stringParts[language].flatMap((part) => Object.keys(part))
      expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([])
      expect(Object.keys(strings[language]).sort()).toEqual([...keys, 'errors'].sort())
    })
  }

  it('has a message for every error code, in both languages', async () => {
    const { errorCodes } = await import('../../src-shared/errors')
    expect(Object.keys(strings.zh.errors).sort()).toEqual([...errorCodes].sort())
    expect(Object.keys(strings.en.errors).sort()).toEqual([...errorCodes].sort())
  })
})
