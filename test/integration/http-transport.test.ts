// The contract over HTTP (`pos serve`), in process on a demo SQLite store: the same dispatcher
// answers as over IPC, the server refuses what is not addressed to it, and it serves only the
// renderer's own files, with the Electron window's CSP.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type PosApp } from '../../src-main/app'
import { loadConfig } from '../../src-main/config'
import { contentSecurityPolicy } from '../../src-shared/csp'
import { createHostGuard } from '../../src-main/http/host-guard'
import { type PosHttpServer, type PostRouteRequest, startPosHttpServer } from '../../src-main/http/server'
import { consoleLogger } from '../../src-main/logger'
import { skipSaying } from '../support/skip'

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  text: string
  json: () => {
    ok: boolean
    data?: unknown
    error?: { code: string; message: string; details?: Record<string, unknown> }
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'freshtill-http-'))
const rendererDir = join(tmp, 'renderer')
let app: PosApp
let server: PosHttpServer
const dispatched: string[] = []
const notices: PostRouteRequest[] = []

/** A raw request: Node's http client sends the path and the Host header exactly as given. */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as ReturnType<Answer['json']>,
          })
        })
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

function call(method: string, input: unknown, token?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(`/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(input),
  })
}

async function login(username: string): Promise<string> {
  const answer = (await call('auth.login', { username, password: 'demo1234' })).json()
  if (!answer.ok) throw new Error(JSON.stringify(answer))
  return (answer.data as { token: string }).token
}

beforeAll(async () => {
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>FreshTill</title><div id="root"></div>')
  writeFileSync(join(rendererDir, 'assets', 'index-abc123.js'), 'console.log("till")')
  writeFileSync(join(rendererDir, 'assets', 'index-abc123.css'), 'body{}')
  writeFileSync(join(tmp, 'secret.txt'), 'SECRET-OUTSIDE-THE-RENDERER')
  symlinkSync(join(tmp, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'))
  app = await createApp(loadConfig({ POS_DEMO: '1', POS_DATA_DIR: join(tmp, 'data') }), {
    log: consoleLogger('silent'),
    sweep: false,
  })
  server = await startPosHttpServer({
    dispatch: (method, token, input) => {
      dispatched.push(method)
      return app.dispatch(method, token, input)
    },
    rendererDir,
    port: 0,
    bodyLimitBytes: 64 * 1024,
    postRoutes: {
      '/alipay/notify': (request) => {
        notices.push(request)
        return Promise.resolve({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' })
      },
    },
  })
})

afterAll(async () => {
  await server?.close()
  await app?.close()
  rmSync(tmp, { recursive: true, force: true })
})

describe('the contract over HTTP', () => {
  it('answers public methods without a session', async () => {
    const answer = await call('app.info', {})
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.json()).toMatchObject({
      ok: true,
      data: { store: 'sqlite', demo: { usernames: ['cashier', 'admin'] } },
    })
  })

  it('answers NOT_LOGGED_IN, as HTTP 200, without a token or with an unknown one', async () => {
    for (const answer of [
      await call('auth.me', {}),
      await call('auth.me', {}, 'no-such-token'),
      await call('cart.get', {}, undefined, { Authorization: 'Basic abc' }),
    ]) {
      expect(answer.status).toBe(200)
      expect(answer.json()).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } })
    }
  })

  it("checks the role: a cashier is FORBIDDEN an admin's method, the admin is not", async () => {
    const cashier = await login('cashier')
    expect((await call('auth.me', {}, cashier)).json()).toMatchObject({
      ok: true,
      data: { username: 'cashier', role: 'cashier' },
    })
    expect((await call('staff.list', {}, cashier)).json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const admin = await login('admin')
    const staff = (await call('staff.list', {}, admin)).json()
    expect(staff.ok).toBe(true)
    expect((staff.data as { username: string }[]).map((s) => s.username).sort()).toEqual(['admin', 'cashier'])
  })

  it('ends the session on logout', async () => {
    const token = await login('cashier')
    expect((await call('auth.logout', {}, token)).json()).toEqual({ ok: true, data: null })
    expect((await call('auth.me', {}, token)).json()).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } })
  })

  it('answers LOGIN_FAILED for a wrong password', async () => {
    const answer = await call('auth.login', { username: 'cashier', password: 'wrong-password' })
    expect(answer.status).toBe(200)
    expect(answer.json()).toEqual({
      ok: false,
      error: { code: 'LOGIN_FAILED', message: 'Wrong user name or password.' },
    })
  })

  it("validates input with the method's schema, and refuses unknown methods", async () => {
    const cashier = await login('cashier')
    expect((await call('cart.add', { skuId: -1, count: 1e9 }, cashier)).json()).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { fields: { skuId: expect.any(String), count: expect.any(String) } } },
    })
    for (const method of ['no.such', '__proto__', 'constructor', '%2e%2e']) {
      const answer = await call(method, {}, cashier)
      expect(answer.status).toBe(200)
      expect(answer.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
  })

  it('brings a lone surrogate and a direction override to the text rule unchanged, which refuses them', async () => {
    const cashier = await login('cashier')
    // JSON.stringify writes the lone surrogate as the escape \ud800; the body itself is valid UTF-8.
    for (const name of ['a\ud800', 'a\u202eb']) {
      expect((await call('members.add', { phone: '13900000077', name }, cashier)).json()).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', details: { fields: { name: expect.any(String) } } },
      })
    }
    expect((await call('members.byPhone', { phone: '13900000077' }, cashier)).json()).toMatchObject({
      ok: false,
      error: { code: 'MEMBER_NOT_FOUND' },
    })
  })

  it('answers a body that is not JSON with 400 INVALID_INPUT, without calling the dispatcher', async () => {
    const before = dispatched.length
    for (const body of ['{"username": ', 'not json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])]) {
      const answer = await send('/api/auth.login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      })
      expect(answer.status).toBe(400)
      expect(answer.json()).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' },
      })
    }
    expect(dispatched.length).toBe(before)
  })

  it('takes an empty body as empty input', async () => {
    const answer = await send('/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json' } })
    expect(answer.json()).toMatchObject({ ok: true })
  })

  it('refuses a body over the limit (413), declared or streamed', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(70 * 1024), password: 'p' })
    const declared = await send('/api/auth.login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    })
    expect(declared.status).toBe(413)
    expect(declared.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const chunked = await send('/api/auth.login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      body: big,
    })
    expect(chunked.status).toBe(413)
  })

  it('needs a JSON content type and POST', async () => {
    const form = await send('/api/app.info', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' })
    expect(form.status).toBe(415)
    expect(form.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const get = await send('/api/app.info')
    expect(get.status).toBe(405)
    expect(get.headers.allow).toBe('POST')
  })

  it('refuses (403) a call whose Host or Origin is not the till itself: DNS rebinding', async () => {
    const before = dispatched.length
    const own = `127.0.0.1:${server.port}`
    const foreign: Record<string, string>[] = [
      { Host: `evil.example:${server.port}` },
      { Host: `127.0.0.1:${server.port + 1}` },
      { Host: own, Origin: `http://evil.example:${server.port}` },
      { Host: own, Origin: 'null' },
      { Host: own, Origin: `https://127.0.0.1:${server.port}` },
    ]
    for (const headers of foreign) {
      const answer = await call('app.info', {}, undefined, headers)
      expect(answer.status, JSON.stringify(headers)).toBe(403)
      expect(answer.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
    expect(dispatched.length).toBe(before)
    const ours: Record<string, string>[] = [
      { Host: `localhost:${server.port}` },
      { Host: own, Origin: `http://127.0.0.1:${server.port}` },
      { Host: `LOCALHOST:${server.port}`, Origin: `http://localhost:${server.port}` },
    ]
    for (const headers of ours) {
      expect((await call('app.info', {}, undefined, headers)).json(), JSON.stringify(headers)).toMatchObject({
        ok: true,
      })
    }
  })
})

