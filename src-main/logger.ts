import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import pino, { type Logger } from 'pino'

/** Logs go to a file in the data folder (synchronous destination: no worker threads to bundle). */
export function fileLogger(dataDir: string, level: string): Logger {
  mkdirSync(dataDir, { recursive: true })
  return pino({ level }, pino.destination({ dest: join(dataDir, 'freshtill.log'), sync: false, mkdir: true }))
}

/** For the command line: warnings and errors on stderr. */
export function consoleLogger(level = 'warn'): Logger {
  return pino({ level }, pino.destination(2))
}
