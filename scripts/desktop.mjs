// `npm run demo` and `npm start`: the desktop app where Electron can start. Where it cannot — its
// binary was never downloaded (no network to its mirror), it lacks system libraries, or there is
// no display — one line says so at once, before anything slow (rebuilding the native module for
// Electron takes minutes), and the demo opens in the browser instead: the same renderer and
// contract through `pos serve`. `npm start` (the real till) does not switch by itself: it names
// the command that serves the till to a browser.
//
//   node scripts/desktop.mjs demo|start [pos serve options, for the browser fallback]
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const [mode, ...serveArgs] = process.argv.slice(2)
if (mode !== 'demo' && mode !== 'start') {
  console.error('usage: node scripts/desktop.mjs demo|start [--port N] [--host H]')
  process.exit(2)
}

const reason = whyElectronCannotStart()
if (reason === null) {
  run(process.execPath, [join(root, 'scripts/native-build.mjs'), 'electron'])
  const env = mode === 'demo' ? { ...process.env, POS_DEMO: '1' } : process.env
  handOver(spawn(npxBin('electron-vite'), ['preview'], { cwd: root, stdio: 'inherit', env }))
} else if (mode === 'start') {
  console.error(
    `FreshTill: Electron cannot start here (${reason}); \`npm run pos -- serve\` serves the till to a browser.`,
  )
  process.exit(1)
} else {
  console.log(`FreshTill: Electron cannot start here (${reason}); serving the same demo in the browser instead.`)
  run(process.execPath, [join(root, 'scripts/native-build.mjs'), 'node'])
  const pos = [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src-main/cli/pos.ts'), 'serve', '--open']
  handOver(
    spawn(process.execPath, [...pos, ...serveArgs], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, POS_DEMO: '1' },
    }),
  )
}

/** Why Electron cannot run on this machine, or null when it can. */
function whyElectronCannotStart() {
  const binary = electronBinary()
  if (binary === null || !existsSync(binary)) return 'its binary was not downloaded'
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display'
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000 })
  if (probe.error) return probe.error.message
  if (probe.status !== 0) return (probe.stderr || `exit ${probe.status}`).trim().split('\n')[0]
  return null
}

/** Where the electron package keeps its binary, read as it does, without its download on require. */
function electronBinary() {
  const pathFile = join(root, 'node_modules/electron/path.txt')
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) return join(override, name ?? 'electron')
  return name === null ? null : join(root, 'node_modules/electron/dist', name)
}

function npxBin(name) {
  return join(root, 'node_modules/.bin', process.platform === 'win32' ? `${name}.cmd` : name)
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/** The child is the app now: Ctrl+C reaches it (same process group), and its exit is ours. */
function handOver(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
