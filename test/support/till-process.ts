// A till in a process of its own that the test kills with SIGKILL between an order's commit and
// the bought lines leaving the cart (till-process.main.ts): the crash that no in-process retry
// survives. What the process leaves behind is the store's and Redis's as they really are.
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Actor } from '../../src-main/core/core'
import type { PlaceOrderInput } from '../../src-main/orders/checkout.service'
import type { TestStore } from './stores'
import { WAIT_MS } from './waits'

export interface TillJob {
  input: PlaceOrderInput
  /** Where the till stops in the removal's transaction: before the lines are taken out, or after. */
  stopAt: 'before-taking' | 'after-taking'
}

/**
 * Places `job.input` as `actor` in a till process on `t`'s store; resolves with the order's id
 * once the process has been killed where `job.stopAt` says.
 */
export async function placeAndKill(t: TestStore, actor: Actor, job: TillJob): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/till-process.main.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, POS_TEST_TILL_JOB: JSON.stringify({ ...job, config: t.config, actor }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    const orderId = await stoppedAt(child)
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    return orderId
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}

function stoppedAt(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    // A new process loads the order core through tsx first: several seconds on a busy machine.
    const timer = setTimeout(() => reject(new Error(`the till process never stopped: ${stderr}`)), 3 * WAIT_MS)
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      for (const line of stdout.split('\n').slice(0, -1)) {
        const message = JSON.parse(line) as { stopped?: number; placed?: number }
        clearTimeout(timer)
        if (message.stopped !== undefined) resolve(message.stopped)
        else reject(new Error(`the till process placed order ${message.placed} without stopping`))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the till process exited (${code}) before stopping: ${stderr}`))
    })
  })
}
