/**
 * The IMAP source against a real server: a private Dovecot (hoodiecrow-imap where Dovecot is not
 * installed; each test title names the server). Storage is an in-memory port with the same
 * uniqueness as the item store; the database-backed runs are in the *.live tests.
 * @module
 */
import { ImapFlow } from 'imapflow'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { ImapSource, PROCESSED_KEYWORD, withImapDefaults, type ImapConfig } from '../src/ingest/imap.ts'
import { startImapServer, type TestImapServer, mailboxCount } from './helpers/dovecot.ts'
import { MemoryIntake } from './helpers/imap-memory-intake.ts'
import { startProxy } from './helpers/imap-proxy.ts'

// Started at module load so that the test titles can name the server they ran against.
const server: TestImapServer = await startImapServer()
let seq = 0

function mail(subject: string, body = 'Mijn klantmanager belt niet terug.', extra = ''): string {
  seq++
  return `From: Jan Jansen <jan@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: ${subject}\r\nMessage-ID: <t${seq}.${Date.now()}@example.nl>\r\nDate: Tue, 27 Jan 2026 20:40:31 +0100\r\n${extra}\r\n${body}\r\n`
}

async function admin(s = server): Promise<ImapFlow> {
  const c = new ImapFlow({ host: s.host, port: s.port, secure: false, auth: { user: s.user, pass: s.password }, logger: false })
  await c.connect()
  return c
}

const count = (path: string, s = server) => mailboxCount(s, path)

async function append(mailbox: string, msgs: string[], s = server): Promise<void> {
  const c = await admin(s)
  try {
    for (const m of msgs) await c.append(mailbox, m)
  } finally {
    await c.logout()
  }
}

