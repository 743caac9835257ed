// The Electron shell, tested as far as this machine allows. The hardening settings, the menu, the
// fuses, the IPC sender check and the preload's token handling run under plain Node with
// 'electron' mocked (the fuses are flipped on a stand-in for the binary);
// the build output is checked for what a sandboxed preload needs; and when the real Electron
// binary is installed, the built app is started and must report that createApp succeeded.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  isOwnRendererUrl,
  secureWebPreferences,
  windowPreferences,
  type RendererLocation,
} from '../src-main/electron/hardening'
import { flipFreshtillFuses, freshtillFuses } from '../scripts/electron-fuses.mjs'
import { contentSecurityPolicy, metaContentSecurityPolicy } from '../src-shared/csp'
import { methodNames } from '../src-shared/contract'
import { skipSaying } from './support/skip'

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (...args: unknown[]) => Promise<unknown>>(),
  exposed: new Map<string, unknown>(),
  invoke: vi.fn<(...args: unknown[]) => Promise<unknown>>(),
  setApplicationMenu: vi.fn<(menu: unknown) => void>(),
}))

vi.mock('electron', () => ({
  app: { on: vi.fn() },
  Menu: { setApplicationMenu: electron.setApplicationMenu },
  ipcMain: {
    handle: (channel: string, handler: (...args: unknown[]) => Promise<unknown>) =>
      electron.handlers.set(channel, handler),
  },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: { invoke: electron.invoke },
}))

const root = fileURLToPath(new URL('..', import.meta.url))
const rendererFile = join(root, 'out', 'renderer', 'index.html')
const renderer: RendererLocation = { kind: 'file', path: rendererFile }

describe('window hardening', () => {
  it('creates windows with the settings of the Electron security checklist', () => {
    expect(secureWebPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })

  it('allows scripts, styles and connections only from the app itself', () => {
    const directives = new Map(
      contentSecurityPolicy.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/)
        return [name, values.join(' ')] as const
      }),
    )
    expect(directives.get('default-src')).toBe("'none'")
    expect(directives.get('script-src')).toBe("'self'")
    expect(directives.get('style-src')).toBe("'self'")
    expect(directives.get('connect-src')).toBe("'self'")
    expect(directives.get('object-src')).toBe("'none'")
    expect(directives.get('frame-ancestors')).toBe("'none'")
    expect(contentSecurityPolicy).not.toMatch(/unsafe-(inline|eval)/)
  })

  it('puts the same policy in index.html as the main process sends as a header', () => {
    const html = readFileSync(join(root, 'src-renderer', 'index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(metaContentSecurityPolicy)
    expect(contentSecurityPolicy.startsWith(metaContentSecurityPolicy)).toBe(true)
  })

  it('recognises only our own renderer page as a trusted sender URL', () => {
    const own = pathToFileURL(rendererFile).href
    expect(isOwnRendererUrl(own, renderer)).toBe(true)
    expect(isOwnRendererUrl(`${own}#/customer`, renderer)).toBe(true)
    expect(isOwnRendererUrl(pathToFileURL(join(root, 'evil.html')).href, renderer)).toBe(false)
    expect(isOwnRendererUrl('https://example.com/index.html', renderer)).toBe(false)
    expect(isOwnRendererUrl('not a url', renderer)).toBe(false)
    const dev: RendererLocation = { kind: 'url', url: 'http://localhost:5173' }
    expect(isOwnRendererUrl('http://localhost:5173/#/customer', dev)).toBe(true)
    expect(isOwnRendererUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isOwnRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false)
  })
})

describe('a packaged till', () => {
  it('has no application menu, so no DevTools, reload or force-reload and none of their shortcuts', async () => {
    const { removeDefaultMenu } = await import('../src-main/electron/security')
    electron.setApplicationMenu.mockReset()
    removeDefaultMenu(false)
    expect(electron.setApplicationMenu).not.toHaveBeenCalled()
    removeDefaultMenu(true)
    expect(electron.setApplicationMenu).toHaveBeenCalledExactlyOnceWith(null)
  })

  it('opens windows whose DevTools cannot be opened; a developer run keeps them', () => {
    expect(windowPreferences(true)).toEqual({ ...secureWebPreferences, devTools: false })
    expect(windowPreferences(false)).toEqual({ ...secureWebPreferences, devTools: true })
  })
})

