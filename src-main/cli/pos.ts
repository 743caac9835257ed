// `npm run pos -- <command>`: the operator's command line. Runs the TypeScript sources directly.
import { ConfigError } from '../config'
import { loadTillConfig } from '../till-settings'
import { PosError } from '../../src-shared/errors'
import { commands, usage } from './commands'

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const command = name ? commands[name] : undefined
  if (!command) {
    process.stderr.write(usage())
    return name ? 2 : 0
  }
  // The environment wins over this till's settings file (the desktop app's settings screen writes it).
  return command(rest, () => loadTillConfig(process.env))
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`)
    else if (error instanceof PosError)
      process.stderr.write(
        `${error.code}: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}\n`,
      )
    else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
