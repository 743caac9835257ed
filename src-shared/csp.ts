// The page's Content Security Policy, one for every way the renderer is shown: the Electron
// window sends it as a header (src-main/electron/main.ts), `pos serve` with every file it serves
// (src-main/http/static-files.ts), and index.html carries the <meta> part for file:// pages.

// img-src allows data: because payment QR codes are drawn as data URLs. This is also the
// <meta> policy in index.html; frame-ancestors is header-only (browsers ignore it in <meta>).
export const metaContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ')

export const contentSecurityPolicy = `${metaContentSecurityPolicy}; frame-ancestors 'none'`

// Only for `electron-vite dev`: Vite injects inline scripts and styles and talks to its own
// websocket for hot reload. A packaged app never uses this.
export function relaxForDevServer(policy: string): string {
  return policy
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*")
}
