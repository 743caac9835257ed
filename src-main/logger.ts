import { join } from 'node:path'
import pino, { type Logger } from 'pino'
import { privateFile, privateFolder } from './private-files'

/**
 * Logs go to a file in the data folder. Synchronous writes: a till logs little, and a crash must not lose the last
 * lines.
 */
export function fileLogger(dataDir: string, level: string): Logger {
  privateFolder(dataDir)
  const dest = join(dataDir, 'freshtill.log')
  privateFile(dest)
  return pino({ level }, pino.destination({ dest, sync: true }))
}

/** For the command line: warnings and errors on stderr. */
export function consoleLogger(level = 'warn'): Logger {
  return pino({ level }, pino.destination(2))
}
