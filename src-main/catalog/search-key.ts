// What a goods search matches besides the name and the barcode: the name in pinyin, whole and as
// initials, so that a cashier finds 进口香蕉 by typing "xiangjiao" or "xj" on a keyboard with no
// Chinese input method. Kept in goods_sku.search_key, written with the name.
import { pinyin } from 'pinyin-pro'

/**
 * "进口香蕉 一把" → "jinkouxiangjiaoyiba|jkxjyb": lower case, no tones, no spaces. Letters and
 * digits in the name stay as they are (lower-cased), in both parts.
 */
export function searchKeyOf(name: string): string {
  const parts = pinyin(name, { toneType: 'none', type: 'all', nonZh: 'consecutive', v: true })
    .map((p) => ({ text: (p.isZh ? p.pinyin : p.origin).toLowerCase().replace(/[^0-9a-z]/g, ''), zh: p.isZh }))
    .filter((p) => p.text !== '')
  const whole = parts.map((p) => p.text).join('')
  // A Chinese character gives its first letter; letters and digits around them stay whole.
  const initials = parts.map((p) => (p.zh ? p.text.slice(0, 1) : p.text)).join('')
  return `${whole}|${initials}`
}

/** The typed text as it is compared with search keys: lower case, no spaces. */
export const searchKeyQuery = (query: string) => query.toLowerCase().replace(/\s+/g, '')
