// The system print dialog for a receipt: the page made exactly as wide as the paper (58 or
// 80 mm) and as long as the receipt, then window.print(). The page rule goes in a constructed
// style sheet: the page's CSP (style-src 'self') refuses a <style> element made at run time.
import type { PaperWidth } from '../../src-shared/receipt'

const pageRule = new CSSStyleSheet()
const MM_PER_CSS_PX = 25.4 / 96

export function printReceipt(receipt: HTMLElement | null, paperWidth: PaperWidth): void {
  const lengthMm = receipt ? Math.ceil(receipt.scrollHeight * MM_PER_CSS_PX) + 8 : 200
  pageRule.replaceSync(`@page { size: ${paperWidth}mm ${lengthMm}mm; margin: 2mm; }`)
  if (!document.adoptedStyleSheets.includes(pageRule))
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageRule]
  window.print()
}