function config(over: Partial<ImapConfig> = {}, s = server): ImapConfig {
  return withImapDefaults({
    host: s.host,
    port: s.port,
    secure: false,
    user: s.user,
    password: s.password,
    pollIntervalMs: 60_000,
    reconnectMinMs: 200,
    reconnectMaxMs: 2000,
    ...over,
  })
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

afterAll(async () => {
  await server?.stop()
})
beforeEach(async () => {
  // Every test starts with an empty inbox.
  const c = await admin()
  try {
    await c.mailboxOpen('INBOX')
    await c.messageDelete('1:*').catch(() => {})
  } finally {
    await c.logout()
  }
})

describe(`ImapSource against ${server.version}`, () => {
  it('takes in every message once, in UID order, and moves it to a created Verwerkt folder', async () => {
    const intake = new MemoryIntake()
    await append('INBOX', [mail('een'), mail('twee'), mail('drie')])
    const source = new ImapSource(config(), intake)
    const r = await source.drainOnce()
    expect(r).toMatchObject({ stored: 3, known: 0, moved: 3 })
    expect(await count('INBOX')).toBe(0)
    expect(await count('Verwerkt')).toBe(3)
    const sources = [...intake.items.values()].map((i) => i.source)
    expect(sources.map((s) => s.uid)).toEqual([...sources.map((s) => s.uid)].sort((a, b) => a - b))
    expect(sources[0]).toMatchObject({
      type: 'imap',
      mailbox: 'INBOX',
      uidValidity: expect.stringMatching(/^\d+$/),
      messageId: expect.stringMatching(/^<t\d+\.\d+@example\.nl>$/),
    })
    // A second pass finds nothing.
    expect((await new ImapSource(config(), intake).drainOnce()).stored).toBe(0)
  })

  it('picks up a new message through IDLE, without waiting for the poll', async () => {
    const intake = new MemoryIntake()
    const source = new ImapSource(config({ pollIntervalMs: 600_000 }), intake)
    let latency = Infinity
    try {
      await source.start()
      await until(() => source.connected, 10_000, 'connect')
      await new Promise((r) => setTimeout(r, 500)) // let IDLE start
      const t0 = Date.now()
      await append('INBOX', [mail('idle')])
      await intake.waitFor(1, 60_000)
      latency = Date.now() - t0
    } finally {
      await source.stop()
    }
    // The poll comes after 600 s: a message taken in long before that came through IDLE. (Not a
    // speed claim: on a loaded machine the push may take a few seconds.)
    expect(latency).toBeLessThan(60_000)
    expect(await count('INBOX')).toBe(0)
  })

  it('a crash between commit and move does not make a second item: on restart the message is only moved', async () => {
    const intake = new MemoryIntake()
    await append('INBOX', [mail('crash-1'), mail('crash-2')])
    let crashes = 0
    intake.afterStore = () => {
      if (crashes++ === 0) throw new Error('simulated crash after commit')
    }
    await expect(new ImapSource(config(), intake).drainOnce()).rejects.toThrow(/simulated crash/)
    const committed = intake.items.size
    expect(committed).toBeGreaterThanOrEqual(1) // committed, not moved
    expect(await count('INBOX')).toBe(2)
    intake.afterStore = null
    const r = await new ImapSource(config(), intake).drainOnce()
    expect(r).toMatchObject({ stored: 2 - committed, known: committed, moved: 2 })
    expect(intake.items.size).toBe(2)
    expect(await count('INBOX')).toBe(0)
  })

  it('where the processed folder cannot be created, messages are flagged and skipped afterwards', async () => {
    const intake = new MemoryIntake()
    await append('INBOX', [mail('vlag-1'), mail('vlag-2')])
    // Dovecot refuses names starting with '~'.
    const r = await new ImapSource(config({ processedMailbox: '~Verwerkt' }), intake).drainOnce()
    expect(r).toMatchObject({ stored: 2, moved: 2 })
    expect(await count('INBOX')).toBe(2) // still there, but marked
    const c = await admin()
    await c.mailboxOpen('INBOX')
    const flagged = await c.search({ keyword: PROCESSED_KEYWORD }, { uid: true })
    await c.logout()
    expect(flagged).toHaveLength(2)
    const again = await new ImapSource(config({ processedMailbox: '~Verwerkt' }), intake).drainOnce()
    expect(again).toMatchObject({ stored: 0, known: 0, moved: 0 })
    expect(intake.items.size).toBe(2)
  })

  it('an oversize message becomes a quarantined item without being downloaded, and is moved', async () => {
    const intake = new MemoryIntake()
    await append('INBOX', [mail('groot', 'x'.repeat(20_000)), mail('klein')])
    const r = await new ImapSource(config({ maxBytes: 10_000 }), intake).drainOnce()
    expect(r).toMatchObject({ stored: 1, quarantined: 1, moved: 2 })
    const q = [...intake.items.values()].find((i) => i.state === 'quarantined')!
    expect(q.raw).toBeNull()
    expect(q.reason).toMatch(/too-large/)
    expect(await count('INBOX')).toBe(0)
  })

  it('after a UIDVALIDITY change a message stored under the old one is not taken in again', async () => {
    const intake = new MemoryIntake()
    const raw = mail('uidvalidity')
    const c = await admin()
    await c.mailboxCreate('Klachten').catch(() => {})
    await c.logout()
    await append('Klachten', [raw])
    // Stored, then a crash before the move.
    intake.afterStore = () => {
      throw new Error('crash')
    }
    await expect(new ImapSource(config({ mailbox: 'Klachten' }), intake).drainOnce()).rejects.toThrow()
    intake.afterStore = null
    const before = [...intake.items.values()][0].source.uidValidity
    // The server loses its UID state: the folder is recreated with a new UIDVALIDITY, same message.
    const c2 = await admin()
    await c2.mailboxDelete('Klachten')
    await new Promise((r) => setTimeout(r, 1100)) // Dovecot derives UIDVALIDITY from the clock
    await c2.mailboxCreate('Klachten')
    await c2.append('Klachten', raw)
    const st = await c2.status('Klachten', { uidValidity: true })
    const uv = String(st ? st.uidValidity : '')
    await c2.logout()
    expect(uv).not.toBe(before)
    const r = await new ImapSource(config({ mailbox: 'Klachten' }), intake).drainOnce()
    expect(r).toMatchObject({ stored: 0, known: 1, moved: 1 })
    expect(intake.items.size).toBe(1)
  })

  it('resumes by itself after the server restarts', async () => {
    const intake = new MemoryIntake()
    const source = new ImapSource(config({ pollIntervalMs: 1000 }), intake)
    try {
      await source.start()
      await until(() => source.connected, 10_000, 'connect')
      await server.restart()
      await append('INBOX', [mail('na herstart')])
      await intake.waitFor(1, 20_000)
      await until(async () => (await count('INBOX')) === 0, 10_000, 'inbox empty')
      expect(source.totals.connects).toBeGreaterThanOrEqual(2)
    } finally {
      await source.stop()
    }
  })

  it('resumes by itself after the connection drops mid-fetch, without duplicates', async () => {
    const proxy = await startProxy(server.port)
    const intake = new MemoryIntake()
    const n = 120
    await append(
      'INBOX',
      Array.from({ length: n }, (_, i) => mail(`bulk ${i}`, `tekst ${i} `.repeat(2000))),
    )
    const source = new ImapSource(config({ port: proxy.port, batchSize: 20, pollIntervalMs: 1000 }), intake)
    let cut = false
    source.onDrained = null
    const watcher = setInterval(() => {
      // Cut once, while a large fetch is in flight.
      if (!cut && proxy.bytes() > 400_000) {
        cut = true
        proxy.cutAll()
      }
    }, 5)
    try {
      await source.start()
      await intake.waitFor(n, 40_000)
      await until(async () => (await count('INBOX')) === 0, 15_000, 'inbox empty')
    } finally {
      clearInterval(watcher)
      await source.stop()
      await proxy.close()
    }
    expect(cut).toBe(true)
    expect(source.totals.connects).toBeGreaterThanOrEqual(2)
    expect(intake.items.size).toBe(n)
  })
})

describe('ImapSource against hoodiecrow-imap (fallback server)', () => {
  it('takes in and moves messages', async () => {
    const hc = await startImapServer({ prefer: 'hoodiecrow' })
    try {
      const intake = new MemoryIntake()
      await append('INBOX', [mail('hc-1'), mail('hc-2')], hc)
      const r = await new ImapSource(config({}, hc), intake).drainOnce()
      expect(r).toMatchObject({ stored: 2, moved: 2 })
      expect(await count('INBOX', hc)).toBe(0)
    } finally {
      await hc.stop()
    }
  })
})
