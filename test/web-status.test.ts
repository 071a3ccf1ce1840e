/**
 * The admin status page: what an administrator needs to see that mail comes in and is processed,
 * from the database (any process) and from this process's mailbox source. Counts only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { get, login, makeUser, setupApp, type Session } from './e2e/fixtures.ts'
import type { AppEnv } from '../src/web/context.ts'
import { createApp } from '../src/web/app.tsx'
import { intake } from '../src/ingest/intake.ts'
import type { ImapSourceStatus } from '../src/ingest/imap.ts'
import { openQueue, type JobQueue } from '../src/jobs/queue.ts'
import { warnings } from '../src/web/status-page.tsx'
import type { SystemOverview } from '../src/db/status.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let queue: JobQueue
let admin: Session
let coord: Session
const mailbox: ImapSourceStatus = {
  host: 'imap.example.nl',
  user: 'klachten@ijmondwerkt.nl',
  mailbox: 'INBOX',
  processedMailbox: 'Verwerkt',
  running: true,
  connected: false,
  lastPassAt: null,
  lastError: { at: new Date('2026-11-24T08:00:00Z'), message: 'connect ECONNREFUSED 10.0.0.5:993' },
  totals: { stored: 12, known: 0, quarantined: 1, moved: 13, connects: 2, errors: 3 },
}

beforeAll(async () => {
  db = await createTestDatabase()
  const base = await setupApp(db)
  queue = await openQueue(db)
  app = createApp({ db, config: base.config, queue, sources: () => [mailbox] })
  await makeUser(db, 'beheer', 'admin', 'Beheerder')
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  admin = await login(app, 'beheer')
  coord = await login(app, 'anna')
})
afterAll(async () => {
  await queue?.stop()
  await db?.close()
})

describe('status page', () => {
  it('shows items by state, a stalled pipeline, open jobs and the mailbox connection; admins only', async () => {
    // Two items taken in, no workers running: they wait, with read jobs queued.
    for (const n of [1, 2]) {
      await intake(db.sql, queue, {
        source: { type: 'upload', filename: `${n}.eml`, sha256: `status-${n}`, uploadedBy: null },
        channel: 'email',
        bytes: new TextEncoder().encode(`Subject: ${n}\r\n\r\nklacht\r\n`),
        contentType: 'message/rfc822',
        receivedAt: new Date(),
      })
    }
    await db.sql`update items set created_at = now() - interval '25 minutes'`
    const res = await get(app, admin, '/admin/status')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<td>In verwerking</td><td>2</td>')
    expect(html).toMatch(/De verwerking loopt achter: het oudste bericht wacht al 2[56] minuten/)
    expect(html).toMatch(/<td>Lezen en uitlezen<\/td><td>2<\/td>/)
    expect(html).toContain('De mailbox klachten@ijmondwerkt.nl op imap.example.nl is niet verbonden')
    expect(html).toContain('ECONNREFUSED')
    expect(html).toContain('12 opgeslagen')
    // No complaint content on an admin page.
    expect(html).not.toContain('status-1')
    expect((await get(app, coord, '/admin/status')).status).toBe(403)
  })
})

describe('status warnings', () => {
  const calm: SystemOverview = {
    itemsByState: { draft: 3 },
    oldestWaitingSince: null,
    lastIntake: [],
    jobs: [],
    failedLastDay: [],
    acknowledgements: { sent: 2 },
    model: null,
  }
  it('says nothing when all is well', () => {
    expect(warnings(calm, [{ ...mailbox, connected: true, lastError: null }])).toEqual([])
  })
  it('names quarantined items, jobs failed for good and failed acknowledgements', () => {
    const w = warnings(
      { ...calm, itemsByState: { quarantined: 1 }, failedLastDay: [{ name: 'ocr', n: 2 }], acknowledgements: { failed: 1 } },
      [],
    )
    expect(w).toEqual([
      '2 taken zijn de afgelopen 24 uur definitief mislukt (Tekstherkenning (scans): 2).',
      '1 bericht staat in quarantaine; een klachtencoördinator moet het bekijken.',
      '1 ontvangstbevestiging is niet verstuurd (mislukt). Controleer de mailserver (SMTP_URL).',
    ])
  })
  it('does not call a short wait a backlog', () => {
    const now = new Date('2026-11-24T10:00:00Z')
    expect(warnings({ ...calm, oldestWaitingSince: new Date('2026-11-24T09:55:00Z') }, [], now)).toEqual([])
  })
})
