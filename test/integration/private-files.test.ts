// The till's files are its user's alone: the data folder 0700, databases, their WAL files and the
// log 0600 — when made, and again on every start if something loosened them. And `pos user add`
// never takes a password from the command line.
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { closeCore, openCore } from '../../src-main/app'
import { loadConfig } from '../../src-main/config'
import { openMirror } from '../../src-main/history/mirror'
import { SessionStore } from '../../src-main/staff/sessions'
import { login } from '../../src-main/staff/staff.service'

const modeOf = (path: string) => statSync(path).mode & 0o777

describe('private files', () => {
  const parent = mkdtempSync(join(tmpdir(), 'freshtill-private-'))
  const dataDir = join(parent, 'data')
  const config = loadConfig({ POS_DATA_DIR: dataDir })
  const files = ['freshtill.db', 'freshtill.db-wal', 'freshtill.log', 'history.db', 'history.db-wal']
  afterAll(() => rmSync(parent, { recursive: true, force: true }))

  const start = async () => {
    const core = await openCore(config, { migrate: true })
    const mirror = await openMirror(core)
    return async () => {
      await mirror.close()
      await closeCore(core)
    }
  }

  it('makes the data folder 0700 and the store, the offline history, their WAL files and the log 0600', async () => {
    const stop = await start()
    expect(modeOf(dataDir)).toBe(0o700)
    for (const file of files) expect(modeOf(join(dataDir, file)), file).toBe(0o600)
    await stop()
  })

  it('narrows them again on the next start after they were loosened', async () => {
    chmodSync(dataDir, 0o755)
    for (const file of files) if (existsSync(join(dataDir, file))) chmodSync(join(dataDir, file), 0o644)
    const stop = await start()
    expect(modeOf(dataDir)).toBe(0o700)
    for (const file of files) expect(modeOf(join(dataDir, file)), file).toBe(0o600)
    await stop()
  })

  describe('pos user add', () => {
    const pos = (args: string[], stdin: string) =>
      new Promise<{ code: number; out: string }>((resolve) => {
        const child = execFile(
          join('node_modules', '.bin', 'tsx'),
          ['src-main/cli/pos.ts', 'user', 'add', ...args],
          { env: { ...process.env, POS_DATA_DIR: dataDir, POS_DB: '', POS_REDIS: '' } },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
        )
        child.stdin?.end(stdin)
      })

    it('refuses a password on the command line, and one shorter than 8 characters', async () => {
      const onCommandLine = await pos(['anna', '--role', 'cashier', '--password', 'longenough1'], '')
      expect(onCommandLine.code).not.toBe(0)
      expect(onCommandLine.out).toContain('a password on the command line is visible to everyone')
      const short = await pos(['anna', '--role', 'cashier'], 'short\n')
      expect(short.code).not.toBe(0)
      expect(short.out).toMatch(/password: .*8/)
    })

    it('reads the password from stdin, and the new cashier can log in with it', async () => {
      expect(await pos(['anna', '--role', 'cashier'], 'longenough1\n')).toMatchObject({
        code: 0,
        out: expect.stringContaining('user: added cashier "anna"'),
      })
      const core = await openCore(config)
      try {
        await expect(login(core, new SessionStore(core), 'anna', 'longenough1')).resolves.toMatchObject({
          username: 'anna',
          role: 'cashier',
        })
      } finally {
        await closeCore(core)
      }
    })
  })
})
