/**
 * Live, end to end: `klachten serve` configured only through the environment (IMAP_* names from the
 * contract) against a private Dovecot. Messages appended while it runs are picked up by IDLE, moved
 * to the processed folder, and come out as drafts and not-a-complaint items.
 * @module
 */
import { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCli } from './helpers/cli.ts'
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './helpers/db.ts'
import { mailboxCount, startImapServer, type TestImapServer } from './helpers/dovecot.ts'

const complaint = (n: number) =>
  `From: Inwoner ${n} <inwoner${n}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht ${n}\r\nMessage-ID: <live-${n}@example.nl>\r\nDate: Mon, 16 Nov 2026 10:00:00 +0100\r\n\r\nGeachte heer/mevrouw,\r\n\r\nGisteren ben ik weer niet teruggebeld door klantcontact, terwijl dat beloofd was.\r\n\r\nMet vriendelijke groet,\r\nInwoner ${n}\r\n`
const autoReply = `From: Afwezig <collega@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Automatisch antwoord: uw bericht\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <ooo@example.nl>\r\nDate: Mon, 16 Nov 2026 10:00:00 +0100\r\n\r\nIk ben afwezig tot maandag.\r\n`

// The test reads the database while serve runs: that needs the PostgreSQL server (PGlite is one process's).
describe.runIf(testDatabaseKind() === 'postgres')('klachten serve with an IMAP mailbox', () => {
  let server: TestImapServer
  let db: TestDatabase
  beforeAll(async () => {
    server = await startImapServer()
    db = await createTestDatabase()
  })
  afterAll(async () => {
    await db?.close()
    await server?.stop()
  })

  it('picks up new mail by IDLE and leaves the inbox empty', async () => {
    const serve = startCli(['serve'], {
      DATABASE_URL: db.url,
      SERVE_WEB: 'false',
      INBOX_DIR: '',
      IMAP_HOST: server.host,
      IMAP_PORT: String(server.port),
      IMAP_USER: server.user,
      IMAP_PASSWORD: server.password,
      IMAP_SECURE: 'false',
      IMAP_POLL_SECONDS: '300', // so only IDLE can explain a quick pickup
    })
    const client = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      auth: { user: server.user, pass: server.password },
      logger: false,
    })
    try {
      await new Promise<void>((resolve, reject) => {
        let out = ''
        serve.child.stdout!.on('data', (d) => {
          out += d
          if (out.includes('ready')) resolve()
        })
        void serve.done.then((r) => reject(new Error(`serve exited (${r.code}): ${r.stderr.slice(-1500)}`)))
      })
      await client.connect()
      for (let i = 0; i < 3; i++) await client.append('INBOX', complaint(i))
      await client.append('INBOX', autoReply)
      const end = Date.now() + 60_000
      let states: Record<string, number> = {}
      for (;;) {
        const rows = await db.sql<{ state: string; n: number }[]>`select state, count(*)::int as n from items group by state`
        states = Object.fromEntries(rows.map((r) => [r.state, r.n]))
        if ((states.draft ?? 0) + (states['not-a-complaint'] ?? 0) === 4) break
        if (Date.now() > end) throw new Error(`not processed in time: ${JSON.stringify(states)}`)
        await new Promise((r) => setTimeout(r, 200))
      }
      expect(states).toEqual({ draft: 3, 'not-a-complaint': 1 })
      const sources = await db.sql<
        { source: { type: string; mailbox: string; uid: number; messageId: string } }[]
      >`select source from items order by id`
      expect(sources.every((s) => s.source.type === 'imap' && s.source.mailbox === 'INBOX')).toBe(true)
      expect(new Set(sources.map((s) => s.source.messageId)).size).toBe(4)
      expect([await mailboxCount(server, 'INBOX'), await mailboxCount(server, 'Verwerkt')]).toEqual([0, 4])
    } finally {
      await client.logout().catch(() => {})
      serve.child.kill('SIGTERM')
      await serve.done
    }
  }, 120_000)
})
