// At most a few scrypt computations at once in this process. Each one takes about 128 MiB and a
// core for a tenth of a second or more: a flood of logins must queue here, not eat the till's
// memory and CPU. A login that would wait behind too many others is refused before it hashes
// (login-throttle.ts), so the queue stays short.
const MAX_RUNNING = 2
/** Logins waiting beyond this are refused as LOGIN_LOCKED (try again in a second). */
export const MAX_WAITING_LOGINS = 8

let running = 0
const waiting: (() => void)[] = []

/** Runs `work` once a slot is free; adding staff and resetting passwords always wait their turn. */
export async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve))
  else running++
  try {
    return await work()
  } finally {
    const next = waiting.shift()
    // The slot passes straight to the next in line, so `running` never drops and climbs again.
    if (next) next()
    else running--
  }
}

/** How many hash computations are queued behind the running ones. */
export const hashesWaiting = () => waiting.length
