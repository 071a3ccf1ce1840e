/**
 * Structured logs (src/log.ts): JSON lines with levels and item/job bindings, and no complaint
 * content or personal data, whatever a caller passes. The last test runs a piece of the pipeline
 * and the review screen on a complaint full of personal data and searches the captured output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trainDefaultClassifier } from '../src/classify/index.ts'
import { itemQueries } from '../src/db/items.ts'
import { intake } from '../src/ingest/intake.ts'
import { startPipeline } from '../src/jobs/pipeline.ts'
import { openQueue, type JobQueue } from '../src/jobs/queue.ts'
import { captureLogs, lifecycle, logFor, scrub, securityEvent } from '../src/log.ts'
import { get, login, makeUser, setupApp } from './e2e/fixtures.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

describe('log lines', () => {
  it('are one JSON object per event with level, time, bindings and event', () => {
    const logs = captureLogs()
    try {
      logFor({ itemId: 42, job: 'read' }).warn({ attempt: 2 }, 'read failed')
      securityEvent('login.failure', { actor: 'anna', ip: '192.0.2.1' })
    } finally {
      logs.stop()
    }
    expect(logs.raw().trim().split('\n')).toHaveLength(2)
    const [a, b] = logs.lines
    expect(a).toMatchObject({ level: 'warn', itemId: 42, job: 'read', attempt: 2, msg: 'read failed' })
    expect(typeof a.time).toBe('string')
    expect(b).toMatchObject({ level: 'warn', event: 'login.failure', actor: 'anna' })
  })

  it('respect the level', () => {
    const logs = captureLogs('warn')
    try {
      logFor({}).info('not shown')
      logFor({}).error('shown')
    } finally {
      logs.stop()
    }
    expect(logs.lines.map((l) => l.msg)).toEqual(['shown'])
  })

  it('show start/stop lines of klachten serve even at LOG_LEVEL=warn, not when silent', () => {
    const warn = captureLogs('warn')
    try {
      lifecycle('klachtenintake: ready', { component: 'system' })
      logFor({}).info('not shown')
    } finally {
      warn.stop()
    }
    expect(warn.lines).toMatchObject([{ level: 'info', component: 'system', msg: 'klachtenintake: ready' }])
    const silent = captureLogs('silent')
    try {
      lifecycle('klachtenintake: ready')
    } finally {
      silent.stop()
    }
    expect(silent.raw()).toBe('')
  })

  it('mask e-mail addresses, BSN-like and phone numbers in any text', () => {
    expect(scrub('van j.de.vries+klacht@voorbeeld.nl over BSN 111222333 en 123 45 678')).toBe('van [e-mail] over BSN [nummer] en [nummer]')
    expect(scrub('bel 06-12345678 of +31 6 1234 5678 of 0251-279080')).toBe('bel [nummer] of [nummer] of [nummer]')
    expect(scrub('item 12, job read, 3 pogingen, 2026-12-02T06:27:26.123Z')).toBe('item 12, job read, 3 pogingen, 2026-12-02T06:27:26.123Z')
    expect(scrub("ENOENT: no such file or directory, open '/srv/inbox/klacht Jan Jansen.pdf'")).toBe(
      "ENOENT: no such file or directory, open '[pad]'",
    )
    expect(scrub('at readItem (/work/main/src/ingest/folder.ts:12:3)')).toBe('at readItem (/work/main/src/ingest/folder.ts:12:3)')
  })

  it('drop fields that hold complaint content or personal data, at any depth, and error details', () => {
    const logs = captureLogs()
    try {
      const err = Object.assign(new Error('insert failed for piet@voorbeeld.nl'), {
        detail: 'Key (email)=(piet@voorbeeld.nl) already exists',
        parameters: ['Piet Puk', 'Dorpsstraat 1'],
        code: '23505',
      })
      logFor({ itemId: 1 }).error(
        {
          err,
          subject: 'Klacht Piet Puk',
          doc: { from: { name: 'Piet Puk', address: 'piet@voorbeeld.nl' }, body: 'Dorpsstraat 1' },
          count: 3,
        },
        'store failed',
      )
    } finally {
      logs.stop()
    }
    const line = logs.lines[0] as Record<string, any>
    expect(line.subject).toBe('[verwijderd]')
    expect(line.doc.from).toBe('[verwijderd]')
    expect(line.doc.body).toBe('[verwijderd]')
    expect(line.count).toBe(3)
    expect(line.err).toMatchObject({ type: 'Error', code: '23505', message: 'insert failed for [e-mail]' })
    expect(logs.raw()).not.toMatch(/Piet|Puk|Dorpsstraat|piet@/)
  })
})

describe('pipeline and review screen on a complaint full of personal data', () => {
  let db: TestDatabase
  let queue: JobQueue
  beforeAll(async () => {
    db = await createTestDatabase()
  })
  afterAll(async () => {
    await queue?.stop()
    await db?.close()
  })

  const NAME = 'Fatima el Amrani'
  const EMAIL = 'fatima.elamrani@voorbeeld.nl'
  const BSN = '111222333'
  const STREET = 'Zeestraat 12'
  const PHONE = '06-12345678'
  const SUBJECT = 'Klacht over klantmanager Zeebries'
  const mail = (n: number) =>
    new TextEncoder().encode(
      `From: ${NAME} <${EMAIL}>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: ${SUBJECT}\r\nMessage-ID: <log-${n}@voorbeeld.nl>\r\n` +
        `Date: Wed, 4 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
        `Geachte heer/mevrouw,\r\n\r\nMijn klantmanager kwam gisteren niet opdagen. Mijn BSN is ${BSN}, ik woon aan de ${STREET}, ` +
        `1944 AB Beverwijk, bel mij op ${PHONE}.\r\n\r\nMet vriendelijke groet,\r\n${NAME}\r\n`,
    )

  it('logs the item id, job and security events, and none of the personal data', async () => {
    const { app } = await setupApp(db)
    await makeUser(db, 'anna', 'coordinator')
    queue = await openQueue(db, { retryLimit: 1, retryDelaySeconds: 0, retryBackoff: false })
    let calls = 0
    const logs = captureLogs('debug')
    try {
      await startPipeline({
        db,
        queue,
        ocr: () => {
          throw new Error('no OCR expected')
        },
        // The first item's extraction fails both attempts with an error that quotes the sender.
        classifier: async () => {
          if (++calls <= 2) throw new Error(`model store unreachable while classifying mail of ${EMAIL} (BSN ${BSN}, ${PHONE})`)
          return trainDefaultClassifier()
        },
        postRoomSenders: [],
        maxMessageBytes: 1 << 20,
      })
      const input = (n: number) => ({
        source: { type: 'upload' as const, filename: `${n}.eml`, sha256: `log-${n}`, uploadedBy: null },
        channel: 'email' as const,
        bytes: mail(n),
        contentType: 'message/rfc822',
        receivedAt: new Date(),
      })
      const first = await intake(db.sql, queue, input(1))
      const until = async (id: number) => {
        for (let i = 0; i < 600 && (await itemQueries(db.sql).get(id))!.state === 'received'; i++)
          await new Promise((r) => setTimeout(r, 100))
        return (await itemQueries(db.sql).get(id))!.state
      }
      expect(await until(first.id)).toBe('quarantined')
      const second = await intake(db.sql, queue, input(2))
      expect(await until(second.id)).toBe('draft')

      // The review screen: open the draft, the original and download it.
      const s = await login(app, 'anna')
      expect((await get(app, s, `/items/${second.id}`)).status).toBe(200)
      expect((await get(app, s, `/items/${second.id}/source`)).status).toBe(200)

      const failed = logs.lines.filter((l) => l.msg === 'job failed')
      expect(failed.length).toBeGreaterThan(0)
      expect(failed[0]).toMatchObject({ level: 'warn', itemId: first.id })
      expect(['read', 'extract']).toContain(failed[0].job)
      expect(logs.lines.find((l) => l.event === 'item.quarantined')).toMatchObject({ itemId: first.id, job: 'extract' })
      expect(logs.lines.find((l) => l.event === 'original.download')).toMatchObject({ itemId: second.id, actor: 'anna' })
      expect(logs.lines.find((l) => l.event === 'login.success')).toMatchObject({ actor: 'anna' })
    } finally {
      logs.stop()
    }
    const raw = logs.raw()
    for (const secret of [NAME, 'Amrani', EMAIL, 'fatima', BSN, STREET, '1944 AB', PHONE, SUBJECT, 'Zeebries', 'niet opdagen']) {
      expect(raw, secret).not.toContain(secret)
    }
  })
})
