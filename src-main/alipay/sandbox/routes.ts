// The sandbox's HTTP endpoints: the gateway, the customer's QR page and the test API.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type BillUrls, billZip } from './bill'
import { customerPage } from './customer-page'
import { type FaultSwitch, FaultSwitches } from './faults'
import { answerGatewayCall, type GatewayContext } from './gateway'
import type { Params } from './signing'
import { SandboxError } from './trade-book'
import { type TradeView, tradeView } from './trade-view'

const maxBodyBytes = 1 << 20

export interface SandboxRoutes {
  ctx: GatewayContext
  /** Answers held back by the latency fault, cleared when the sandbox closes. */
  heldAnswers: Set<NodeJS.Timeout>
  customer: Record<'scan' | 'pay' | 'finish', (outTradeNo: string) => TradeView>
  baseUrl: () => string
  bills: BillUrls
}

export function routeSandboxRequest({ ctx, heldAnswers, customer, baseUrl, bills }: SandboxRoutes) {
  const { book, faults } = ctx
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox')
    const path = url.pathname
    const body = req.method === 'POST' || req.method === 'DELETE' ? await readBody(req) : ''

    if (path === '/gateway.do') {
      if (req.method !== 'POST') return sendText(res, 405, 'the gateway takes POST')
      const params: Params = {}
      // Common parameters come in the query, biz_content in the form body; the first of a name wins.
      for (const source of [url.searchParams, new URLSearchParams(body)]) {
        for (const [key, value] of source) if (!(key in params)) params[key] = value
      }
      const reply = answerGatewayCall(params, ctx)
      const send = () => {
        if (reply.drop) {
          req.socket.destroy()
          return
        }
        res.writeHead(reply.status, { 'content-type': reply.contentType, trace_id: randomTraceId() })
        res.end(reply.body)
      }
      if (reply.latencyMs <= 0) return send()
      const timer = setTimeout(() => {
        heldAnswers.delete(timer)
        send()
      }, reply.latencyMs)
      heldAnswers.add(timer)
      return
    }

    if (path === '/downloadBillFile.resource' && req.method === 'GET') {
      const billDate = bills.check(url.searchParams)
      if (!billDate) return sendText(res, 403, 'the bill URL is not valid or has expired')
      res.writeHead(200, { 'content-type': 'application/zip', 'content-disposition': 'attachment' })
      return void res.end(billZip(book.all(), billDate, book.now()))
    }

    const qr = /^\/qr\/([A-Za-z0-9]+)(?:\/(scan|pay))?$/.exec(path)
    if (qr) {
      const [, token = '', step] = qr
      const trade = book.byQr(token)
      if (step && req.method === 'POST') {
        let notice: string | undefined
        try {
          if (!trade) throw new SandboxError('unknown QR code', 404)
          if (step === 'scan') book.scan(trade)
          else book.pay(trade)
        } catch (error) {
          if (!(error instanceof SandboxError)) throw error
          notice = error.message
        }
        if (!notice) {
          res.writeHead(303, { location: `/qr/${token}` })
          return void res.end()
        }
        return sendHtml(res, 409, customerPage(trade, token, notice))
      }
      return sendHtml(res, trade ? 200 : 404, customerPage(trade, token))
    }

    const act = /^\/sandbox\/(scan|pay|finish)\/([A-Za-z0-9_]+)$/.exec(path)
    if (act && req.method === 'POST') {
      const [, step, outTradeNo = ''] = act
      return answerSandboxCall(res, () => ({ trade: customer[step as 'scan' | 'pay' | 'finish'](outTradeNo) }))
    }
    const one = /^\/sandbox\/trades\/([A-Za-z0-9_]+)$/.exec(path)
    if (one && req.method === 'GET') {
      const trade = book.get(one[1] ?? '')
      return trade
        ? sendJson(res, 200, { trade: tradeView(trade) })
        : sendJson(res, 404, { error: `no trade with out_trade_no ${one[1]}` })
    }
    if (path === '/sandbox/trades' && req.method === 'GET')
      return sendJson(res, 200, { trades: book.all().map(tradeView) })
    if (path === '/sandbox/faults') {
      if (req.method === 'GET') return sendJson(res, 200, { faults: faults.list() })
      if (req.method === 'DELETE') {
        faults.clear()
        return sendJson(res, 200, { faults: [] })
      }
      if (req.method === 'POST') return answerFaults(res, body, faults)
    }
    if (path === '/' && req.method === 'GET') return sendText(res, 200, indexText(baseUrl(), ctx.appId))
    return sendJson(res, 404, { error: `no such sandbox endpoint: ${req.method} ${path}` })
  }
}

function answerSandboxCall(res: ServerResponse, run: () => unknown): void {
  try {
    sendJson(res, 200, run())
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error
    sendJson(res, error.status, { error: error.message })
  }
}

function answerFaults(res: ServerResponse, body: string, faults: FaultSwitches): void {
  let input: unknown
  try {
    input = JSON.parse(body)
  } catch {
    return sendJson(res, 400, {
      error: 'send a JSON fault like {"kind":"drop","method":"alipay.trade.pay","count":1}, or an array of them',
    })
  }
  const wanted = Array.isArray(input) ? input : [input]
  try {
    // All or nothing: a bad switch in a list switches none of them on.
    const probe = new FaultSwitches()
    for (const fault of wanted) probe.add(fault as FaultSwitch)
    sendJson(res, 200, { faults: wanted.map((fault) => faults.add(fault as FaultSwitch)) })
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    sendJson(res, 400, { error: error.message })
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBodyBytes) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
  res.end(JSON.stringify(value))
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain;charset=utf-8' })
  res.end(text)
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html;charset=utf-8' })
  res.end(html)
}

function randomTraceId(): string {
  return `${Date.now().toString(16)}${Math.random().toString(16).slice(2, 12)}`
}

function indexText(baseUrl: string, appId: string): string {
  return `FreshTill's local Alipay sandbox (app id ${appId})

POST ${baseUrl}/gateway.do                  the classic gateway (RSA2)
GET  ${baseUrl}/qr/<token>                  the customer's page a qr_code points at
POST ${baseUrl}/sandbox/scan/<out_trade_no>   the customer scans
POST ${baseUrl}/sandbox/pay/<out_trade_no>    the customer pays
POST ${baseUrl}/sandbox/finish/<out_trade_no> the refund window ends (TRADE_FINISHED)
GET  ${baseUrl}/sandbox/trades[/<out_trade_no>]
GET|POST|DELETE ${baseUrl}/sandbox/faults   e.g. {"kind":"latency","ms":800,"method":"alipay.trade.query","count":2}
`
}
