// A network receipt printer for tests: a local TCP listener on 127.0.0.1 that answers the status
// request as a printer does and keeps every job it is sent — or one that is offline, or that
// accepts connections and then never reads or answers. And a small ESC/POS decoder that turns
// a job back into what it would print: text lines (GB18030 in Chinese mode), barcodes, cuts
// and drawer pulses. Commands it does not know fail the decoding, so nothing slips by unread.
import { createServer, type Server, type Socket } from 'node:net'
import iconv from 'iconv-lite'
import { waitUntil } from './payments'

/** `answering`: online; `offline`: answers the status with its offline bit set; `silent`: accepts, never reads. */
export type PrinterMode = 'answering' | 'offline' | 'silent'

export interface FakePrinter {
  /** host:port, as POS_PRINTER takes it. */
  address: string
  port: number
  mode: PrinterMode
  /** Every job received so far, the status requests taken out. */
  jobs: Buffer[]
  /** Connections accepted so far. */
  readonly connections: number
  /** Waits for job number `index` (0 the first) to arrive whole. */
  job(index: number): Promise<Buffer>
  /** Waits until no connection is open: every job sent so far is in `jobs`. */
  idle(): Promise<void>
  close(): Promise<void>
}

const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x01])
/** An online printer's status byte: bits 1 and 4 always set. */
const ONLINE = 0x12
const OFFLINE = 0x1a

export async function startFakePrinter(mode: PrinterMode = 'answering'): Promise<FakePrinter> {
  const sockets = new Set<Socket>()
  const jobs: Buffer[] = []
  let connections = 0
  const server: Server = createServer((socket) => {
    connections += 1
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    // Accepts, and never reads: what arrives stays in the kernel's buffers.
    if (mode === 'silent') return socket.pause()
    const chunks: Buffer[] = []
    let answered = false
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      if (!answered && Buffer.concat(chunks).includes(STATUS_REQUEST)) {
        answered = true
        socket.write(Buffer.of(mode === 'offline' ? OFFLINE : ONLINE))
      }
    })
    socket.on('end', () => {
      const whole = Buffer.concat(chunks)
      const job = withoutStatusRequests(whole)
      if (job.length > 0) jobs.push(job)
      socket.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    address: `127.0.0.1:${port}`,
    port,
    mode,
    jobs,
    get connections() {
      return connections
    },
    async job(index) {
      await waitUntil(() => jobs.length > index, `print job ${index + 1}`)
      return jobs[index] as Buffer
    },
    idle: () => waitUntil(() => sockets.size === 0, 'the printer connections to end'),
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function withoutStatusRequests(bytes: Buffer): Buffer {
  const parts: Buffer[] = []
  let from = 0
  for (let at = bytes.indexOf(STATUS_REQUEST); at >= 0; at = bytes.indexOf(STATUS_REQUEST, from)) {
    parts.push(bytes.subarray(from, at))
    from = at + STATUS_REQUEST.length
  }
  parts.push(bytes.subarray(from))
  return Buffer.concat(parts)
}

export interface PrintedLine {
  text: string
  bold: boolean
  /** Printed at double width and height. */
  large: boolean
}

export interface PrintedBarcode {
  symbology: 'code128'
  /** The data as scanned (code sets resolved). */
  data: string
  /** Dots a bar module is wide (GS w). */
  moduleWidth: number
}

export interface DecodedJob {
  lines: PrintedLine[]
  barcodes: PrintedBarcode[]
  cuts: number
  pulses: number
  /** FS & came after the last initialise: multi-byte text is GB18030. */
  chineseMode: boolean
  /** The order things were printed in: 'text', 'barcode', 'pulse', 'cut'. */
  sequence: string[]
}

export function decodeEscPos(bytes: Uint8Array): DecodedJob {
  const job: DecodedJob = { lines: [], barcodes: [], cuts: 0, pulses: 0, chineseMode: false, sequence: [] }
  let bold = false
  let large = false
  let moduleWidth = 3
  let text: number[] = []
  // A line is bold or large when any of its characters was printed so.
  let lineBold = false
  let lineLarge = false
  let i = 0
  const next = () => {
    if (i >= bytes.length) throw new Error('ESC/POS job ends inside a command')
    return bytes[i++] as number
  }
  while (i < bytes.length) {
    const b = next()
    if (b === 0x0a) {
      const raw = Buffer.from(text)
      const decoded = job.chineseMode ? iconv.decode(raw, 'gb18030') : raw.toString('latin1')
      job.lines.push({ text: decoded, bold: lineBold, large: lineLarge })
      job.sequence.push('text')
      text = []
      lineBold = bold
      lineLarge = large
    } else if (b === 0x0d) continue
    else if (b === 0x1b) {
      const c = next()
      if (c === 0x40) [bold, large, job.chineseMode] = [false, false, false]
      else if (c === 0x45) bold = next() !== 0
      else if (c === 0x4d || c === 0x74 || c === 0x61 || c === 0x64) next()
      else if (c === 0x70) {
        // ESC p m t1 t2: which drawer pin, and the pulse's on and off times.
        for (let k = 0; k < 3; k++) next()
        job.pulses += 1
        job.sequence.push('pulse')
      } else throw new Error(`unknown command ESC 0x${c.toString(16)}`)
    } else if (b === 0x1c) {
      const c = next()
      if (c === 0x26) job.chineseMode = true
      else if (c === 0x2e) job.chineseMode = false
      else throw new Error(`unknown command FS 0x${c.toString(16)}`)
    } else if (b === 0x1d) {
      const c = next()
      if (c === 0x21) large = next() !== 0
      else if (c === 0x77) moduleWidth = next()
      else if (c === 0x68 || c === 0x48) next()
      else if (c === 0x56) {
        const m = next()
        if (m === 0x41 || m === 0x42) next()
        job.cuts += 1
        job.sequence.push('cut')
      } else if (c === 0x6b) {
        const m = next()
        if (m !== 73) throw new Error(`barcode symbology ${m} is not CODE128`)
        const n = next()
        const data = Array.from({ length: n }, next)
        job.barcodes.push({ symbology: 'code128', data: code128Text(data), moduleWidth })
        job.sequence.push('barcode')
      } else throw new Error(`unknown command GS 0x${c.toString(16)}`)
    } else if (b < 0x20) throw new Error(`unknown control byte 0x${b.toString(16)}`)
    else {
      text.push(b)
      lineBold ||= bold
      lineLarge ||= large
    }
  }
  if (text.length > 0) throw new Error('text after the last line feed: never printed')
  return job
}

/** ESC/POS CODE128 data ({A/{B/{C code sets, code C as one byte per digit pair) as the scanned text. */
function code128Text(data: number[]): string {
  let set = ''
  let out = ''
  for (let i = 0; i < data.length; i++) {
    const b = data[i] as number
    if (b === 0x7b && i + 1 < data.length) {
      set = String.fromCharCode(data[++i] as number)
      continue
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b)
  }
  return out
}

/** The printed lines' text, right ends trimmed. */
export const textOf = (job: DecodedJob): string[] => job.lines.map((l) => l.text.trimEnd())