describe('the Electron fuses', () => {
  const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
  const fuseNames = [
    'RunAsNode',
    'EnableCookieEncryption',
    'EnableNodeOptionsEnvironmentVariable',
    'EnableNodeCliInspectArguments',
    'EnableEmbeddedAsarIntegrityValidation',
    'OnlyLoadAppFromAsar',
    'LoadBrowserProcessSpecificV8Snapshot',
    'GrantFileProtocolExtraPrivileges',
  ]

  it('turn off running as Node, NODE_OPTIONS and --inspect, and turn on cookie encryption and app.asar only', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      expect(freshtillFuses(platform), platform).toMatchObject({
        RunAsNode: false,
        EnableNodeOptionsEnvironmentVariable: false,
        EnableNodeCliInspectArguments: false,
        EnableCookieEncryption: true,
        OnlyLoadAppFromAsar: true,
      })
    }
    // Electron checks the app.asar's embedded hash on macOS and Windows only.
    expect(freshtillFuses('darwin').EnableEmbeddedAsarIntegrityValidation).toBe(true)
    expect(freshtillFuses('win32').EnableEmbeddedAsarIntegrityValidation).toBe(true)
    expect(freshtillFuses('linux').EnableEmbeddedAsarIntegrityValidation).toBe(false)
  })

  it('are written into the fuse wire of the binary', async (ctx) => {
    if (!existsSync(join(root, 'node_modules', '@electron', 'fuses', 'package.json'))) {
      skipSaying(ctx, '@electron/fuses (a devDependency) is not installed in node_modules: run npm install')
    }
    // The layout Electron's binary has: the sentinel, the wire's version (1) and length, then one
    // byte per fuse ('0' off, '1' on), here every fuse the opposite of what FreshTill wants.
    const binary = join(mkdtempSync(join(tmpdir(), 'freshtill-fuses-')), 'electron')
    const wanted = freshtillFuses('win32') as Record<string, boolean>
    const opposite = fuseNames.map((name) => (name in wanted ? (wanted[name] ? '0' : '1') : '1')).join('')
    writeFileSync(
      binary,
      Buffer.concat([Buffer.from('ELF…'), Buffer.from(sentinel), Buffer.from([1, 8]), Buffer.from(`${opposite}…`)]),
    )
    await flipFreshtillFuses(binary, 'win32')
    const contents = readFileSync(binary)
    const wire = contents.subarray(
      contents.indexOf(sentinel) + sentinel.length + 2,
      contents.indexOf(sentinel) + sentinel.length + 10,
    )
    const states = Object.fromEntries(fuseNames.map((name, i) => [name, String.fromCharCode(wire[i] ?? 0)]))
    expect(states).toEqual({
      RunAsNode: '0',
      EnableCookieEncryption: '1',
      EnableNodeOptionsEnvironmentVariable: '0',
      EnableNodeCliInspectArguments: '0',
      EnableEmbeddedAsarIntegrityValidation: '1',
      OnlyLoadAppFromAsar: '1',
      // Not FreshTill's to choose: left as Electron ships them.
      LoadBrowserProcessSpecificV8Snapshot: '1',
      GrantFileProtocolExtraPrivileges: '1',
    })
  })
})

describe('the pos:call IPC handler', () => {
  const dispatch = vi.fn()
  const frame = (url: string, parent: object | null = null) => ({ senderFrame: { url, parent } })
  const ownUrl = pathToFileURL(rendererFile).href
  let call: (...args: unknown[]) => Promise<unknown>

  beforeAll(async () => {
    const { bindContract, posCallChannel } = await import('../src-main/electron/ipc')
    bindContract({ dispatch }, renderer)
    call = electron.handlers.get(posCallChannel)!
  })
  beforeEach(() => {
    dispatch.mockReset()
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
  })
  afterEach(() => vi.restoreAllMocks())

  it('passes a call from our main frame to the dispatcher', async () => {
    dispatch.mockResolvedValue({ ok: true, data: 'hi' })
    await expect(call(frame(ownUrl), 'auth.me', 'tok', {})).resolves.toEqual({ ok: true, data: 'hi' })
    expect(dispatch).toHaveBeenCalledWith('auth.me', 'tok', {})
  })

  it.each([
    ['an iframe', frame(ownUrl, {})],
    ['another page', frame('https://example.com/')],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses a call from %s', async (_name, event) => {
    await expect(call(event, 'auth.me', 'tok', {})).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('answers a malformed call with INVALID_INPUT', async () => {
    await expect(call(frame(ownUrl), 42, 'tok', {})).resolves.toMatchObject({ error: { code: 'INVALID_INPUT' } })
    await expect(call(frame(ownUrl), 'auth.me', 7, {})).resolves.toMatchObject({ error: { code: 'INVALID_INPUT' } })
  })

  it('turns an unexpected throw into INTERNAL instead of throwing across IPC', async () => {
    dispatch.mockRejectedValue(new Error('connection lost: secret dsn'))
    const result = await call(frame(ownUrl), 'auth.me', 'tok', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { traceId: expect.any(String) } } })
    expect(JSON.stringify(result)).not.toContain('secret')
  })
})

