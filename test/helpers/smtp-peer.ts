/**
 * A real SMTP server (smtp-server) on a free local port for tests that send mail: it keeps every
 * message, raw and with its envelope recipients.
 * @module
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface SmtpPeer {
  /** For `SMTP_URL`. */
  url: string
  /** Every message received, raw. */
  mails: string[]
  /** The same messages with their envelope recipients. */
  received: { to: string[]; raw: string }[]
  /** The first message matching `match`, waiting up to `ms`. */
  waitFor(match: RegExp, ms?: number): Promise<string>
  close(): Promise<void>
}

/** A real SMTP server (smtp-server) on a free port that keeps every message. */
export async function smtpPeer(): Promise<SmtpPeer> {
  const mails: string[] = []
  const received: { to: string[]; raw: string }[] = []
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        mails.push(raw)
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
        cb()
      })
    },
  })
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()))
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    mails,
    received,
    async waitFor(match, ms = 10_000) {
      for (const until = Date.now() + ms; Date.now() < until; ) {
        const hit = mails.find((m) => match.test(m))
        if (hit) return hit
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(`no mail matching ${match}; got ${mails.length}`)
    },
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  }
}
