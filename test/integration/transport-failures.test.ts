// When the till service cannot answer, window.pos still answers a result: UNREACHABLE, never a
// thrown error. Over the browser's HTTP client against real sockets (a port nobody listens on, a
// server that never answers, a server that answers something else) and over a transport that
// rejects, as ipcRenderer.invoke does when the main process is gone.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPosApi } from '../../src-shared/contract/client'
import { sendOverHttp } from '../../src-renderer/pos-client'

const servers: Server[] = []
const hanging: ServerResponse[] = []

function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  )
}

/** An origin whose port was just freed: connecting to it is refused. */
async function refusingOrigin(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

let silentOrigin = ''
let proxyErrorOrigin = ''

beforeAll(async () => {
  // Reads the request, then never answers (a main process stuck, a network that drops replies).
  silentOrigin = await listen((request, response) => {
    request.resume()
    hanging.push(response)
  })
  // A proxy's error page instead of the till's answer.
  proxyErrorOrigin = await listen((request, response) => {
    request.resume()
    response.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad gateway</h1>')
  })
})

afterAll(async () => {
  for (const response of hanging) response.destroy()
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
})

describe('window.pos when the till service does not answer', () => {
  it('answers UNREACHABLE when the connection is refused', async () => {
    const pos = createPosApi(sendOverHttp(await refusingOrigin()))
    const result = await pos['cart.get']({})
    expect(result).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } })
    expect(result.ok === false && result.error.details?.traceId).toMatch(/^[0-9a-f]{8}$/)
  })

  it('answers UNREACHABLE once the deadline passes, and the request is aborted', async () => {
    const pos = createPosApi(sendOverHttp(silentOrigin), () => 300)
    const before = hanging.length
    const result = await pos['orders.list']({ tab: 'all' })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'UNREACHABLE', details: { method: 'orders.list', waitedMs: 300 } },
    })
    expect(hanging.length).toBe(before + 1)
    // The abort closed the socket: the server sees the request end from the till's side.
    const response = hanging.at(-1)!
    await new Promise<void>((resolve) => (response.destroyed ? resolve() : response.once('close', () => resolve())))
  })

  it('answers UNREACHABLE for a body that is not a contract result', async () => {
    const pos = createPosApi(sendOverHttp(proxyErrorOrigin))
    expect(await pos['auth.me']({})).toMatchObject({
      ok: false,
      error: { code: 'UNREACHABLE', details: { httpStatus: 502 } },
    })
  })

  it('answers UNREACHABLE when the transport rejects, as an IPC invoke does without a main process', async () => {
    const pos = createPosApi(() => Promise.reject(new Error("No handler registered for 'pos:call'")))
    const result = await pos['auth.login']({ username: 'cashier', password: 'demo1234' })
    expect(result).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } })
  })

  it('waits longer for the calls that may rightly take long', async () => {
    const { callDeadlineMs } = await import('../../src-shared/contract/client')
    expect(callDeadlineMs('orders.exportCsv')).toBeGreaterThan(callDeadlineMs('orders.list'))
    expect(callDeadlineMs('payments.payAlipayBarcode')).toBeGreaterThan(callDeadlineMs('cart.add'))
  })
})
