// The security settings of every window, kept free of Electron imports (the type import is
// erased) so that plain Node tests can check them on machines without the Electron binary.
import { pathToFileURL } from 'node:url'
import type { WebPreferences } from 'electron'

export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
} as const satisfies WebPreferences

/**
 * A window's settings: the checklist's, and DevTools only when the app runs unpackaged (a
 * developer's `npm start`). At the counter nobody may open DevTools to read the page or call the
 * contract by hand (docs/DESKTOP.md).
 */
export function windowPreferences(isPackaged: boolean) {
  return { ...secureWebPreferences, devTools: !isPackaged } as const satisfies WebPreferences
}

/** Where the renderer comes from: the built file, or the dev server during development. */
export type RendererLocation = { kind: 'file'; path: string } | { kind: 'url'; url: string }

/** True when `url` is our renderer page (any hash or query), never another file or origin. */
export function isOwnRendererUrl(url: string, renderer: RendererLocation): boolean {
  let sender: URL
  try {
    sender = new URL(url)
  } catch {
    return false
  }
  if (renderer.kind === 'url') {
    const own = new URL(renderer.url)
    return sender.protocol === own.protocol && sender.host === own.host
  }
  // file:// pages all share the opaque origin "null", so compare the exact file instead.
  const own = pathToFileURL(renderer.path)
  return sender.protocol === 'file:' && sender.host === '' && sender.pathname === own.pathname
}

/** Our IPC channels share this prefix; a message on any other channel is refused. */
export const ipcChannelPrefix = 'pos:'
