import type { PosApi } from '../src-shared/contract'

declare global {
  interface Window {
    /** The contract, exposed by the preload (Electron) or the HTTP client (`pos serve`). */
    pos: PosApi
  }
}
