// The outages in these tests (a proxy closed or stalled) last until the test itself ends them. A
// call that waits for the server to come back therefore never answers: what the tests check is
// that it answers during the outage at all, not how fast — the machine is shared, and speed is
// what `pos bench` measures.
import { WAIT_MS } from './waits'

/** The call's answer; if none comes within WAIT_MS, fails saying that it waited for the outage. */
export async function answeredDuringOutage<T>(call: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} gave no answer in ${WAIT_MS / 1000} s: it waits for the outage to end`)),
      WAIT_MS,
    )
  })
  try {
    return await Promise.race([call, hang])
  } finally {
    clearTimeout(timer)
  }
}
