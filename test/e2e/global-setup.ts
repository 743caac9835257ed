// Before any test file runs: the browser tests serve out/renderer, so build it once here (only
// when it is missing or older than its sources) rather than in each `pos serve` they start.
import { ensureRendererBuilt } from '../../src-main/http/renderer-build'

export default function setup(): void {
  ensureRendererBuilt()
}
