// A worker thread does not inherit the TypeScript loader `npm run pos` (tsx) registered in the
// main thread: register it here, then start the till (till-worker.ts).
import { register } from 'tsx/esm/api'

register()
await import('./till-worker.ts')
