// A till in a process of its own that parks or recalls a sale and is killed with SIGKILL between
// two of the Redis steps (parked-process.main.ts, redis-parked.store.ts): what it leaves behind
// is Redis's as it really is, for the next start of that till to finish.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Actor } from '../../src-main/core/core'
import type { TestStore } from './stores'
import { WAIT_MS } from './waits'

export type ParkedJob =
  /** Park, killed once the lines are out of the cart and before the parked sale is written. */
  | { kind: 'park'; label: string; stopAt: 'before-storing' | 'before-listing' }
  /** Recall `id`, killed once this till has claimed it and before its lines land in the cart. */
  | { kind: 'recall'; id: number; stopAt: 'before-landing' }

/** Runs `job` as `actor` in a till process on `t`'s store, and kills it where `job.stopAt` says. */
export async function parkedStepAndKill(t: TestStore, actor: Actor, job: ParkedJob): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/parked-process.main.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: {
      ...process.env,
      POS_TEST_PARKED_JOB: JSON.stringify({ ...job, config: t.config, actor, now: t.clock.now }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    await new Promise<void>((resolve, reject) => {
      let stdout = ''
      let stderr = ''
      const timer = setTimeout(() => reject(new Error(`the till process never stopped: ${stderr}`)), 3 * WAIT_MS)
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        if (!stdout.includes('\n')) return
        clearTimeout(timer)
        const message = JSON.parse(stdout.split('\n')[0] ?? '{}') as { stopped?: boolean; done?: boolean }
        if (message.stopped) resolve()
        else reject(new Error(`the till process finished without stopping: ${stdout}`))
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`the till process exited (${code}) before stopping: ${stderr}`))
      })
    })
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}
