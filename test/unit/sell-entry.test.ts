import { describe, expect, it } from 'vitest'
import { looksLikeBarcode, readEntry } from '../../src-renderer/pages/sell-entry'

describe('the sell field as Enter reads it', () => {
  it('reads a multiplier before a scan or a name', () => {
    expect(readEntry('3*6920000000001')).toEqual({ times: 3, rest: '6920000000001' })
    expect(readEntry(' 12 x 香蕉 ')).toEqual({ times: 12, rest: '香蕉' })
    expect(readEntry('2×xj')).toEqual({ times: 2, rest: 'xj' })
    expect(readEntry('3*')).toEqual({ times: 3, rest: '' })
  })

  it('takes text without a multiplier as one', () => {
    expect(readEntry('6920000000001')).toEqual({ times: 1, rest: '6920000000001' })
    expect(readEntry('红富士')).toEqual({ times: 1, rest: '红富士' })
    // A name that merely starts with digits and no sign is a name.
    expect(readEntry('250ml')).toEqual({ times: 1, rest: '250ml' })
  })

  it('refuses a multiplier of 0; four digits are no multiplier (past a line’s limit of 999)', () => {
    expect(readEntry('0*6920000000001')).toBeNull()
    // Not a barcode and not a name: the search finds nothing and says so.
    expect(readEntry('1000*6920000000001')).toEqual({ times: 1, rest: '1000*6920000000001' })
  })

  it('tells barcodes from names', () => {
    expect(looksLikeBarcode('6920000000001')).toBe(true)
    expect(looksLikeBarcode('250ml')).toBe(false)
    expect(looksLikeBarcode('123')).toBe(false)
  })
})
