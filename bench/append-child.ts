/**
 * The mail system's side of bench:ingest: delivers the generated messages to the IMAP server from a
 * process of its own (as an MTA's local delivery would), so that it does not share the event loop of
 * the system under test. One APPEND per message, pipelined on few connections with LITERAL+ (RFC
 * 7888), so that the load generator itself costs little CPU on the shared two cores and the
 * messages reach the mailbox as fast as the server stores them.
 *
 * Reads {host, port, user, password, connections, window, rate, messages} from IPC and reports each
 * completed APPEND as [messageId, epoch ms], in chunks, then {done}; {started} when the first
 * connection is logged in (the phase's start: forking the process is not part of it).
 * @module
 */
import { connect, type Socket } from 'node:net'

interface Job {
  host: string
  port: number
  user: string
  password: string
  connections: number
  window: number
  messages: string[]
  /** Messages per second in all, evenly spaced; 0: as fast as the server takes them. */
  rate: number
}

const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`

/** A minimal IMAP client: tagged commands, and a callback per tagged completion. */
function session(job: Job): Promise<{ socket: Socket; send: (cmd: string, literal?: Buffer) => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(job.port, job.host)
    const waiting = new Map<string, (line: string) => void>()
    let buf = ''
    let tag = 0
    let greeted = false
    socket.setNoDelay(true)
    socket.on('error', reject)
    socket.on('data', (d) => {
      buf += d.toString('latin1')
      for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 2)
        if (!greeted) {
          greeted = true
          if (!line.startsWith('* OK')) return reject(new Error(`greeting: ${line}`))
          resolve({ socket, send })
          continue
        }
        const sp = line.indexOf(' ')
        const cb = waiting.get(line.slice(0, sp))
        if (cb) {
          waiting.delete(line.slice(0, sp))
          cb(line.slice(sp + 1))
        }
      }
    })
    const send = (cmd: string, literal?: Buffer) =>
      new Promise<string>((done, fail) => {
        const t = `A${++tag}`
        waiting.set(t, (rest) => (rest.startsWith('OK') ? done(rest) : fail(new Error(`${cmd.split(' ')[0]}: ${rest}`))))
        if (literal) socket.write(Buffer.concat([Buffer.from(`${t} ${cmd} {${literal.length}+}\r\n`), literal, Buffer.from('\r\n')]))
        else socket.write(`${t} ${cmd}\r\n`)
      })
  })
}

process.once('message', async (job: Job) => {
  let next = 0
  const start = Date.now()
  let started = 0
  let pending: [string, number][] = []
  const flush = () => {
    if (pending.length) process.send!({ appended: pending })
    pending = []
  }
  try {
    await Promise.all(
      Array.from({ length: job.connections }, async () => {
        const { socket, send } = await session(job)
        await send(`LOGIN ${quote(job.user)} ${quote(job.password)}`)
        if (!started) process.send!({ started: (started = Date.now()) })
        // Up to `window` APPENDs in flight on this connection; the server runs them in order.
        await Promise.all(
          Array.from({ length: job.window }, async () => {
            while (next < job.messages.length) {
              const i = next++
              const raw = job.messages[i]
              const wait = job.rate > 0 ? (started || start) + (i * 1000) / job.rate - Date.now() : 0
              if (wait > 0) await new Promise((r) => setTimeout(r, wait))
              await send('APPEND INBOX', Buffer.from(raw))
              pending.push([/Message-ID: (<[^>]+>)/.exec(raw)![1], Date.now()])
              if (pending.length >= 50) flush()
            }
          }),
        )
        await send('LOGOUT').catch(() => {})
        socket.destroy()
      }),
    )
  } catch (err) {
    console.error(`appender: ${(err as Error).message}`)
    process.exit(1)
  }
  flush()
  process.send!({ done: Date.now() }, () => process.exit(0))
})
