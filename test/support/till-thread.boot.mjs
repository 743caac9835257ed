// Worker threads do not run under vitest's module runner: teach this thread TypeScript (tsx,
// already a dev dependency for `npm run pos`), then start the till.
import { register } from 'tsx/esm/api'

register()
await import('./till-thread.worker.ts')
