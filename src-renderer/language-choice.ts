// The language someone picked on this till's screen, kept in the page's storage so that a reload
// (or the next start of the desktop app) shows the same language. Until someone picks one, the
// shop's default applies. Storage may be unavailable (a locked-down browser): then the choice
// lasts until the reload, as before.
import { type Language, languages } from '../src-shared/contract'

const KEY = 'freshtill.language'

/** The page's localStorage; absent where this module runs outside a page (the store's tests). */
interface PageStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}
const storage = () => (globalThis as { localStorage?: PageStorage }).localStorage

export function pickedLanguage(): Language | null {
  try {
    const stored = storage()?.getItem(KEY)
    return languages.find((language) => language === stored) ?? null
  } catch {
    return null
  }
}

export function rememberLanguage(language: Language): void {
  try {
    storage()?.setItem(KEY, language)
  } catch {
    // Not kept: the screen still shows the language picked until it reloads.
  }
}
