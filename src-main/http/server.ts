// `pos serve`: the renderer and the contract over HTTP on one origin, so the whole app runs in
// an ordinary browser. Loopback only unless the operator chooses another address.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { failure } from '../../src-shared/failure'
import type { Dispatch } from '../contract/dispatch'
import { answerContractCall, apiPrefix } from './api'
import { BodyTooLarge, readBody } from './body'
import { createHostGuard, type HostGuard, urlHostname } from './host-guard'
import { baseHeaders, replyJson } from './reply'
import { serveRendererFile } from './static-files'

export const defaultHost = '127.0.0.1'
export const defaultPort = 5180
const defaultBodyLimitBytes = 1024 * 1024

/**
 * An endpoint outside the contract, called by another server rather than by our page — e.g.
 * Alipay's asynchronous payment notice (POST /alipay/notify, a signed form). Such a route gets
 * the raw body and proves the caller itself (by signature); the Host check of /api does not apply.
 */
export type PostRoute = (request: PostRouteRequest) => Promise<PostRouteReply>

export interface PostRouteRequest {
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Buffer
  remoteAddress: string | undefined
}

export interface PostRouteReply {
  status: number
  contentType: string
  body: string | Buffer
}

export interface PosHttpServerOptions {
  dispatch: Dispatch
  /** The built renderer: out/renderer. */
  rendererDir: string
  host?: string
  /** 0 picks a free port; `url` and `port` then tell which. */
  port?: number
  bodyLimitBytes?: number
  /** Extra POST endpoints by exact path, e.g. { '/alipay/notify': handler }. */
  postRoutes?: Record<string, PostRoute>
  log?: Logger
}

export interface PosHttpServer {
  url: string
  host: string
  port: number
  close(): Promise<void>
}

export async function startPosHttpServer(options: PosHttpServerOptions): Promise<PosHttpServer> {
  const host = options.host ?? defaultHost
  const bodyLimitBytes = options.bodyLimitBytes ?? defaultBodyLimitBytes
  const postRoutes = new Map(Object.entries(options.postRoutes ?? {}))
  // Set once the port is known (with port 0, only after listening).
  let guard: HostGuard = { allows: () => false }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const target = request.url ?? '/'
    const queryAt = target.indexOf('?')
    const path = queryAt === -1 ? target : target.slice(0, queryAt)
    if (path.startsWith(apiPrefix)) {
      if (!guard.allows(request.headers.host, request.headers.origin)) {
        replyJson(response, 403, failure('FORBIDDEN', 'This request is not addressed to the till itself.'))
        return
      }
      await answerContractCall(request, response, path, options.dispatch, { bodyLimitBytes, log: options.log })
      return
    }
    const route = request.method === 'POST' ? postRoutes.get(path) : undefined
    if (route) {
      await answerPostRoute(
        route,
        request,
        response,
        path,
        queryAt === -1 ? '' : target.slice(queryAt + 1),
        bodyLimitBytes,
      )
      return
    }
    await serveRendererFile(request, response, path, options.rendererDir)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log?.error({ err: error, url: request.url?.slice(0, 200) }, 'HTTP request failed')
      if (!response.headersSent) replyJson(response, 500, failure('INTERNAL'))
      else response.destroy()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? defaultPort, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  guard = createHostGuard(host, port)

  return {
    url: `http://${urlHostname(host === '0.0.0.0' || host === '::' ? defaultHost : host)}:${port}/`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeIdleConnections()
        // A browser tab may hold a request open; the till is shutting down, so it is cut.
        setTimeout(() => server.closeAllConnections(), 2000).unref()
      }),
  }
}

async function answerPostRoute(
  route: PostRoute,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  query: string,
  bodyLimitBytes: number,
): Promise<void> {
  let body: Buffer
  try {
    body = await readBody(request, bodyLimitBytes)
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error
    response
      .writeHead(413, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
      .end('Request body too large')
    return
  }
  const reply = await route({
    path,
    query: new URLSearchParams(query),
    headers: request.headers,
    body,
    remoteAddress: request.socket.remoteAddress,
  })
  response.writeHead(reply.status, {
    ...baseHeaders,
    'Content-Type': reply.contentType,
    'Content-Length': Buffer.byteLength(reply.body),
    'Cache-Control': 'no-store',
  })
  response.end(reply.body)
}
