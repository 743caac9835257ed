// README's first command on a machine where Electron cannot start (its binary never downloaded, as
// on this project's own machines): `npm run demo` says so in one line at once and serves the same
// demo to a browser; `npm start` says so and names the browser command. The binary's absence is
// made certain with ELECTRON_OVERRIDE_DIST_PATH, the electron package's own way of pointing at a
// binary, here an empty folder.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const scratch = mkdtempSync(join(tmpdir(), 'freshtill-demo-command-'))
const noElectron = mkdtempSync(join(tmpdir(), 'freshtill-no-electron-'))
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
  rmSync(noElectron, { recursive: true, force: true })
})

function npmRun(script: string, args: string[]): { child: ChildProcess; output: () => string } {
  let output = ''
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: noElectron, POS_DATA_DIR: scratch }
  for (const name of ['POS_DB', 'POS_REDIS', 'POS_DEMO', 'DISPLAY', 'WAYLAND_DISPLAY']) delete env[name]
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: root, env, detached: true })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return { child, output: () => output }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.on('exit', (code) => resolve(code))
  })

async function lineMatching(output: () => string, pattern: RegExp, child: ChildProcess): Promise<RegExpExecArray> {
  for (;;) {
    const match = pattern.exec(output())
    if (match) return match
    if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before printing ${pattern}:\n${output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('the first command where Electron cannot start', () => {
  it('npm run demo says so in its first line and serves the demo to a browser', async () => {
    const demo = npmRun('demo', ['--port', '0'])
    try {
      const [, url] = await lineMatching(demo.output, /^serve: (http:\/\/\S+)/m, demo.child)
      const lines = demo.output().split('\n')
      expect(lines[0]).toBe(
        'FreshTill: Electron cannot start here (its binary was not downloaded); serving the same demo in the browser instead.',
      )
      // Nothing slow came first: no rebuild of the native module for Electron.
      expect(demo.output()).not.toMatch(/rebuilding better-sqlite3 for electron/)
      expect(demo.output()).toMatch(/\(sqlite store, till T1, DEMO\)/)

      const page = await fetch(url as string)
      expect(page.status).toBe(200)
      expect(await page.text()).toMatch(/<div id="root">/)
      const info = (await (
        await fetch(new URL('/api/app.info', url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: 'null',
        })
      ).json()) as {
        data: { demo: { usernames: string[] } }
      }
      expect(info.data.demo.usernames).toEqual(['cashier', 'admin'])
    } finally {
      if (demo.child.pid) process.kill(-demo.child.pid, 'SIGTERM')
      await exited(demo.child)
    }
  })

  it('npm start says so at once and names the browser command instead of starting anything', async () => {
    const start = npmRun('start', [])
    const code = await exited(start.child)
    expect(code).toBe(1)
    expect(start.output().trim()).toBe(
      'FreshTill: Electron cannot start here (its binary was not downloaded); `npm run pos -- serve` serves the till to a browser.',
    )
  })
})
