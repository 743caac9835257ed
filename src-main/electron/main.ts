// The desktop shell: config → app → hardened windows bound to the contract over IPC.
import { app, session } from 'electron'
import { createApp } from '../app'
import type { Config } from '../config'
import { loadTillConfig } from '../till-settings'
import { contentSecurityPolicy, relaxForDevServer } from '../../src-shared/csp'
import { bindContract } from './ipc'
import { denyNavigationAndPopups, hardenSession, removeDefaultMenu } from './security'
import { openCashierWindow, openCustomerDisplay, rendererLocation } from './windows'

app.enableSandbox()
removeDefaultMenu(app.isPackaged)
denyNavigationAndPopups()
app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    console.error('FreshTill could not start:', error)
    app.exit(1)
  })

async function start(): Promise<void> {
  let config: Config
  try {
    // The app's data folder is Electron's per-user folder unless the operator chose one; the
    // settings screen's file there is read too (the environment wins over it).
    config = loadTillConfig({ POS_DATA_DIR: app.getPath('userData'), ...process.env })
  } catch (error) {
    // A bad setting: its message is the one line the operator needs.
    console.error(error instanceof Error ? error.message : String(error))
    app.exit(1)
    return
  }
  const pos = await createApp(config)
  closeOnQuit(pos)

  if (process.env.FRESHTILL_SMOKE === '1') {
    console.log('smoke ok')
    app.quit()
    return
  }

  const renderer = rendererLocation(app.isPackaged)
  hardenSession(
    session.defaultSession,
    renderer.kind === 'url' ? relaxForDevServer(contentSecurityPolicy) : contentSecurityPolicy,
  )
  bindContract(pos, renderer)
  const cashier = openCashierWindow(renderer)
  openCustomerDisplay(renderer)
  // The customer display alone must not keep the app running.
  cashier.on('closed', () => app.quit())
}

function closeOnQuit(pos: { close(): Promise<void> }): void {
  let closed = false
  app.on('before-quit', (event) => {
    if (closed) return
    event.preventDefault()
    closed = true
    pos
      .close()
      .catch((error: unknown) => console.error('closing the app failed', error))
      .finally(() => app.quit())
  })
}
