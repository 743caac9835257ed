// `npm run pos -- <command>`: the operator's command line. Runs the TypeScript sources directly.
import { ConfigError, loadConfig } from '../config'
import { PosError } from '../../src-shared/errors'
import { commands, usage } from './commands'

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const command = name ? commands[name] : undefined
  if (!command) {
    process.stderr.write(usage())
    return name ? 2 : 0
  }
  return command(rest, () => loadConfig(process.env))
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`)
    else if (error instanceof PosError) process.stderr.write(`${error.code}: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}\n`)
    else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
