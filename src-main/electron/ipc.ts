// The contract over IPC: one channel, every call goes to the same dispatcher as HTTP.
import { ipcMain } from 'electron'
import type { CallResult } from '../../src-shared/contract'
import { failure, resultOf } from '../../src-shared/failure'
import type { RendererLocation } from './hardening'
import { isTrustedSender } from './security'

export const posCallChannel = 'pos:call'

export interface ContractDispatcher {
  dispatch(method: string, token: string | null, input: unknown): Promise<CallResult<unknown>>
}

export function bindContract(pos: ContractDispatcher, renderer: RendererLocation): void {
  ipcMain.handle(
    posCallChannel,
    async (event, method: unknown, token: unknown, input: unknown): Promise<CallResult<unknown>> => {
      if (!isTrustedSender(posCallChannel, event, renderer)) {
        console.warn(`refused ${posCallChannel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`)
        return failure('FORBIDDEN')
      }
      if (typeof method !== 'string' || (token !== null && typeof token !== 'string')) {
        return failure('INVALID_INPUT')
      }
      // Electron would pass only the message of a thrown error, so nothing is thrown across.
      return resultOf(
        () => pos.dispatch(method, token, input),
        'INTERNAL',
        (traceId, error) => console.error(`[${traceId}] ${method} failed`, error),
      )
    },
  )
}
