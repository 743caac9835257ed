// The contract over IPC: one channel, every call goes to the same dispatcher as HTTP.
import { randomUUID } from 'node:crypto'
import { ipcMain } from 'electron'
import type { CallResult } from '../../src-shared/contract'
import { defaultMessages, type ErrorCode } from '../../src-shared/errors'
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
      try {
        return await pos.dispatch(method, token, input)
      } catch (error) {
        const traceId = randomUUID().slice(0, 8)
        console.error(`[${traceId}] ${method} failed`, error)
        return failure('INTERNAL', { traceId })
      }
    },
  )
}

function failure(code: ErrorCode, details?: Record<string, unknown>): CallResult<never> {
  const error = { code, message: defaultMessages[code] }
  return { ok: false, error: details ? { ...error, details } : error }
}
