// Electron's security checklist, applied in one place: the menu, navigation, new windows,
// webviews, permissions, the CSP header, and who may send us IPC messages.
import { app, type IpcMainInvokeEvent, Menu, type Session } from 'electron'
import { ipcChannelPrefix, isOwnRendererUrl, type RendererLocation } from './hardening'

/**
 * A packaged till has no application menu: Electron's default one offers DevTools, reload and
 * force-reload (with their keyboard shortcuts) to anyone at the counter, and a reload would drop
 * the session the preload holds. Set before 'ready', so that Electron never installs its default.
 * Unpackaged (a developer's `npm start`) keeps it.
 */
export function removeDefaultMenu(isPackaged: boolean): void {
  if (isPackaged) Menu.setApplicationMenu(null)
}

/** Must run before the first window exists, so that no web contents escapes it. */
export function denyNavigationAndPopups(): void {
  app.on('web-contents-created', (_event, contents) => {
    // Hash routes (#/customer) are in-page navigation and do not fire will-navigate.
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}

export function hardenSession(session: Session, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  // Covers content served over HTTP (the dev server); file:// pages get the same policy from
  // the meta tag in index.html.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })
}

/**
 * Like VS Code's ipcMain wrapper: a message counts only if it is on one of our channels, comes
 * from a main frame (not an iframe) and that frame shows our own renderer page.
 */
export function isTrustedSender(channel: string, event: IpcMainInvokeEvent, renderer: RendererLocation): boolean {
  const frame = event.senderFrame
  return (
    channel.startsWith(ipcChannelPrefix) &&
    frame !== null &&
    frame.parent === null &&
    isOwnRendererUrl(frame.url, renderer)
  )
}
