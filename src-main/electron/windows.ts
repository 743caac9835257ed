import { join } from 'node:path'
import { app, BrowserWindow, screen, type BrowserWindowConstructorOptions } from 'electron'
import { type RendererLocation, windowPreferences } from './hardening'

const preloadPath = join(import.meta.dirname, '../preload/index.cjs')

/** The dev server only when unpackaged, so an environment variable cannot point a till elsewhere. */
export function rendererLocation(isPackaged: boolean): RendererLocation {
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (!isPackaged && devUrl) return { kind: 'url', url: devUrl }
  return { kind: 'file', path: join(import.meta.dirname, '../renderer/index.html') }
}

export function openCashierWindow(renderer: RendererLocation): BrowserWindow {
  const window = createWindow(renderer, '', { width: 1280, height: 800, minWidth: 1024, minHeight: 640 })
  window.once('ready-to-show', () => window.show())
  return window
}

/** Full screen on a second display when there is one, otherwise a plain window beside the till. */
export function openCustomerDisplay(renderer: RendererLocation): BrowserWindow {
  const primary = screen.getPrimaryDisplay()
  const second = screen.getAllDisplays().find((display) => display.id !== primary.id)
  const placement = second ? { ...second.bounds, fullscreen: true, frame: false } : { width: 800, height: 600 }
  const window = createWindow(renderer, '/customer', placement)
  // Inactive, so the barcode scanner's keystrokes keep going to the cashier window.
  window.once('ready-to-show', () => window.showInactive())
  return window
}

function createWindow(
  renderer: RendererLocation,
  route: string,
  options: BrowserWindowConstructorOptions,
): BrowserWindow {
  const window = new BrowserWindow({
    ...options,
    show: false,
    title: 'FreshTill',
    autoHideMenuBar: true,
    webPreferences: { ...windowPreferences(app.isPackaged), preload: preloadPath },
  })
  if (renderer.kind === 'url') void window.loadURL(route ? `${renderer.url}#${route}` : renderer.url)
  else void window.loadFile(renderer.path, route ? { hash: route } : {})
  return window
}