describe('the renderer files', () => {
  it('serves index.html for / with the strict CSP of the Electron window as a header', async () => {
    const answer = await send('/')
    expect(answer.status).toBe(200)
    expect(answer.text).toContain('<div id="root">')
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(answer.headers['content-security-policy']).toBe(contentSecurityPolicy)
    expect(answer.headers['x-content-type-options']).toBe('nosniff')
    expect(answer.headers['cache-control']).toBe('no-cache')
    expect((await send('/index.html?x=1')).text).toBe(answer.text)
  })

  it('serves assets with their content types, cached for good (their names carry a hash)', async () => {
    const js = await send('/assets/index-abc123.js')
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.headers['cache-control']).toContain('immutable')
    expect(js.headers['content-security-policy']).toBe(contentSecurityPolicy)
    expect((await send('/assets/index-abc123.css')).headers['content-type']).toBe('text/css; charset=utf-8')
    const head = await send('/assets/index-abc123.js', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers['content-length']).toBe(String('console.log("till")'.length))
    expect(head.text).toBe('')
  })

  it('answers 404 for missing files and folders, 405 for other methods', async () => {
    expect((await send('/nothing.js')).status).toBe(404)
    expect((await send('/assets')).status).toBe(404)
    expect((await send('/assets/')).status).toBe(404)
    expect((await send('/', { method: 'POST' })).status).toBe(405)
    expect((await send('/alipay/notify')).status).toBe(404)
  })

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      `/${'..%2f'.repeat(8)}etc/passwd`,
      '/index.html%00.js',
      '/%',
      '/assets/link.txt',
      `/${tmp}/secret.txt`,
    ]) {
      const answer = await send(path)
      expect(answer.status, path).toBe(404)
      expect(answer.text, path).not.toContain('SECRET')
      expect(answer.text, path).not.toContain('root:')
    }
  })
})

