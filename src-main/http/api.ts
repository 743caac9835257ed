// The contract over HTTP: POST /api/<method>, the input as the JSON body, the session token as
// a bearer token — into the same dispatcher as Electron's IPC. A contract answer, error or not,
// is HTTP 200; other statuses mean the request never reached the contract.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import { failure, resultOf } from '../../src-shared/failure'
import type { Dispatch } from '../contract/dispatch'
import { BodyTooLarge, readBody } from './body'
import { replyJson } from './reply'

export const apiPrefix = '/api/'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

export async function answerContractCall(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  dispatch: Dispatch,
  options: { bodyLimitBytes: number; log?: Logger },
): Promise<void> {
  if (request.method !== 'POST') {
    replyJson(response, 405, failure('INVALID_INPUT', 'Contract calls are POST requests.'), { Allow: 'POST' })
    return
  }
  // Requiring JSON also means a cross-site HTML form (which cannot send it) never gets this far.
  if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
    replyJson(
      response,
      415,
      failure('INVALID_INPUT', 'The request body must be JSON (Content-Type: application/json).'),
    )
    return
  }
  let input: unknown
  try {
    const body = await readBody(request, options.bodyLimitBytes)
    input = body.length === 0 ? {} : JSON.parse(strictUtf8.decode(body))
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      // The rest of the body is not read; the connection ends with this answer.
      replyJson(
        response,
        413,
        failure('INVALID_INPUT', `The request body is larger than ${options.bodyLimitBytes} bytes.`),
        { Connection: 'close' },
      )
    } else {
      replyJson(response, 400, failure('INVALID_INPUT', 'The request body is not valid JSON.'))
    }
    return
  }
  const method = path.slice(apiPrefix.length)
  const token = bearerToken(request.headers.authorization)
  // The dispatcher answers errors as data; this is only a safety net, as in the IPC binding.
  const answer = await resultOf(
    () => dispatch(method, token, input),
    'INTERNAL',
    (traceId, error) =>
      options.log?.error({ err: error, traceId, method: method.slice(0, 64) }, 'contract call over HTTP failed'),
  )
  replyJson(response, 200, answer)
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header ?? '')
  return match?.[1] ?? null
}
