// What every `pos` command that opens the store shares: a core for the work, closed after it,
// and one line of output at a time.
import { closeCore, openCore } from '../app'
import type { Config } from '../config'
import type { Core } from '../core/core'
import { consoleLogger } from '../logger'

export const say = (line: string) => process.stdout.write(`${line}\n`)

export async function withCore<T>(config: Config, work: (core: Core) => Promise<T>, migrate = true): Promise<T> {
  const core = await openCore(config, { log: consoleLogger(), migrate })
  try {
    return await work(core)
  } finally {
    await closeCore(core)
  }
}