describe('extra POST routes (the hook for /alipay/notify)', () => {
  it('hands the raw body to the route, whatever the Host, and sends its reply', async () => {
    const form = 'notify_id=1&out_trade_no=T1-1&trade_status=TRADE_SUCCESS&sign=abc%2B%3D'
    const answer = await send('/alipay/notify?x=1', {
      method: 'POST',
      headers: { Host: 'notify.example', 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form,
    })
    expect(answer.status).toBe(200)
    expect(answer.text).toBe('success')
    const notice = notices.at(-1)!
    expect(notice.path).toBe('/alipay/notify')
    expect(notice.query.get('x')).toBe('1')
    expect(notice.body.toString('utf8')).toBe(form)
    expect(new URLSearchParams(notice.body.toString('utf8')).get('sign')).toBe('abc+=')
  })
})

describe('binding', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(server.host).toBe('127.0.0.1')
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
  })

  it('is unreachable from the other interfaces', async (ctx) => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && !address.internal && address.family === 'IPv4')
    if (!external) skipSaying(ctx, 'this machine has no network interface but loopback to try from')
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(server.port, external.address)
      socket.once('connect', () => {
        socket.destroy()
        resolve('connected')
      })
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
  })

  it('takes as its own name only the bound address and the loopback names, or any IP address when bound to all', () => {
    const loopback = createHostGuard('127.0.0.1', 5180)
    expect(loopback.allows('127.0.0.1:5180', undefined)).toBe(true)
    expect(loopback.allows('localhost:5180', 'http://localhost:5180')).toBe(true)
    expect(loopback.allows('[::1]:5180', undefined)).toBe(true)
    expect(loopback.allows('192.168.1.20:5180', undefined)).toBe(false)
    expect(loopback.allows('attacker.example:5180', undefined)).toBe(false)
    expect(loopback.allows(undefined, undefined)).toBe(false)
    expect(loopback.allows('127.0.0.1:5180/x', undefined)).toBe(false)
    expect(loopback.allows('user@127.0.0.1:5180', undefined)).toBe(false)
    const all = createHostGuard('0.0.0.0', 5180)
    expect(all.allows('192.168.1.20:5180', 'http://192.168.1.20:5180')).toBe(true)
    expect(all.allows('[fe80::1]:5180', undefined)).toBe(true)
    expect(all.allows('till.attacker.example:5180', undefined)).toBe(false)
    const port80 = createHostGuard('127.0.0.1', 80)
    expect(port80.allows('127.0.0.1', 'http://127.0.0.1')).toBe(true)
  })
})
