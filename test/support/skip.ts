// A test that cannot run on this machine says so and is counted as skipped, never as passed.
// Only for what a machine may lack for good reasons (the Electron binary, a display, a network
// interface); what CI always has (Chromium, MariaDB, Redis) fails the test when missing.
import type { TestContext } from 'vitest'

/** Marks the running test skipped, with the reason in the report and on the console. */
export function skipSaying(ctx: TestContext, reason: string): never {
  console.warn(`skipped "${ctx.task.name}": ${reason}`)
  return ctx.skip(reason)
}
