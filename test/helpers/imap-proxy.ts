/**
 * A TCP proxy in front of a test IMAP server that can cut every connection at once, to simulate
 * a dropped connection (e.g. mid-fetch) without restarting the server.
 * @module
 */
import { createServer, connect, type Socket } from 'node:net'

export interface CuttableProxy {
  port: number
  cutAll(): void
  bytes(): number
  close(): Promise<void>
}

export async function startProxy(targetPort: number, host = '127.0.0.1'): Promise<CuttableProxy> {
  const sockets = new Set<Socket>()
  let bytes = 0
  const server = createServer((client) => {
    const upstream = connect(targetPort, host)
    sockets.add(client)
    sockets.add(upstream)
    upstream.on('data', (d) => (bytes += d.length))
    client.pipe(upstream)
    upstream.pipe(client)
    const end = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  await new Promise<void>((r) => server.listen(0, host, () => r()))
  const addr = server.address()
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    cutAll: () => {
      for (const s of sockets) s.destroy()
      sockets.clear()
    },
    bytes: () => bytes,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}
