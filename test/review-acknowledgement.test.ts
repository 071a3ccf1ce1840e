import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import { simpleParser } from 'mailparser'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { extraction, makeUser, seedDraft, setupApp, recordingQueue } from './e2e/fixtures.ts'
import { confirmDraft, requeueAcknowledgements } from '../src/review/actions.ts'
import { isUnsafeRecipient, renderAcknowledgement, sendAcknowledgementJob } from '../src/review/acknowledgement.ts'

let db: TestDatabase
let smtp: SMTPServer
let port = 0
const received: { to: string[]; raw: string }[] = []

beforeAll(async () => {
  db = await createTestDatabase()
  await setupApp(db)
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
        cb()
      })
    },
  })
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()))
  port = (smtp.server.address() as { port: number }).port
})
afterAll(async () => {
  await new Promise<void>((r) => smtp?.close(() => r()))
  await db?.close()
})

describe('acknowledgement (Awb 9:6)', () => {
  it('writes the Dutch text with KL number, call-back term, right to be heard and the ombudsman', () => {
    const t = renderAcknowledgement({
      number: 'KL-2026-00001',
      complainantName: 'Fatima el Amrani',
      receivedAt: new Date('2026-04-01T08:00:00Z'),
      channel: 'letter',
      callbackDue: '2026-04-14',
      decisionDue: '2026-04-29',
      statutoryDue: '2026-05-13',
      summary: null,
    })
    expect(t.subject).toContain('KL-2026-00001')
    expect(t.body).toContain('1 april 2026')
    expect(t.body).toContain('binnen 7 werkdagen, uiterlijk op 14 april 2026')
    expect(t.body).toContain('recht om gehoord te worden')
    expect(t.body).toContain('Nationale ombudsman')
  })

  it('never writes to no-reply, bounce or own addresses', () => {
    for (const a of [
      'noreply@x.nl',
      'no-reply@x.nl',
      'MAILER-DAEMON@x.nl',
      'postmaster@x.nl',
      'bounces+123@x.nl',
      'info-noreply@x.nl',
      'klachten@ijmondwerkt.nl',
      'geen adres',
    ])
      expect(isUnsafeRecipient(a), a).toBe(true)
    expect(isUnsafeRecipient('f.elamrani@example.nl')).toBe(false)
  })

  it('stays queued without SMTP_URL, is sent through SMTP once configured, with the stored Message-ID', async () => {
    const user = await makeUser(db, 'anna', 'coordinator')
    const id = await seedDraft(db)
    const queue = recordingQueue()
    const r = await confirmDraft(
      { db, queue, mailFrom: 'IJmond Werkt! <klachten@ijmondwerkt.nl>' },
      { userId: user.id, username: 'anna', role: 'coordinator' },
      id,
    )
    const ackId = r.acknowledgement.id
    expect(queue.jobs).toEqual([{ name: 'acknowledge', data: { acknowledgementId: ackId } }])
    expect(
      await sendAcknowledgementJob(
        { db, config: { SMTP_URL: undefined, MAIL_FROM: 'klachten@ijmondwerkt.nl' } },
        { acknowledgementId: ackId },
      ),
    ).toBe('queued')
    const q2 = recordingQueue()
    expect(await requeueAcknowledgements({ db, queue: q2 })).toBe(1)
    const config = { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'IJmond Werkt! Klachtenservice <klachten@ijmondwerkt.nl>' }
    expect(await sendAcknowledgementJob({ db, config }, { acknowledgementId: ackId })).toBe('sent')
    // Idempotent: running the job again sends nothing.
    expect(await sendAcknowledgementJob({ db, config }, { acknowledgementId: ackId })).toBe('skipped')
    expect(received.length).toBe(1)
    const mail = await simpleParser(received[0].raw)
    const [ack] = await db.sql`select * from acknowledgements where id = ${ackId}`
    expect(ack.status).toBe('sent')
    expect(mail.messageId).toBe(ack.messageId)
    expect(received[0].to).toEqual(['f.elamrani@example.nl'])
    expect(mail.subject).toContain(r.registration.number)
    expect(mail.text).toContain('binnen 3 werkdagen')
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied')
    expect(mail.inReplyTo).toMatch(/^<seed-\d+@example\.nl>$/)
  })

  it('does not e-mail an auto-reply', async () => {
    const [user] = await db.sql`select id from users where username = 'anna'`
    const id = await seedDraft(db, { extraction: extraction({ notComplaintReason: 'auto-reply' }) })
    const r = await confirmDraft(
      { db, queue: recordingQueue(), mailFrom: 'klachten@ijmondwerkt.nl' },
      { userId: user.id, username: 'anna', role: 'coordinator' },
      id,
    )
    expect(r.acknowledgement.medium).toBe('brief')
  })
})
