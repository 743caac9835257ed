// How long a test waits for something that happens in the background (a poller, a retry, a
// copy) before it calls it a failure. Only a bound against waiting for ever: the wait ends as
// soon as the thing happens, and the machine the tests run on is shared and may be slow.
export const WAIT_MS = 20_000