describe('the preload', () => {
  type Call = (input: unknown) => Promise<unknown>
  const li = { staffId: 7, username: 'li', role: 'cashier', tillId: 'T1' }
  let pos: Record<string, Call>

  beforeEach(async () => {
    vi.resetModules()
    electron.exposed.clear()
    electron.invoke.mockReset()
    await import('../src-preload/index')
    pos = electron.exposed.get('pos') as Record<string, Call>
  })

  it('exposes exactly the contract methods as window.pos and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['pos'])
    expect(Object.keys(pos).sort()).toEqual([...methodNames].sort())
  })

  it('keeps the session token from a successful login and sends it until logout', async () => {
    electron.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'LOGIN_FAILED', message: 'no' } })
    await pos['auth.login']!({ username: 'li', password: 'bad' })
    electron.invoke.mockResolvedValueOnce({ ok: true, data: { ...li, token: 'T-1' } })
    await pos['auth.login']!({ username: 'li', password: 'good' })
    electron.invoke.mockResolvedValue({ ok: true, data: { ...li, token: 'T-1' } })
    await pos['auth.me']!({})
    await pos['auth.logout']!({})
    await pos['auth.me']!({})
    expect(electron.invoke.mock.calls).toEqual([
      ['pos:call', 'auth.login', null, { username: 'li', password: 'bad' }],
      ['pos:call', 'auth.login', null, { username: 'li', password: 'good' }],
      ['pos:call', 'auth.me', 'T-1', {}],
      ['pos:call', 'auth.logout', 'T-1', {}],
      ['pos:call', 'auth.me', null, {}],
    ])
  })

  it('hands the page the session of auth.login and auth.me without its token', async () => {
    electron.invoke.mockResolvedValue({ ok: true, data: { ...li, token: 'T-2' } })
    const login = await pos['auth.login']!({ username: 'li', password: 'good' })
    const me = await pos['auth.me']!({})
    expect(login).toEqual({ ok: true, data: li })
    expect(me).toEqual({ ok: true, data: li })
    expect(JSON.stringify([login, me])).not.toContain('T-2')
    // The preload still has it: the next call carries it to the main process.
    expect(electron.invoke).toHaveBeenLastCalledWith('pos:call', 'auth.me', 'T-2', {})
  })
})

describe('the built app', () => {
  const outDir = join(root, 'out', 'test-build')

  beforeAll(() => {
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir],
      {
        cwd: root,
        encoding: 'utf8',
      },
    )
    if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`)
  }, 120_000)

  it('has a preload that a sandboxed renderer can load: one CommonJS file needing only electron', () => {
    expect(readdirSync(join(outDir, 'preload'))).toEqual(['index.cjs'])
    const code = readFileSync(join(outDir, 'preload', 'index.cjs'), 'utf8')
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(code).not.toMatch(/^\s*(import|export)\s/m)
  })

  it('starts under Electron and quits once createApp has succeeded', (ctx) => {
    const binary = findElectronBinary()
    if ('missing' in binary)
      skipSaying(ctx, `the Electron binary is absent: it is not installed on this machine (${binary.missing})`)
    const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
    const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim()
    if (headless && !xvfb) {
      skipSaying(
        ctx,
        'the Electron binary is installed but Linux has no display (no DISPLAY, no xvfb-run), and Electron cannot start without one',
      )
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'freshtill-smoke-'))
    // Chromium refuses to start as root unless its OS sandbox is off; no window opens in this mode.
    const args = [join(outDir, 'main', 'index.js'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])]
    const [command, commandArgs] = headless ? [xvfb, ['-a', binary.path, ...args]] : [binary.path, args]
    const run = spawnSync(command, commandArgs, {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        FRESHTILL_SMOKE: '1',
        POS_DATA_DIR: dataDir,
        // better-sqlite3 must be built for Electron here (npx @electron/rebuild -f -w better-sqlite3).
        POS_DB: process.env.FRESHTILL_SMOKE_DB ?? `sqlite:${join(dataDir, 'smoke.db')}`,
      },
    })
    expect(run.stdout, run.stderr).toContain('smoke ok')
    expect(run.status, run.stderr).toBe(0)
  }, 90_000)
})

/**
 * Where npm's electron package keeps its binary, found without require('electron'): in
 * electron 45 that require downloads the binary when it is missing, which cannot work here.
 */
function findElectronBinary(): { path: string } | { missing: string } {
  const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) {
    return {
      missing: `${pathFile} does not exist: the download of the binary never happened, as there is no internet access here, only the npm registry`,
    }
  }
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist')
  const binary = join(distDir, readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(binary)) return { missing: `${binary} does not exist` }
  // `--version` goes through the full app start-up, which needs a display on Linux; running
  // as Node asks the same binary for its version without one.
  const version = spawnSync(binary, ['-p', 'process.versions.electron'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  })
  if (version.status !== 0 || !/^\d+\./.test(version.stdout)) {
    return { missing: `${binary} is there but does not run: ${version.error?.message ?? version.stderr.trim()}` }
  }
  return { path: binary }
}
