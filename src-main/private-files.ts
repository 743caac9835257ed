// The till's files hold staff password hashes, customers' phones and addresses, the database
// password (till settings) and the log: only the user the till runs as may read them. New ones
// are made private, and ones loosened since (a copy, a restore, an umask) are narrowed again on
// every start.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'

/** A folder only its owner can enter (0700), made if missing. */
export function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  narrow(dir, 0o700)
}

/** A file only its owner can read and write (0600), made empty if missing. */
export function privateFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600))
  narrow(path, 0o600)
}

/** An SQLite file and its WAL and shared-memory files, when they exist. */
export function privateDatabaseFiles(path: string): void {
  privateFile(path)
  for (const companion of [`${path}-wal`, `${path}-shm`]) if (existsSync(companion)) narrow(companion, 0o600)
}

function narrow(path: string, mode: number): void {
  // Windows has no such modes; there the user's profile folder is what keeps them private.
  if (process.platform === 'win32') return
  if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode)
}
