// A network receipt printer: ESC/POS over a raw TCP connection (port 9100). Before the receipt
// goes, the printer is asked for its status (DLE EOT 1, real-time status — the encoder library
// has no such command, so these three bytes are written here): a printer that answers is there
// and takes the receipt; one that does not answer, or says it is offline (cover open, paper
// out), gets nothing, so "not printed" is then the truth. The whole exchange — connect, status,
// write — has one deadline; nothing waits longer.
import { connect } from 'node:net'
import { PosError } from '../../src-shared/errors'
import type { PrinterAddress } from '../config'

/** Connect, status answer and write together: the screen hears of an offline printer within this. */
export const PRINT_DEADLINE_MS = 2_000

/** DLE EOT 1: transmit the printer status (one byte). */
export const STATUS_REQUEST = Uint8Array.of(0x10, 0x04, 0x01)
/** Bit 3 of that byte: the printer is offline. Bits 1 and 4 are always set, 0 and 7 never. */
const OFFLINE_BIT = 0x08
const isStatusByte = (b: number) => (b & 0x93) === 0x12

export const printerName = (printer: PrinterAddress) =>
  printer.host.includes(':') ? `[${printer.host}]:${printer.port}` : `${printer.host}:${printer.port}`

export function sendToPrinter(
  printer: PrinterAddress,
  bytes: Uint8Array,
  deadlineMs = PRINT_DEADLINE_MS,
): Promise<void> {
  const name = printerName(printer)
  return new Promise<void>((resolve, reject) => {
    const socket = connect({ host: printer.host, port: printer.port })
    let settled = false
    const finish = (error: PosError | null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (error) {
        socket.destroy()
        reject(error)
      } else resolve()
    }
    const offline = (reason: string) =>
      finish(new PosError('PRINTER_OFFLINE', `The receipt printer ${name} ${reason}.`, { printer: name, reason }))
    const timer = setTimeout(() => offline('did not answer in time'), deadlineMs)
    // After the receipt went, the printer closes its side; one that never does is let go.
    socket.setTimeout(deadlineMs, () => socket.destroy())
    socket.once('connect', () => socket.write(STATUS_REQUEST))
    socket.once('data', (answer: Buffer) => {
      const status = answer[0] ?? 0
      if (!isStatusByte(status)) return offline('answered something that is not a printer status')
      if (status & OFFLINE_BIT) return offline('is offline (cover open or paper out)')
      socket.end(bytes, () => finish(null))
    })
    socket.on('data', () => undefined)
    socket.on('error', (error: NodeJS.ErrnoException) => offline(`cannot be reached (${error.code ?? 'error'})`))
    socket.once('close', () => offline('closed the connection'))
  })
}
