// A TCP proxy in front of MySQL that a test can cut and restore, so "MySQL is unreachable" is
// real: the app's sockets are torn down and new connections are refused, exactly as when the
// database server or the network goes away — no mocks in the driver.
import { connect, createServer, type Server, type Socket } from 'node:net'

export interface TcpProxy {
  /** The port the proxy listens on (fixed for its whole life, across close/open). */
  readonly port: number
  /** Connections accepted so far (to see that the app really comes through the proxy). */
  readonly accepted: number
  /** Destroys every open connection and stops listening: new connections are refused. */
  close(): Promise<void>
  /** Listens again on the same port. */
  open(): Promise<void>
  /**
   * A network that silently drops everything: open connections stop carrying data and new ones
   * are accepted but never answered. Nothing fails — callers just wait. `close()` ends it.
   */
  stall(): void
  /**
   * Ends a stall the way SIGCONT ends a SIGSTOP of the server: nothing was closed, and whatever
   * the callers sent meanwhile is delivered now, in order.
   */
  resume(): void
  /**
   * The next statement the app sends that `matches` reaches the server, and then the network
   * breaks: the server's answer never comes back and the app's connection is torn down. With
   * `mysqlCommit`, the commit happens and the app cannot know it — the unclear outcome a retry
   * must cope with.
   */
  cutAfter(matches: (packet: Buffer) => boolean): void
}

/** A MySQL COM_QUERY packet whose statement matches `sql`. */
export const mysqlStatement =
  (sql: RegExp) =>
  (packet: Buffer): boolean =>
    packet.length >= 5 && packet[4] === 0x03 && sql.test(packet.subarray(5).toString('latin1'))

/** The statement COMMIT: how the driver ends a transaction. */
export const mysqlCommit = mysqlStatement(/^\s*commit\s*$/i)

export async function startTcpProxy(
  target: { host: string; port: number } = { host: '127.0.0.1', port: 3306 },
): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  /** Connections accepted during a stall, not yet forwarded. */
  const waiting = new Set<Socket>()
  const pairs = new Set<{ client: Socket; upstream: Socket }>()
  let accepted = 0
  let stalled = false
  let cutAfter: ((packet: Buffer) => boolean) | null = null
  const forward = (client: Socket) => {
    const upstream = connect(target.port, target.host)
    sockets.add(upstream)
    const pair = { client, upstream }
    pairs.add(pair)
    // Either side ending or failing ends the pair, as a broken network path would.
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
      pairs.delete(pair)
    }
    client.on('close', drop)
    upstream.on('error', drop).on('close', drop)
    // The app's side is read packet by packet (not piped) so that cutAfter can see each statement.
    client.on('data', (packet: Buffer) => {
      if (cutAfter?.(packet)) {
        cutAfter = null
        // The server gets the statement and a clean end of the connection (so it runs it); the
        // app gets neither its answer nor its connection.
        client.off('close', drop)
        upstream.off('close', drop).on('close', () => sockets.delete(upstream))
        upstream.unpipe(client)
        upstream.resume()
        upstream.end(packet)
        client.destroy()
        return
      }
      if (!upstream.write(packet)) client.pause()
    })
    upstream.on('drain', () => {
      if (!stalled) client.resume()
    })
    upstream.pipe(client)
  }
  const server: Server = createServer((client) => {
    accepted++
    sockets.add(client)
    client
      .on('error', () => client.destroy())
      .on('close', () => {
        sockets.delete(client)
        waiting.delete(client)
      })
    if (stalled) {
      client.pause()
      waiting.add(client)
      return
    }
    forward(client)
  })
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  await listen(0)
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP port')
  const port = address.port
  return {
    port,
    get accepted() {
      return accepted
    },
    async close() {
      stalled = false
      const closed = server.listening
        ? new Promise<void>((resolve) => server.close(() => resolve()))
        : Promise.resolve()
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      waiting.clear()
      pairs.clear()
      await closed
    },
    async open() {
      if (!server.listening) await listen(port)
    },
    stall() {
      stalled = true
      for (const { client, upstream } of pairs) {
        upstream.unpipe()
        client.pause()
        upstream.pause()
      }
    },
    cutAfter(matches) {
      cutAfter = matches
    },
    resume() {
      stalled = false
      for (const { client, upstream } of pairs) {
        client.resume()
        upstream.pipe(client)
      }
      for (const client of waiting) forward(client)
      waiting.clear()
    },
  }
}
